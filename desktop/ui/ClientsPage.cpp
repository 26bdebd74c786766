#include "desktop/ui/ClientsPage.h"

#include "desktop/app/ConnectionManager.h"
#include "desktop/ui/Controls.h"
#include "shared/admin/AdminClient.h"
#include "shared/admin/EventStreamClient.h"

#include <QClipboard>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace pmcp {

namespace {

using controls::list;

// Approvals last 7 to 365 days (the daemon's limits); a month is the usual answer.
constexpr int kApproveMinDays = 7;
constexpr int kApproveMaxDays = 365;
constexpr int kApproveDefaultDays = 30;
constexpr int kTokenMaxDays = 36500;

QString when(const QDateTime &time, const QString &otherwise)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat)
                          : otherwise;
}

QComboBox *scopeBox(const QString &objectName, const QString &accessibleName, QWidget *parent)
{
    auto *box = new QComboBox(parent);
    box->setObjectName(objectName);
    box->setAccessibleName(accessibleName);
    box->addItem(ClientsPage::tr("Read-only"), QStringLiteral("read-only"));
    box->addItem(ClientsPage::tr("Full"), QStringLiteral("full"));
    return box;
}

QPushButton *button(const QString &text, const QString &objectName, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(objectName);
    return b;
}

} // namespace

ClientsPage::ClientsPage(ConnectionManager *connections, QWidget *parent)
    : QWidget(parent)
    , m_connections(connections)
    , m_pending(list(
          QStringLiteral("pendingRequests"), tr("Access requests"),
          {tr("Client"), tr("Redirect host"), tr("Request code"), tr("Scope asked"), tr("Expires")},
          this))
    , m_approveScope(scopeBox(QStringLiteral("approveScope"), tr("Scope to grant"), this))
    , m_approveDays(new QSpinBox(this))
    , m_approve(button(tr("&Approve"), QStringLiteral("approveButton"), this))
    , m_reject(button(tr("Re&ject"), QStringLiteral("rejectButton"), this))
    , m_clients(list(QStringLiteral("approvedClients"), tr("Clients"),
                     {tr("Name"), tr("Kind"), tr("Scope"), tr("State"), tr("Last use"), tr("Calls"),
                      tr("Expires")},
                     this))
    , m_revokeReason(new QLineEdit(this))
    , m_revoke(button(tr("&Revoke"), QStringLiteral("revokeButton"), this))
    , m_newName(new QLineEdit(this))
    , m_newScope(scopeBox(QStringLiteral("newTokenScope"), tr("Scope of the new token"), this))
    , m_newDays(new QSpinBox(this))
    , m_create(button(tr("Create &token"), QStringLiteral("createTokenButton"), this))
    , m_newToken(new QLineEdit(this))
    , m_copy(button(tr("&Copy"), QStringLiteral("copyTokenButton"), this))
    , m_claudeLines(new QPlainTextEdit(this))
    , m_message(new QLabel(this))
{
    describeControls();
    layOut();

    connect(m_approve, &QPushButton::clicked, this, &ClientsPage::approveSelected);
    connect(m_reject, &QPushButton::clicked, this, &ClientsPage::rejectSelected);
    connect(m_revoke, &QPushButton::clicked, this, &ClientsPage::revokeSelected);
    connect(m_create, &QPushButton::clicked, this, &ClientsPage::createToken);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_newToken->text());
        report(tr("The token is on the clipboard."), false);
    });
    connect(m_connections, &ConnectionManager::connected, this, [this] {
        m_newToken->clear();
        m_claudeLines->clear();
        m_copy->setEnabled(false);
        // The lists follow the event stream: a request, a decision or a revocation anywhere.
        connect(m_connections->events(), &admin::EventStreamClient::eventReceived, this,
                [this](const admin::Event &event) {
                    if (event.type.startsWith(QLatin1String("client.")))
                        refresh();
                });
        connect(m_connections->events(), &admin::EventStreamClient::resyncNeeded, this,
                &ClientsPage::refresh);
        refresh();
    });
}

void ClientsPage::describeControls()
{
    setObjectName(QStringLiteral("clientsPage"));
    setAccessibleName(tr("Clients"));
    m_approveDays->setObjectName(QStringLiteral("approveDays"));
    m_approveDays->setAccessibleName(tr("Days the approval lasts"));
    m_approveDays->setRange(kApproveMinDays, kApproveMaxDays);
    m_approveDays->setValue(kApproveDefaultDays);
    m_approveDays->setSuffix(tr(" days"));
    m_approve->setAccessibleName(tr("Approve the selected request"));
    m_reject->setAccessibleName(tr("Reject the selected request"));
    m_revokeReason->setObjectName(QStringLiteral("revokeReason"));
    m_revokeReason->setAccessibleName(tr("Reason for revoking"));
    m_revokeReason->setPlaceholderText(tr("Why (kept with the client)"));
    m_revoke->setAccessibleName(tr("Revoke the selected client"));
    m_newName->setObjectName(QStringLiteral("newTokenName"));
    m_newName->setAccessibleName(tr("Name of the new token"));
    m_newDays->setObjectName(QStringLiteral("newTokenDays"));
    m_newDays->setAccessibleName(tr("Days the new token lasts"));
    m_newDays->setRange(0, kTokenMaxDays);
    m_newDays->setSpecialValueText(tr("never expires"));
    m_newDays->setSuffix(tr(" days"));
    m_create->setAccessibleName(tr("Create a static token"));
    m_newToken->setObjectName(QStringLiteral("newToken"));
    m_newToken->setAccessibleName(tr("The new token (shown once)"));
    m_newToken->setReadOnly(true);
    m_copy->setAccessibleName(tr("Copy the new token"));
    m_copy->setEnabled(false);
    m_claudeLines->setObjectName(QStringLiteral("claudeLines"));
    m_claudeLines->setAccessibleName(tr("Lines for Claude Code"));
    m_claudeLines->setReadOnly(true);
    m_claudeLines->setMaximumHeight(80);
    m_message->setObjectName(QStringLiteral("clientsMessage"));
    m_message->setAccessibleName(tr("Clients message"));
    m_message->setWordWrap(true);
}

void ClientsPage::layOut()
{
    auto *pendingBox = new QGroupBox(tr("Access requests waiting for you"), this);
    auto *pendingActions = new QHBoxLayout;
    pendingActions->addWidget(new QLabel(tr("Grant:"), this));
    pendingActions->addWidget(m_approveScope);
    pendingActions->addWidget(m_approveDays);
    pendingActions->addWidget(m_approve);
    pendingActions->addWidget(m_reject);
    pendingActions->addStretch();
    auto *pendingLayout = new QVBoxLayout(pendingBox);
    pendingLayout->addWidget(m_pending);
    pendingLayout->addLayout(pendingActions);

    auto *clientsBox = new QGroupBox(tr("Clients and tokens"), this);
    auto *revokeActions = new QHBoxLayout;
    revokeActions->addWidget(m_revokeReason, 1);
    revokeActions->addWidget(m_revoke);
    auto *clientsLayout = new QVBoxLayout(clientsBox);
    clientsLayout->addWidget(m_clients);
    clientsLayout->addLayout(revokeActions);

    auto *createBox = new QGroupBox(tr("New static token"), this);
    auto *createForm = new QFormLayout(createBox);
    createForm->addRow(tr("Na&me:"), m_newName);
    createForm->addRow(tr("&Scope:"), m_newScope);
    createForm->addRow(tr("E&xpires after:"), m_newDays);
    createForm->addRow(QString(), m_create);
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_newToken, 1);
    tokenRow->addWidget(m_copy);
    createForm->addRow(tr("Token:"), tokenRow);
    createForm->addRow(tr("Claude Code:"), m_claudeLines);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(pendingBox, 1);
    layout->addWidget(clientsBox, 2);
    layout->addWidget(createBox);
    layout->addWidget(m_message);
}

QString ClientsPage::claudeLines(const QUrl &baseUrl, const QString &token)
{
    QUrl mcp = baseUrl;
    mcp.setPath(QStringLiteral("/api/mcp"));
    return QStringLiteral("claude mcp add --transport http proxmox %1 --header "
                          "\"Authorization: Bearer %2\"")
        .arg(mcp.toString(), token);
}

void ClientsPage::refresh()
{
    admin::AdminClient *client = m_connections->client();
    if (!client)
        return;
    m_answersMissing = 2;
    const auto answered = [this] {
        if (--m_answersMissing == 0)
            emit listsShown();
    };
    client->pendingRequests(this, [this, answered](Result<QList<admin::PendingRequest>> requests) {
        if (requests.ok())
            showPending(requests.value());
        else
            report(requests.error().message, true);
        answered();
    });
    client->clients(this, [this, answered](Result<QList<admin::ClientEntry>> clients) {
        if (clients.ok())
            showClients(clients.value());
        else
            report(clients.error().message, true);
        answered();
    });
}

void ClientsPage::showPending(const QList<admin::PendingRequest> &requests)
{
    const QString selected = selectedPending();
    m_pending->clear();
    for (const admin::PendingRequest &request : requests) {
        auto *item = new QTreeWidgetItem({request.clientName, request.redirectHost, request.id,
                                          request.requestedScope, when(request.expires, {})});
        item->setData(0, Qt::UserRole, request.id);
        m_pending->addTopLevelItem(item);
        if (request.id == selected || (selected.isEmpty() && m_pending->topLevelItemCount() == 1))
            m_pending->setCurrentItem(item);
    }
    m_approve->setEnabled(!requests.isEmpty());
    m_reject->setEnabled(!requests.isEmpty());
}

void ClientsPage::showClients(const QList<admin::ClientEntry> &clients)
{
    QString selected;
    if (QTreeWidgetItem *item = m_clients->currentItem())
        selected = item->text(0);
    m_clients->clear();
    for (const admin::ClientEntry &entry : clients) {
        auto *item = new QTreeWidgetItem(
            {entry.name, entry.kind == QLatin1String("oauth") ? tr("OAuth") : tr("Token"),
             entry.scope, entry.state, when(entry.lastUsed, tr("never")),
             QString::number(entry.calls), when(entry.expires, tr("never"))});
        m_clients->addTopLevelItem(item);
        if (entry.name == selected)
            m_clients->setCurrentItem(item);
    }
    for (int column = 0; column < m_clients->columnCount() - 1; ++column)
        m_clients->resizeColumnToContents(column);
}

QString ClientsPage::selectedPending() const
{
    QTreeWidgetItem *item = m_pending->currentItem();
    return item ? item->data(0, Qt::UserRole).toString() : QString();
}

void ClientsPage::approveSelected()
{
    const QString id = selectedPending();
    admin::AdminClient *client = m_connections->client();
    if (id.isEmpty() || !client)
        return report(tr("Choose a request first."), true);
    client->approve(id, m_approveScope->currentData().toString(), m_approveDays->value(), this,
                    [this, id](Result<QJsonObject> answer) {
                        if (!answer.ok())
                            return report(answer.error().message, true);
                        report(tr("Approved %1: the client is \"%2\".")
                                   .arg(id, answer.value()[QLatin1String("grant")].toString()),
                               false);
                        refresh();
                    });
}

void ClientsPage::rejectSelected()
{
    const QString id = selectedPending();
    admin::AdminClient *client = m_connections->client();
    if (id.isEmpty() || !client)
        return report(tr("Choose a request first."), true);
    client->reject(id, this, [this, id](Result<QJsonObject> answer) {
        if (!answer.ok())
            return report(answer.error().message, true);
        report(tr("Rejected %1.").arg(id), false);
        refresh();
    });
}

void ClientsPage::revokeSelected()
{
    QTreeWidgetItem *item = m_clients->currentItem();
    admin::AdminClient *client = m_connections->client();
    if (!item || !client)
        return report(tr("Choose a client first."), true);
    const QString name = item->text(0);
    client->revoke(name, m_revokeReason->text().trimmed(), this,
                   [this, name](Result<QJsonObject> answer) {
                       if (!answer.ok())
                           return report(answer.error().message, true);
                       m_revokeReason->clear();
                       report(tr("Revoked %1: its next request is refused.").arg(name), false);
                       refresh();
                   });
}

void ClientsPage::createToken()
{
    admin::AdminClient *client = m_connections->client();
    if (!client)
        return;
    const QString name = m_newName->text().trimmed();
    if (name.isEmpty())
        return report(tr("Give the new token a name."), true);
    client->createToken(
        name, m_newScope->currentData().toString(), m_newDays->value(), this,
        [this, client = QPointer<admin::AdminClient>(client)](Result<admin::CreatedToken> created) {
            if (!created.ok())
                return report(created.error().message, true);
            m_newToken->setText(created.value().token);
            m_copy->setEnabled(true);
            if (client)
                m_claudeLines->setPlainText(claudeLines(client->baseUrl(), created.value().token));
            m_newName->clear();
            report(tr("Created \"%1\". Copy the token now: it is not shown again.")
                       .arg(created.value().name),
                   false);
            refresh();
        });
}

void ClientsPage::report(const QString &message, bool isError)
{
    m_message->setText(message);
    // A label with an accessible name shows its text to no screen reader: the description does.
    m_message->setAccessibleDescription(message);
    m_message->setStyleSheet(isError ? QStringLiteral("color: #b00020") : QString());
    emit reported(message, isError);
}

} // namespace pmcp
