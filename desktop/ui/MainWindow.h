#pragma once

#include <QMainWindow>
#include <QUrl>

#include <memory>

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
// click away in the tool bar.
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    enum class Page { Connect, Dashboard, Clients, Configuration, Backups, Keys, Audit };

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

private:
    void addLanguageMenu(QToolBar *toolbar);
    void reloadProfiles();

    ConnectionManager *m_connections;
    std::unique_ptr<CertificateDialog> m_certificateDialog;
    QComboBox *m_profiles;
    QToolButton *m_add;
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
