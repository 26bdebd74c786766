#include "desktop/app/Translations.h"
#include "desktop/ui/MainWindow.h"

#include <QApplication>
#include <QTest>

using namespace pmcp;

class TestTranslations final : public QObject {
    Q_OBJECT
private slots:
    void germanIsEmbeddedAndTranslatesTheWindow()
    {
        QVERIFY(Translations::install(*qApp, QLocale(QLocale::German, QLocale::Germany)));
        MainWindow window;
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
