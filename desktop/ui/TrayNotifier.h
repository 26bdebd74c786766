#pragma once

#include "shared/admin/AdminTypes.h"

#include <QIcon>
#include <QObject>
#include <QPointer>

class QLabel;
class QMenu;
class QSystemTrayIcon;
class QWidget;

namespace pmcp {

class ConnectionManager;
class DesktopNotifications;

// The tray notifier (proxmox-mcp-desktop --tray): an icon whose colour follows the daemon's
// health, desktop notifications for access requests and alerts from the event stream, and a
// menu that opens the main window on a page. Without a system tray it says so and shows a
// small window with the same health and menu instead.
class TrayNotifier final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayNotifier)
public:
    // An access request approved from its notification gets this scope and expiry; anything
    // else is decided on the clients page.
    static const QString kQuickScope;
    static constexpr int kQuickDays = 30;

    TrayNotifier(ConnectionManager *connections, DesktopNotifications *notifications,
                 QObject *parent = nullptr);
    ~TrayNotifier() override;

    // Shows the tray icon, or the small window when there is no tray.
    void start();
    bool usesTray() const { return m_tray != nullptr; }
    QString health() const { return m_health; }
    QIcon icon() const { return m_icon; }
    QMenu *menu() const { return m_menu; }
    QWidget *fallbackWindow() const { return m_fallback; }
    // The colour of the icon for a health status (healthy, degraded, unhealthy, "" unknown).
    static QColor colourOf(const QString &health);

signals:
    // "dashboard" or "clients": the person wants the main window on that page.
    void openRequested(const QString &page);
    void quitRequested();
    void healthChanged(const QString &health);

private:
    void setHealth(const QString &health);
    void onEvent(const admin::Event &event);
    void onAction(const QString &key, const QString &action);
    void connected();

    ConnectionManager *m_connections;
    DesktopNotifications *m_notifications;
    QMenu *m_menu;
    QSystemTrayIcon *m_tray = nullptr;
    QPointer<QWidget> m_fallback;
    QLabel *m_fallbackHealth = nullptr;
    QString m_health;
    QIcon m_icon;
};

} // namespace pmcp
