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

    void aLocaleWithoutTranslationInstallsNothing()
    {
        QVERIFY(!Translations::install(*qApp, QLocale(QLocale::Japanese, QLocale::Japan)));
    }
};

QTEST_MAIN(TestTranslations)
#include "TestTranslations.moc"
