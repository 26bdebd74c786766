#pragma once

#include "desktop/app/ConnectionProfiles.h"

#include <QMainWindow>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QStackedWidget;
class QTabWidget;
class QToolBar;
class QToolButton;

namespace pmcp {

class AuditPage;
class BackupsPage;
class KeysPage;
class CertificateDialog;
class ClientsPage;
class ConfigPage;
class ConnectPage;
class ConnectionManager;
class DashboardPage;

// The control center's window: the connect page until a daemon is connected, then the pages
// (dashboard, clients, configuration, backups, audit and security), with the saved connections one
// click away in the tool bar, where the chosen one is also edited (name, URL, token) or removed.
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    enum class Page { Connect, Dashboard, Clients, Configuration, Backups, Keys, Audit };

    // What the connection editor answers: the new name and URL, and a new token (empty: keep).
    struct ProfileEdit final {
        QString name;
        QUrl url;
        QByteArray token;
    };
    // Seams (tests answer them in advance): the editor of a profile (nullopt: cancelled), and
    // the confirmation before removing one.
    using ProfileEditor = std::function<std::optional<ProfileEdit>(const ConnectionProfile &)>;
    using RemoveConfirmation = std::function<bool(const QString &name)>;

    explicit MainWindow(ConnectionManager *connections, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens the connect page with this address filled in (--connect URL).
    void prefill(const QUrl &url);
    // The last used connection, or the connect page on the first run.
    void startUp();
    void showPage(Page page);
    Page currentPage() const;
    DashboardPage *dashboard() const { return m_dashboard; }
    ClientsPage *clients() const { return m_clients; }
    ConfigPage *configuration() const { return m_configuration; }
    BackupsPage *backups() const { return m_backups; }
    KeysPage *keys() const { return m_keys; }
    AuditPage *audit() const { return m_audit; }
    void setProfileEditor(ProfileEditor editor) { m_editProfile = std::move(editor); }
    void setRemoveConfirmation(RemoveConfirmation confirm) { m_confirmRemove = std::move(confirm); }

private:
    void addLanguageMenu(QToolBar *toolbar);
    void reloadProfiles();
    QString chosenProfile() const;
    void editChosen();
    void removeChosen();
    std::optional<ProfileEdit> askForEdit(const ConnectionProfile &profile);

    ConnectionManager *m_connections;
    std::unique_ptr<CertificateDialog> m_certificateDialog;
    QComboBox *m_profiles;
    QToolButton *m_add;
    QToolButton *m_edit;
    QToolButton *m_remove;
    ProfileEditor m_editProfile;
    RemoveConfirmation m_confirmRemove;
    QStackedWidget *m_stack;
    ConnectPage *m_connectPage;
    QTabWidget *m_pages;
    DashboardPage *m_dashboard;
    ClientsPage *m_clients;
    ConfigPage *m_configuration;
    BackupsPage *m_backups;
    KeysPage *m_keys;
    AuditPage *m_audit;
    QLabel *m_statusText;
    bool m_reloading = false;
};

} // namespace pmcp
