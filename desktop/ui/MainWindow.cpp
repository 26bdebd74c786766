#include "desktop/ui/MainWindow.h"

#include "desktop/app/ConnectionManager.h"
#include "desktop/ui/AuditPage.h"
#include "desktop/ui/BackupsPage.h"
#include "desktop/ui/CertificateDialog.h"
#include "desktop/ui/ClientsPage.h"
#include "desktop/ui/ConfigPage.h"
#include "desktop/ui/ConnectPage.h"
#include "desktop/ui/DashboardPage.h"
#include "desktop/ui/KeysPage.h"
#include "shared/core/Version.h"

#include <QActionGroup>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QIcon>
#include <QLabel>
#include <QMenu>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>

namespace pmcp {

MainWindow::MainWindow(ConnectionManager *connections, QWidget *parent)
    : QMainWindow(parent)
    , m_connections(connections)
    , m_certificateDialog(std::make_unique<CertificateDialog>(this))
    , m_profiles(new QComboBox(this))
    , m_add(new QToolButton(this))
    , m_edit(new QToolButton(this))
    , m_remove(new QToolButton(this))
    , m_stack(new QStackedWidget(this))
    , m_connectPage(new ConnectPage(this))
    , m_pages(new QTabWidget(this))
    , m_dashboard(new DashboardPage(connections, this))
    , m_clients(new ClientsPage(connections, this))
    , m_configuration(new ConfigPage(connections, this))
    , m_backups(new BackupsPage(connections, this))
    , m_keys(new KeysPage(connections, this))
    , m_audit(new AuditPage(connections, this))
    , m_statusText(new QLabel(this))
{
    setWindowTitle(tr("proxmox-mcp control center %1").arg(productVersion()));
    setWindowIcon(QIcon(QStringLiteral(":/icons/proxmox-mcp.png")));
    m_connections->setCertificateConfirmation(m_certificateDialog.get());

    auto *toolbar = addToolBar(tr("Connections"));
    toolbar->setObjectName(QStringLiteral("connectionsToolBar"));
    toolbar->setAccessibleName(tr("Connections"));
    toolbar->setMovable(false);
    m_profiles->setObjectName(QStringLiteral("profileSwitcher"));
    m_profiles->setAccessibleName(tr("Connection"));
    m_profiles->setMinimumContentsLength(16);
    toolbar->addWidget(m_profiles);
    m_add->setObjectName(QStringLiteral("addConnection"));
    m_add->setText(tr("Add a connection…"));
    m_add->setAccessibleName(tr("Add a connection"));
    m_add->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addWidget(m_add);
    m_edit->setObjectName(QStringLiteral("editConnection"));
    m_edit->setText(tr("Ed&it…"));
    m_edit->setAccessibleName(tr("Edit the chosen connection"));
    m_edit->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addWidget(m_edit);
    m_remove->setObjectName(QStringLiteral("removeConnection"));
    m_remove->setText(tr("Remove t&his connection…"));
    m_remove->setAccessibleName(tr("Remove the chosen connection"));
    m_remove->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addWidget(m_remove);
    addLanguageMenu(toolbar);
    m_editProfile = [this](const ConnectionProfile &profile) { return askForEdit(profile); };
    m_confirmRemove = [this](const QString &name) {
        return QMessageBox::question(
                   this, tr("Remove the connection"),
                   tr("Remove the connection \"%1\" and its admin token from the keychain?")
                       .arg(name),
                   QMessageBox::Yes | QMessageBox::No, QMessageBox::No) == QMessageBox::Yes;
    };

    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->setAccessibleName(tr("Pages"));
    m_pages->tabBar()->setAccessibleName(tr("Pages"));
    m_pages->addTab(m_dashboard, tr("&Dashboard"));
    m_pages->addTab(m_clients, tr("C&lients"));
    m_pages->addTab(m_configuration, tr("Con&figuration"));
    m_pages->addTab(m_backups, tr("&Backups"));
    m_pages->addTab(m_keys, tr("&Keys && tokens"));
    m_pages->addTab(m_audit, tr("A&udit && security"));
    m_stack->addWidget(m_connectPage);
    m_stack->addWidget(m_pages);
    setCentralWidget(m_stack);
    m_statusText->setObjectName(QStringLiteral("statusText"));
    m_statusText->setAccessibleName(tr("Status"));
    statusBar()->addWidget(m_statusText, 1);

    connect(m_add, &QToolButton::clicked, this, [this] { showPage(Page::Connect); });
    connect(m_edit, &QToolButton::clicked, this, &MainWindow::editChosen);
    connect(m_remove, &QToolButton::clicked, this, &MainWindow::removeChosen);
    connect(m_connections, &ConnectionManager::profileEdited, this, [this](const QString &name) {
        reloadProfiles();
        m_statusText->setText(tr("The connection \"%1\" is saved.").arg(name));
    });
    connect(m_connections, &ConnectionManager::profilesChanged, this, &MainWindow::reloadProfiles);
    connect(m_connectPage, &ConnectPage::connectRequested, this,
            [this](const QString &name, const QUrl &url, const QByteArray &token) {
                m_connectPage->setBusy(true);
                m_connections->connectNew(name, url, token);
            });
    connect(m_profiles, &QComboBox::activated, this, [this](int index) {
        if (m_reloading || index < 0)
            return;
        const QString name = m_profiles->itemData(index).toString();
        if (name != m_connections->profileName()) {
            m_statusText->setText(tr("Connecting to %1…").arg(name));
            m_connections->switchTo(name);
        }
    });
    connect(m_clients, &ClientsPage::reported, this,
            [this](const QString &message) { m_statusText->setText(message); });
    connect(m_configuration, &ConfigPage::reported, this,
            [this](const QString &message, bool) { m_statusText->setText(message); });
    connect(m_backups, &BackupsPage::reported, this,
            [this](const QString &message, bool) { m_statusText->setText(message); });
    connect(m_backups, &BackupsPage::configurationRequested, this,
            [this] { showPage(Page::Configuration); });
    connect(m_keys, &KeysPage::reported, this,
            [this](const QString &message, bool) { m_statusText->setText(message); });
    connect(m_audit, &AuditPage::reported, this,
            [this](const QString &message, bool) { m_statusText->setText(message); });
    connect(m_connections, &ConnectionManager::connected, this, [this](const QString &name) {
        m_connectPage->setBusy(false);
        m_connectPage->clearToken();
        m_connectPage->showMessage({}, false);
        reloadProfiles();
        m_statusText->setText(
            tr("Connected to %1 (%2)")
                .arg(name, m_connections->profiles()->find(name)
                               ? m_connections->profiles()->find(name)->url.toString()
                               : QString()));
        showPage(Page::Dashboard);
    });
    connect(m_connections, &ConnectionManager::failed, this, [this](const QString &message) {
        m_connectPage->setBusy(false);
        m_connectPage->showMessage(message, true);
        m_statusText->setText(message);
        if (!m_connections->isConnected())
            showPage(Page::Connect);
    });
    connect(m_connections, &ConnectionManager::notSaved, this, [this](const QString &message) {
        m_statusText->setText(message);
        m_connectPage->showMessage(message, true);
    });
    connect(m_connections, &ConnectionManager::profilesChanged, this, &MainWindow::reloadProfiles);
    reloadProfiles();
    showPage(Page::Connect);
    resize(1100, 760);
}

MainWindow::~MainWindow()
{
    m_connections->setCertificateConfirmation(nullptr);
}

void MainWindow::prefill(const QUrl &url)
{
    m_connectPage->setUrl(url);
    showPage(Page::Connect);
}

void MainWindow::startUp()
{
    const QString last = m_connections->profiles()->current();
    if (!last.isEmpty() && m_connections->profiles()->find(last)) {
        m_statusText->setText(tr("Connecting to %1…").arg(last));
        m_connections->switchTo(last);
    }
}

void MainWindow::showPage(Page page)
{
    m_stack->setCurrentWidget(page == Page::Connect ? static_cast<QWidget *>(m_connectPage)
                                                    : m_pages);
    if (page == Page::Dashboard)
        m_pages->setCurrentWidget(m_dashboard);
    if (page == Page::Clients)
        m_pages->setCurrentWidget(m_clients);
    if (page == Page::Configuration)
        m_pages->setCurrentWidget(m_configuration);
    if (page == Page::Backups)
        m_pages->setCurrentWidget(m_backups);
    if (page == Page::Keys)
        m_pages->setCurrentWidget(m_keys);
    if (page == Page::Audit)
        m_pages->setCurrentWidget(m_audit);
}

MainWindow::Page MainWindow::currentPage() const
{
    if (m_stack->currentWidget() == m_connectPage)
        return Page::Connect;
    if (m_pages->currentWidget() == m_clients)
        return Page::Clients;
    if (m_pages->currentWidget() == m_configuration)
        return Page::Configuration;
    if (m_pages->currentWidget() == m_backups)
        return Page::Backups;
    if (m_pages->currentWidget() == m_keys)
        return Page::Keys;
    if (m_pages->currentWidget() == m_audit)
        return Page::Audit;
    return Page::Dashboard;
}

void MainWindow::addLanguageMenu(QToolBar *toolbar)
{
    auto *button = new QToolButton(this);
    button->setObjectName(QStringLiteral("language"));
    button->setText(tr("Language"));
    button->setAccessibleName(tr("Language"));
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(button);
    menu->setAccessibleName(tr("Language"));
    auto *group = new QActionGroup(menu);
    // Language names stay in their own language, so that anyone finds theirs.
    const QList<std::pair<QString, QString>> languages = {
        {QString(), tr("System language")},
        {QStringLiteral("en"), QStringLiteral("English")},
        {QStringLiteral("de"), QStringLiteral("Deutsch")},
        {QStringLiteral("fr"), QStringLiteral("Français")}};
    const QString chosen = m_connections->profiles()->language();
    for (const auto &[code, label] : languages) {
        QAction *action = menu->addAction(label);
        action->setObjectName(
            QStringLiteral("language-%1").arg(code.isEmpty() ? QStringLiteral("system") : code));
        action->setCheckable(true);
        action->setChecked(code == chosen);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, code] {
            m_connections->profiles()->setLanguage(code);
            m_statusText->setText(tr("The language changes at the next start."));
        });
    }
    button->setMenu(menu);
    toolbar->addWidget(button);
}

void MainWindow::reloadProfiles()
{
    m_reloading = true;
    m_profiles->clear();
    for (const ConnectionProfile &profile : m_connections->profiles()->list())
        m_profiles->addItem(tr("%1 — %2").arg(profile.name, profile.url.toString()), profile.name);
    const int current = m_profiles->findData(m_connections->profileName());
    m_profiles->setCurrentIndex(current >= 0 ? current : 0);
    m_profiles->setEnabled(m_profiles->count() > 0);
    m_edit->setEnabled(m_profiles->count() > 0);
    m_remove->setEnabled(m_profiles->count() > 0);
    m_reloading = false;
}

QString MainWindow::chosenProfile() const
{
    return m_profiles->currentData().toString();
}

void MainWindow::editChosen()
{
    const auto profile = m_connections->profiles()->find(chosenProfile());
    if (!profile)
        return;
    const std::optional<ProfileEdit> edit = m_editProfile(*profile);
    if (edit)
        m_connections->editProfile(profile->name, edit->name, edit->url, edit->token);
}

void MainWindow::removeChosen()
{
    const QString name = chosenProfile();
    if (name.isEmpty() || !m_confirmRemove(name))
        return;
    m_connections->removeProfile(name);
    m_statusText->setText(tr("The connection \"%1\" is removed.").arg(name));
    if (m_connections->profiles()->list().isEmpty())
        showPage(Page::Connect);
}

std::optional<MainWindow::ProfileEdit> MainWindow::askForEdit(const ConnectionProfile &profile)
{
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("editConnectionDialog"));
    dialog.setWindowTitle(tr("Edit the connection %1").arg(profile.name));
    dialog.setAccessibleName(tr("Edit a connection"));
    auto *name = new QLineEdit(profile.name, &dialog);
    name->setAccessibleName(tr("Connection name"));
    auto *url = new QLineEdit(profile.url.toString(), &dialog);
    url->setAccessibleName(tr("Daemon address"));
    auto *token = new QLineEdit(&dialog);
    token->setEchoMode(QLineEdit::Password);
    token->setAccessibleName(tr("New admin token"));
    token->setPlaceholderText(tr("empty: keep the token in the keychain"));
    auto *buttons = new QDialogButtonBox(&dialog);
    QPushButton *save = buttons->addButton(tr("&Save"), QDialogButtonBox::AcceptRole);
    save->setAccessibleName(tr("Save the connection"));
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setAccessibleName(tr("Cancel"));
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *form = new QFormLayout(&dialog);
    form->addRow(tr("&Name:"), name);
    form->addRow(tr("&Address:"), url);
    form->addRow(tr("New admin &token:"), token);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return ProfileEdit{name->text(), QUrl::fromUserInput(url->text().trimmed()),
                       token->text().toUtf8()};
}

} // namespace pmcp
