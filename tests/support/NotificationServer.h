#pragma once

#include <QDBusConnection>
#include <QObject>
#include <QStringList>
#include <QVariantMap>

namespace pmcp::testing {

// An org.freedesktop.Notifications server on the test's (private) session bus, on its own bus
// connection as a separate process would be: what the desktop sends arrives over real D-Bus,
// and click() sends ActionInvoked as a person clicking a notification's action does.
class NotificationServer final : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Shown {
        QString summary;
        QString body;
        QStringList actions;
    };

    ~NotificationServer() override;

    // Takes the service name; false when another owner has it or there is no session bus.
    bool registerOnBus();
    void unregister();
    void click(uint id, const QString &action);

    QList<Shown> shown;

public slots:
    uint Notify(const QString &appName, uint replacesId, const QString &icon,
                const QString &summary, const QString &body, const QStringList &actions,
                const QVariantMap &hints, int expireMs);

private:
    static QDBusConnection bus();
    bool m_registered = false;
};

} // namespace pmcp::testing
