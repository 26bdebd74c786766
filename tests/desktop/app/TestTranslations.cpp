#include "desktop/app/Translations.h"

#include "desktop/app/ConnectionManager.h"
#include "desktop/app/Keychain.h"
#include "desktop/ui/MainWindow.h"

#include <QApplication>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

class TestTranslations final : public QObject {
    Q_OBJECT
private slots:
    void germanIsEmbeddedAndTranslatesTheWindow()
    {
        QVERIFY(Translations::install(*qApp, QLocale(QLocale::German, QLocale::Germany)));
        QTemporaryDir dir;
        ConnectionProfiles profiles(std::make_unique<QSettings>(
            dir.filePath(QStringLiteral("desktop.conf")), QSettings::IniFormat));
        Keychain keychain;
        ConnectionManager connections(&profiles, &keychain);
        MainWindow window(&connections);
        QVERIFY2(window.windowTitle().startsWith(QStringLiteral("proxmox-mcp Kontrollzentrum")),
                 qPrintable(window.windowTitle()));
    }

    void frenchIsEmbeddedWithItsPlurals()
    {
        QVERIFY(Translations::install(*qApp, QLocale(QLocale::French, QLocale::France)));
        QCOMPARE(QCoreApplication::translate("pmcp::MainWindow", "proxmox-mcp control center %1"),
                 QStringLiteral("Centre de contrôle proxmox-mcp %1"));
        // French counts 0 and 1 as singular.
        QCOMPARE(QCoreApplication::translate("pmcp::DashboardPage", "%n minute(s)", "", 1),
                 QStringLiteral("1 minute"));
        QCOMPARE(QCoreApplication::translate("pmcp::DashboardPage", "%n minute(s)", "", 5),
                 QStringLiteral("5 minutes"));
    }

    void aLocaleWithoutTranslationInstallsNothing()
    {
        QVERIFY(!Translations::install(*qApp, QLocale(QLocale::Japanese, QLocale::Japan)));
    }
};

QTEST_MAIN(TestTranslations)
#include "TestTranslations.moc"
