#include "desktop/app/DesktopNotifications.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QVariantMap>

namespace pmcp {

const QString DesktopNotifications::kService = QStringLiteral("org.freedesktop.Notifications");

namespace {
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
// How long a notification stays, in ms (the server may choose otherwise): long enough to read
// an access request and act on it.
constexpr int kExpireMs = 15000;
// The server keeps this many subjects for actions; older ones are forgotten.
constexpr int kKeysKept = 200;
} // namespace

DesktopNotifications::DesktopNotifications(QObject *parent)
    : QObject(parent)
{
    QDBusConnection::sessionBus().connect(kService, kPath, kService,
                                          QStringLiteral("ActionInvoked"), this,
                                          SLOT(onActionInvoked(uint, QString)));
}

bool DesktopNotifications::isAvailable() const
{
    const QDBusConnection bus = QDBusConnection::sessionBus();
    return bus.isConnected() && bus.interface() &&
           bus.interface()->isServiceRegistered(kService).value();
}

void DesktopNotifications::notify(const QString &key, const QString &summary, const QString &body,
                                  const QStringList &actions)
{
    QDBusMessage call =
        QDBusMessage::createMethodCall(kService, kPath, kService, QStringLiteral("Notify"));
    QStringList actionList{QStringLiteral("default"), tr("Open")};
    actionList += actions;
    call << QStringLiteral("proxmox-mcp-desktop") << uint(0) << QStringLiteral("proxmox-mcp")
         << summary << body << actionList << QVariantMap() << kExpireMs;
    QDBusPendingCall pending = QDBusConnection::sessionBus().asyncCall(call);
    auto *watcher = new QDBusPendingCallWatcher(pending, this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, key](QDBusPendingCallWatcher *w) {
                w->deleteLater();
                QDBusPendingReply<uint> reply = *w;
                if (reply.isError()) {
                    emit failed(key, tr("The desktop did not show the notification: %1")
                                         .arg(reply.error().message()));
                    return;
                }
                if (m_keys.size() >= kKeysKept)
                    m_keys.clear();
                m_keys.insert(reply.value(), key);
                emit sent(key, reply.value());
            });
}

void DesktopNotifications::onActionInvoked(uint id, const QString &action)
{
    const auto key = m_keys.constFind(id);
    if (key != m_keys.constEnd())
        emit actionInvoked(*key, action);
}

} // namespace pmcp
