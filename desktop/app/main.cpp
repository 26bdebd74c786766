#include "desktop/app/ConnectionManager.h"
#include "desktop/app/ConnectionProfiles.h"
#include "desktop/app/DesktopNotifications.h"
#include "desktop/app/Keychain.h"
#include "desktop/app/Translations.h"
#include "desktop/ui/MainWindow.h"
#include "desktop/ui/TrayNotifier.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("proxmox-mcp-desktop"));
    QApplication::setOrganizationName(QStringLiteral("proxmox-mcp"));
    QApplication::setApplicationVersion(QStringLiteral(PMCP_VERSION));
    // The menu entry the package installs (installer/desktop): desktops match the windows to it.
    QGuiApplication::setDesktopFileName(QStringLiteral("org.proxmox_mcp.Desktop"));
    pmcp::ConnectionProfiles profiles;
    pmcp::Translations::install(app, pmcp::Translations::chosen(profiles.language()));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "The proxmox-mcp control center."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption connectOption(
        QStringLiteral("connect"),
        QApplication::translate("main", "Open the connect page with this daemon address."),
        QStringLiteral("URL"));
    parser.addOption(connectOption);
    const QCommandLineOption trayOption(
        QStringLiteral("tray"),
        QApplication::translate("main", "Run only the tray notifier; its menu opens the window."));
    parser.addOption(trayOption);
    parser.process(app);

    pmcp::Keychain keychain;
    pmcp::ConnectionManager connections(&profiles, &keychain);
    pmcp::MainWindow window(&connections);
    if (parser.isSet(trayOption)) {
        // The tray lives on after its window is closed; Quit in its menu ends it.
        QApplication::setQuitOnLastWindowClosed(false);
        pmcp::DesktopNotifications notifications;
        pmcp::TrayNotifier tray(&connections, &notifications);
        QObject::connect(&tray, &pmcp::TrayNotifier::openRequested, &window,
                         [&window](const QString &page) {
                             window.showPage(page == QLatin1String("clients")
                                                 ? pmcp::MainWindow::Page::Clients
                                                 : pmcp::MainWindow::Page::Dashboard);
                             window.show();
                             window.raise();
                             window.activateWindow();
                         });
        QObject::connect(&tray, &pmcp::TrayNotifier::quitRequested, &app, &QApplication::quit);
        tray.start();
        if (parser.isSet(connectOption)) {
            window.prefill(QUrl::fromUserInput(parser.value(connectOption)));
            window.show();
        } else if (connections.profiles()->current().isEmpty()) {
            window.show(); // nothing to watch yet: connect first
        } else {
            window.startUp();
        }
        return QApplication::exec();
    }
    if (parser.isSet(connectOption))
        window.prefill(QUrl::fromUserInput(parser.value(connectOption)));
    else
        window.startUp();
    window.show();
    return QApplication::exec();
}
