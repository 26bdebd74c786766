#include "desktop/ui/MainWindow.h"

#include <QLabel>
#include <QTest>

using namespace pmcp;

class TestMainWindow final : public QObject {
    Q_OBJECT
private slots:
    void showsVersionAndPlaceholder()
    {
        MainWindow window;
        QVERIFY(window.windowTitle().contains(QStringLiteral(PMCP_VERSION)));
        auto *label = window.findChild<QLabel *>(QStringLiteral("placeholder"));
        QVERIFY(label);
        QVERIFY(label->text().contains(QStringLiteral("proxmox-mcpd")));
        QVERIFY(!window.windowIcon().isNull()); // the embedded icon resource
    }
};

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
