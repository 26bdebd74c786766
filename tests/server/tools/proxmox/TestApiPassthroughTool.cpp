#include "server/tools/proxmox/ApiPassthroughTool.h"

#include <QTest>

using namespace pmcp;

class TestApiPassthroughTool final : public QObject {
    Q_OBJECT

private slots:
    void needsConfirmation_data();
    void needsConfirmation();
};

void TestApiPassthroughTool::needsConfirmation_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonObject>("data");
    QTest::addColumn<bool>("guarded");
    QTest::newRow("read") << QStringLiteral("GET") << QStringLiteral("/nodes/pve1/qemu/100/config")
                          << QJsonObject{} << false;
    QTest::newRow("delete guest") << QStringLiteral("DELETE")
                                  << QStringLiteral("/nodes/pve1/qemu/100") << QJsonObject{}
                                  << true;
    QTest::newRow("start") << QStringLiteral("POST")
                           << QStringLiteral("/nodes/pve1/qemu/100/status/start") << QJsonObject{}
                           << false;
    QTest::newRow("stop") << QStringLiteral("POST")
                          << QStringLiteral("/nodes/pve1/lxc/102/status/stop") << QJsonObject{}
                          << true;
    QTest::newRow("rollback") << QStringLiteral("POST")
                              << QStringLiteral("/nodes/pve1/qemu/100/snapshot/pre/rollback")
                              << QJsonObject{} << true;
    QTest::newRow("restore") << QStringLiteral("POST") << QStringLiteral("/nodes/pve1/qemu")
                             << QJsonObject{{QStringLiteral("archive"), QStringLiteral("x")}}
                             << true;
    QTest::newRow("config detaches disk")
        << QStringLiteral("PUT") << QStringLiteral("/nodes/pve1/qemu/100/config")
        << QJsonObject{{QStringLiteral("delete"), QStringLiteral("scsi1")}} << true;
    QTest::newRow("config memory")
        << QStringLiteral("PUT") << QStringLiteral("/nodes/pve1/qemu/100/config")
        << QJsonObject{{QStringLiteral("memory"), 2048}} << false;
}

void TestApiPassthroughTool::needsConfirmation()
{
    QFETCH(QString, method);
    QFETCH(QString, path);
    QFETCH(QJsonObject, data);
    QFETCH(bool, guarded);
    QCOMPARE(ApiPassthroughTool::needsConfirmation(method, path, data), guarded);
}

QTEST_GUILESS_MAIN(TestApiPassthroughTool)
#include "TestApiPassthroughTool.moc"
