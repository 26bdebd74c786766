#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

namespace pmcp {

// Desktop notifications through org.freedesktop.Notifications on the session bus (the
// specification every Linux desktop implements): asynchronous calls only, so the UI never
// waits on the bus. Clicking a notification (its default action) or one of its actions
// comes back as actionInvoked with the key the notification was sent with.
class DesktopNotifications final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopNotifications)
public:
    static const QString kService;

    explicit DesktopNotifications(QObject *parent = nullptr);

    // key identifies the notification's subject ("client.requested:ABCD-1234"); actions are
    // pairs of action id and label, beside the default action (a click).
    void notify(const QString &key, const QString &summary, const QString &body,
                const QStringList &actions = {});
    bool isAvailable() const;

signals:
    void sent(const QString &key, uint notificationId);
    void failed(const QString &key, const QString &message);
    void actionInvoked(const QString &key, const QString &action);

private slots:
    void onActionInvoked(uint id, const QString &action);

private:
    QHash<uint, QString> m_keys; // notification id -> key
};

} // namespace pmcp
