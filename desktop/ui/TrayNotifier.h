#pragma once

#include "shared/admin/AdminTypes.h"

#include <QHash>
#include <QIcon>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QAction;
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
// small window with the same health and menu instead. The menu lists the access requests
// waiting for an administrator, each with "Approve…" and "Reject"; approving (from the menu or
// from the notification's "Approve…" action) asks for the scope and expiry in a small dialog.
class TrayNotifier final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayNotifier)
public:
    // What the approval dialog proposes: the scope the client asked for, or this one, and
    // this many days.
    static const QString kDefaultScope;
    static constexpr int kDefaultDays = 30;
    // The answer of the approval dialog; nullopt: cancelled.
    struct Approval final {
        QString scope;
        int days = kDefaultDays;
    };
    // A seam: asks the person how to approve this request (tests answer it in advance).
    using ApprovalDialog =
        std::function<std::optional<Approval>(const admin::PendingRequest &request)>;

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
    void setApprovalDialog(ApprovalDialog dialog) { m_askApproval = std::move(dialog); }
    // The access requests the menu lists now.
    QList<admin::PendingRequest> pending() const { return m_pending; }
    // Asks how to approve the request (the dialog), then approves it; the outcome is notified.
    void approveRequest(const admin::PendingRequest &request);
    void rejectRequest(const admin::PendingRequest &request);

signals:
    // "dashboard" or "clients": the person wants the main window on that page.
    void openRequested(const QString &page);
    void quitRequested();
    void healthChanged(const QString &health);
    // The menu's list of access requests was rebuilt.
    void pendingShown();

private:
    void setHealth(const QString &health);
    void onEvent(const admin::Event &event);
    void onAction(const QString &key, const QString &action);
    void connected();
    void refreshPending();
    void showPending(const QList<admin::PendingRequest> &requests);
    static std::optional<Approval> askWithDialog(const admin::PendingRequest &request);

    ConnectionManager *m_connections;
    DesktopNotifications *m_notifications;
    QMenu *m_menu;
    QSystemTrayIcon *m_tray = nullptr;
    QPointer<QWidget> m_fallback;
    QLabel *m_fallbackHealth = nullptr;
    QString m_health;
    QIcon m_icon;
    ApprovalDialog m_askApproval;
    QList<admin::PendingRequest> m_pending;
    QList<QAction *> m_pendingActions;                 // the requests' part of the menu
    QHash<QString, admin::PendingRequest> m_requested; // from client.requested events, by id
    QAction *m_quit = nullptr;
};

} // namespace pmcp
