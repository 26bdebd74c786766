#include "desktop/app/Translations.h"

#include "desktop/app/ConnectionManager.h"
#include "desktop/app/Keychain.h"
#include "desktop/ui/MainWindow.h"

#include <QAction>
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

    void theChosenLanguageOverridesTheSystemLocale()
    {
        QCOMPARE(Translations::chosen(QStringLiteral("fr")).language(), QLocale::French);
        QCOMPARE(Translations::chosen(QStringLiteral("de")).language(), QLocale::German);
        QCOMPARE(Translations::chosen(QString()), QLocale());
        QVERIFY(Translations::install(*qApp, Translations::chosen(QStringLiteral("de"))));
    }

    void theLanguageMenuKeepsTheChoiceForTheNextStart()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("desktop.conf"));
        {
            ConnectionProfiles profiles(std::make_unique<QSettings>(file, QSettings::IniFormat));
            Keychain keychain;
            ConnectionManager connections(&profiles, &keychain);
            MainWindow window(&connections);
            auto *system = window.findChild<QAction *>(QStringLiteral("language-system"));
            auto *french = window.findChild<QAction *>(QStringLiteral("language-fr"));
            QVERIFY(system && french);
            QVERIFY(system->isChecked());
            french->trigger();
            QVERIFY(french->isChecked());
            QVERIFY(!system->isChecked());
        }
        ConnectionProfiles reopened(std::make_unique<QSettings>(file, QSettings::IniFormat));
        QCOMPARE(reopened.language(), QStringLiteral("fr"));
        Keychain keychain;
        ConnectionManager connections(&reopened, &keychain);
        MainWindow window(&connections);
        QVERIFY(window.findChild<QAction *>(QStringLiteral("language-fr"))->isChecked());
        window.findChild<QAction *>(QStringLiteral("language-system"))->trigger();
        QCOMPARE(reopened.language(), QString());
    }

    void aLocaleWithoutTranslationInstallsNothing()
    {
        QVERIFY(!Translations::install(*qApp, QLocale(QLocale::Japanese, QLocale::Japan)));
    }
};

QTEST_MAIN(TestTranslations)
#include "TestTranslations.moc"
