#include "tests/support/NotificationServer.h"

#include <QDBusMessage>

namespace pmcp::testing {

namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
} // namespace

NotificationServer::~NotificationServer()
{
    unregister();
}

QDBusConnection NotificationServer::bus()
{
    return QDBusConnection::connectToBus(QDBusConnection::SessionBus,
                                         QStringLiteral("pmcp-notification-server"));
}

bool NotificationServer::registerOnBus()
{
    QDBusConnection connection = bus();
    m_registered = connection.registerObject(kPath, this, QDBusConnection::ExportAllSlots) &&
                   connection.registerService(kService);
    return m_registered;
}

void NotificationServer::unregister()
{
    if (!m_registered)
        return;
    QDBusConnection connection = bus();
    connection.unregisterService(kService);
    connection.unregisterObject(kPath);
    m_registered = false;
}

void NotificationServer::click(uint id, const QString &action)
{
    QDBusMessage signal =
        QDBusMessage::createSignal(kPath, kService, QStringLiteral("ActionInvoked"));
    signal << id << action;
    bus().send(signal);
}

uint NotificationServer::Notify(const QString &, uint, const QString &, const QString &summary,
                                const QString &body, const QStringList &actions,
                                const QVariantMap &, int)
{
    shown.append({summary, body, actions});
    return uint(shown.size());
}

} // namespace pmcp::testing
