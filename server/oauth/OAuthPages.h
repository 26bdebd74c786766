#pragma once

#include "server/oauth/OAuthStore.h"

#include <QByteArray>
#include <QString>

namespace pmcp::OAuthPages {

// The page the browser waits on while an administrator decides: the client's name, where it will
// go, and the request code to compare with `proxmox-mcpd clients pending`. It asks again by itself
// every two seconds: with JavaScript by polling the status, without it by a meta refresh.
QByteArray waiting(const AccessRequest &request);
// A page that says what went wrong when the browser cannot be sent back to the client.
QByteArray problem(const QString &title, const QString &message);

} // namespace pmcp::OAuthPages
