#pragma once

#include <QLoggingCategory>

namespace pmcp {

// The log category of the Proxmox REST client ("pmcp.proxmox"):
// QT_LOGGING_RULES="pmcp.proxmox.debug=true" turns it up alone.
Q_DECLARE_LOGGING_CATEGORY(lcProxmox)

} // namespace pmcp
