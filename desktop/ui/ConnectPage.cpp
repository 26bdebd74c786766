#include "desktop/ui/ConnectPage.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace pmcp {

ConnectPage::ConnectPage(QWidget *parent)
    : QWidget(parent)
    , m_name(new QLineEdit(this))
    , m_url(new QLineEdit(this))
    , m_token(new QLineEdit(this))
    , m_connect(new QPushButton(tr("&Connect"), this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("connectPage"));
    setAccessibleName(tr("Connect to a daemon"));
    auto *title = new QLabel(tr("<h2>Connect to a daemon</h2>"), this);
    auto *explanation = new QLabel(
        tr("The daemon's address and an admin token from <tt>proxmox-mcpd admin-token create "
           "NAME</tt> (the demo prints one). The token is kept in your keychain, never in a "
           "file."),
        this);
    explanation->setWordWrap(true);

    m_name->setObjectName(QStringLiteral("connectName"));
    m_name->setAccessibleName(tr("Connection name"));
    m_name->setText(tr("My daemon"));
    m_url->setObjectName(QStringLiteral("connectUrl"));
    m_url->setAccessibleName(tr("Daemon address"));
    m_url->setPlaceholderText(QStringLiteral("https://host:8080"));
    m_token->setObjectName(QStringLiteral("connectToken"));
    m_token->setAccessibleName(tr("Admin token"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(QStringLiteral("pmcp_admin_…"));
    m_connect->setObjectName(QStringLiteral("connectButton"));
    m_connect->setAccessibleName(tr("Connect"));
    m_connect->setDefault(true);
    m_message->setObjectName(QStringLiteral("connectMessage"));
    m_message->setAccessibleName(tr("Connection message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Address:"), m_url);
    form->addRow(tr("Admin &token:"), m_token);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(explanation);
    layout->addLayout(form);
    layout->addWidget(m_connect, 0, Qt::AlignLeft);
    layout->addWidget(m_message);
    layout->addStretch();

    const auto request = [this] {
        emit connectRequested(m_name->text(), QUrl::fromUserInput(m_url->text().trimmed()),
                              m_token->text().toUtf8());
    };
    connect(m_connect, &QPushButton::clicked, this, request);
    connect(m_token, &QLineEdit::returnPressed, this, request);
}

void ConnectPage::setUrl(const QUrl &url)
{
    m_url->setText(url.toString());
    m_token->setFocus();
}

void ConnectPage::showMessage(const QString &message, bool isError)
{
    m_message->setText(message);
    m_message->setProperty("error", isError);
    m_message->setStyleSheet(isError ? QStringLiteral("color: #b00020") : QString());
}

void ConnectPage::setBusy(bool busy)
{
    m_connect->setEnabled(!busy);
    if (busy)
        showMessage(tr("Connecting…"), false);
}

void ConnectPage::clearToken()
{
    m_token->clear();
}

} // namespace pmcp
