#include "desktop/ui/TrayNotifier.h"

#include "desktop/app/ConnectionManager.h"
#include "desktop/app/DesktopNotifications.h"
#include "shared/admin/AdminClient.h"
#include "shared/admin/EventStreamClient.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QSpinBox>
#include <QSystemTrayIcon>
#include <QVBoxLayout>

namespace pmcp {

const QString TrayNotifier::kDefaultScope = QStringLiteral("read-only");

namespace {

const QString kApproveAction = QStringLiteral("approve");
constexpr int kMaxDays = 3650;

QIcon dot(const QColor &colour)
{
    QPixmap pixmap(64, 64);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(colour);
    painter.setPen(QPen(colour.darker(140), 4));
    painter.drawEllipse(QRectF(6, 6, 52, 52));
    return QIcon(pixmap);
}

QString healthText(const QString &health)
{
    if (health == QLatin1String("healthy"))
        return TrayNotifier::tr("The daemon is healthy.");
    if (health == QLatin1String("degraded"))
        return TrayNotifier::tr("The daemon is degraded.");
    if (health == QLatin1String("unhealthy"))
        return TrayNotifier::tr("The daemon is unhealthy.");
    return TrayNotifier::tr("The daemon is not connected.");
}

} // namespace

TrayNotifier::TrayNotifier(ConnectionManager *connections, DesktopNotifications *notifications,
                           QObject *parent)
    : QObject(parent)
    , m_connections(connections)
    , m_notifications(notifications)
    , m_menu(new QMenu)
{
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_menu->setAccessibleName(tr("proxmox-mcp"));
    m_menu->addAction(tr("Open the &dashboard"), this,
                      [this] { emit openRequested(QStringLiteral("dashboard")); });
    m_menu->addAction(tr("Open the &clients"), this,
                      [this] { emit openRequested(QStringLiteral("clients")); });
    m_menu->addSeparator();
    // The access requests waiting go here, before Quit (refreshPending).
    m_quit = m_menu->addAction(tr("&Quit"), this, [this] { emit quitRequested(); });
    m_askApproval = &TrayNotifier::askWithDialog;
    connect(m_connections, &ConnectionManager::connected, this, &TrayNotifier::connected);
    connect(m_connections, &ConnectionManager::disconnected, this, [this] {
        setHealth({});
        showPending({});
    });
    connect(m_notifications, &DesktopNotifications::actionInvoked, this, &TrayNotifier::onAction);
    setHealth({});
}

TrayNotifier::~TrayNotifier()
{
    delete m_fallback;
    delete m_menu;
}

QColor TrayNotifier::colourOf(const QString &health)
{
    if (health == QLatin1String("healthy"))
        return QColor(0x2e, 0x7d, 0x32);
    if (health == QLatin1String("degraded"))
        return QColor(0xf9, 0xa8, 0x25);
    if (health == QLatin1String("unhealthy"))
        return QColor(0xc6, 0x28, 0x28);
    return QColor(0x75, 0x75, 0x75);
}

void TrayNotifier::start()
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(m_icon, this);
        m_tray->setContextMenu(m_menu);
        m_tray->setToolTip(healthText(m_health));
        connect(m_tray, &QSystemTrayIcon::activated, this,
                [this](QSystemTrayIcon::ActivationReason why) {
                    if (why == QSystemTrayIcon::Trigger)
                        emit openRequested(QStringLiteral("dashboard"));
                });
        m_tray->show();
        return;
    }
    // No tray (a desktop without one, or a headless session): a small window instead.
    m_fallback = new QWidget;
    m_fallback->setObjectName(QStringLiteral("trayFallback"));
    m_fallback->setWindowTitle(tr("proxmox-mcp"));
    m_fallback->setAccessibleName(tr("proxmox-mcp notifier"));
    m_fallback->setWindowIcon(m_icon);
    auto *notice = new QLabel(tr("This desktop has no system tray, so the notifier runs in this "
                                 "window."),
                              m_fallback);
    notice->setObjectName(QStringLiteral("noTrayNotice"));
    notice->setWordWrap(true);
    m_fallbackHealth = new QLabel(healthText(m_health), m_fallback);
    m_fallbackHealth->setObjectName(QStringLiteral("trayHealth"));
    m_fallbackHealth->setAccessibleName(tr("Health"));
    auto *open = new QPushButton(tr("&Open the control center"), m_fallback);
    open->setObjectName(QStringLiteral("trayOpen"));
    open->setMenu(m_menu);
    auto *layout = new QVBoxLayout(m_fallback);
    layout->addWidget(notice);
    layout->addWidget(m_fallbackHealth);
    layout->addWidget(open);
    m_fallback->show();
}

void TrayNotifier::connected()
{
    connect(m_connections->events(), &admin::EventStreamClient::eventReceived, this,
            &TrayNotifier::onEvent);
    connect(m_connections->events(), &admin::EventStreamClient::offline, this,
            [this] { setHealth({}); });
    const auto ask = [this] {
        if (admin::AdminClient *client = m_connections->client())
            client->status(this, [this](Result<admin::DaemonStatus> status) {
                setHealth(status.ok() ? status.value().health : QString());
            });
    };
    connect(m_connections->events(), &admin::EventStreamClient::online, this, ask);
    connect(m_connections->events(), &admin::EventStreamClient::online, this,
            &TrayNotifier::refreshPending);
    ask();
    refreshPending();
}

void TrayNotifier::refreshPending()
{
    if (admin::AdminClient *client = m_connections->client())
        client->pendingRequests(this, [this](Result<QList<admin::PendingRequest>> requests) {
            if (requests.ok())
                showPending(requests.value());
        });
}

void TrayNotifier::showPending(const QList<admin::PendingRequest> &requests)
{
    for (QAction *action : std::as_const(m_pendingActions)) {
        m_menu->removeAction(action);
        if (QMenu *submenu = action->menu())
            delete submenu; // and with it its menu action
        else
            delete action; // a separator
    }
    m_pendingActions.clear();
    m_pending = requests;
    for (const admin::PendingRequest &request : requests) {
        auto *submenu =
            new QMenu(tr("%1 asks for access (%2)").arg(request.clientName, request.id), m_menu);
        submenu->setAccessibleName(
            tr("Access request %1 from %2").arg(request.id, request.clientName));
        submenu->addAction(tr("&Approve…"), this, [this, request] { approveRequest(request); });
        submenu->addAction(tr("&Reject"), this, [this, request] { rejectRequest(request); });
        m_menu->insertMenu(m_quit, submenu);
        m_pendingActions.append(submenu->menuAction());
    }
    if (!requests.isEmpty())
        m_pendingActions.append(m_menu->insertSeparator(m_quit));
    emit pendingShown();
}

std::optional<TrayNotifier::Approval>
TrayNotifier::askWithDialog(const admin::PendingRequest &request)
{
    QDialog dialog;
    dialog.setObjectName(QStringLiteral("approvalDialog"));
    dialog.setWindowTitle(tr("Approve %1").arg(request.clientName));
    dialog.setAccessibleName(tr("Approve an access request"));
    auto *about = new QLabel(
        tr("%1 (request code %2, redirecting to %3) asks for %4 access.")
            .arg(request.clientName, request.id, request.redirectHost, request.requestedScope),
        &dialog);
    about->setWordWrap(true);
    about->setAccessibleName(tr("The request"));
    auto *scope = new QComboBox(&dialog);
    scope->setObjectName(QStringLiteral("approvalScope"));
    scope->setAccessibleName(tr("Scope to grant"));
    scope->addItem(tr("Read-only"), QStringLiteral("read-only"));
    scope->addItem(tr("Full"), QStringLiteral("full"));
    const int asked = scope->findData(request.requestedScope);
    scope->setCurrentIndex(asked >= 0 ? asked : scope->findData(kDefaultScope));
    auto *days = new QSpinBox(&dialog);
    days->setObjectName(QStringLiteral("approvalDays"));
    days->setAccessibleName(tr("Days the approval lasts"));
    days->setRange(1, kMaxDays);
    days->setValue(kDefaultDays);
    days->setSuffix(tr(" days"));
    auto *buttons = new QDialogButtonBox(&dialog);
    QPushButton *approve = buttons->addButton(tr("&Approve"), QDialogButtonBox::AcceptRole);
    approve->setAccessibleName(tr("Approve the request"));
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setAccessibleName(tr("Cancel"));
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *form = new QFormLayout(&dialog);
    form->addRow(about);
    form->addRow(tr("&Scope:"), scope);
    form->addRow(tr("&Expires after:"), days);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return Approval{scope->currentData().toString(), days->value()};
}

void TrayNotifier::approveRequest(const admin::PendingRequest &request)
{
    admin::AdminClient *client = m_connections->client();
    if (client == nullptr)
        return;
    const std::optional<Approval> approval = m_askApproval(request);
    if (!approval)
        return;
    const QString id = request.id;
    const QString scope = approval->scope;
    client->approve(id, scope, approval->days, this, [this, id, scope](Result<QJsonObject> done) {
        m_notifications->notify(QStringLiteral("approved:") + id,
                                done.ok() ? tr("Approved %1 (%2)").arg(id, scope)
                                          : tr("%1 is not approved").arg(id),
                                done.ok() ? tr("The client can now use the tools its scope allows.")
                                          : done.error().message);
        refreshPending();
    });
}

void TrayNotifier::rejectRequest(const admin::PendingRequest &request)
{
    admin::AdminClient *client = m_connections->client();
    if (client == nullptr)
        return;
    const QString id = request.id;
    client->reject(id, this, [this, id](Result<QJsonObject> done) {
        m_notifications->notify(
            QStringLiteral("rejected:") + id,
            done.ok() ? tr("Rejected %1").arg(id) : tr("%1 is not rejected").arg(id),
            done.ok() ? tr("The client gets no access.") : done.error().message);
        refreshPending();
    });
}

void TrayNotifier::setHealth(const QString &health)
{
    const bool changed = health != m_health || m_icon.isNull();
    m_health = health;
    m_icon = dot(colourOf(health));
    if (m_tray) {
        m_tray->setIcon(m_icon);
        m_tray->setToolTip(healthText(health));
    }
    if (m_fallback) {
        m_fallback->setWindowIcon(m_icon);
        m_fallbackHealth->setText(healthText(health));
    }
    if (changed)
        emit healthChanged(health);
}

void TrayNotifier::onEvent(const admin::Event &event)
{
    const QJsonObject &data = event.data;
    if (event.type == QLatin1String("health.changed")) {
        setHealth(data[QLatin1String("status")].toString());
    } else if (event.type == QLatin1String("client.requested")) {
        admin::PendingRequest request;
        request.id = data[QLatin1String("id")].toString();
        request.clientName = data[QLatin1String("clientName")].toString();
        request.redirectHost = data[QLatin1String("redirectHost")].toString();
        request.requestedScope = data[QLatin1String("scope")].toString();
        m_requested.insert(request.id, request);
        m_notifications->notify(
            QStringLiteral("client.requested:") + request.id,
            tr("%1 asks for access").arg(request.clientName),
            tr("Request code %1, redirecting to %2. Approve it here with the scope and expiry "
               "you choose, or open the clients page.")
                .arg(data[QLatin1String("code")].toString(request.id), request.redirectHost),
            {kApproveAction, tr("Approve…")});
        refreshPending();
    } else if (event.type == QLatin1String("client.approved") ||
               event.type == QLatin1String("client.rejected") ||
               event.type == QLatin1String("client.expired")) {
        refreshPending();
    } else if (event.type == QLatin1String("alert.raised") &&
               !data[QLatin1String("alert")].toString().startsWith(
                   QLatin1String("client.requested"))) {
        // An access request is notified once, above, with its approve action; its alert is not.
        m_notifications->notify(
            QStringLiteral("alert:") + data[QLatin1String("alert")].toString(),
            tr("proxmox-mcp alert (%1)").arg(data[QLatin1String("severity")].toString()),
            data[QLatin1String("message")].toString());
    }
}

void TrayNotifier::onAction(const QString &key, const QString &action)
{
    const bool isRequest = key.startsWith(QLatin1String("client.requested:"));
    if (action == kApproveAction && isRequest) {
        // The approval for that request: the same dialog as the menu's "Approve…".
        const QString id = key.section(QLatin1Char(':'), 1);
        admin::PendingRequest request = m_requested.value(id);
        for (const admin::PendingRequest &listed : std::as_const(m_pending))
            if (listed.id == id)
                request = listed;
        request.id = id;
        approveRequest(request);
        return;
    }
    emit openRequested(isRequest ? QStringLiteral("clients") : QStringLiteral("dashboard"));
}

} // namespace pmcp
