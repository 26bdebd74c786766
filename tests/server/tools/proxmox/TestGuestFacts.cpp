#include "server/tools/proxmox/GuestFacts.h"

#include <QJsonArray>
#include <QTest>

using namespace pmcp;

class TestGuestFacts final : public QObject {
    Q_OBJECT

private slots:
    void diskKeys_data();
    void diskKeys();
    void diskKeysInDeleteList();
    void summary();
};

void TestGuestFacts::diskKeys_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("disk");
    QTest::newRow("qemu scsi0") << QStringLiteral("qemu") << QStringLiteral("scsi0") << true;
    QTest::newRow("qemu unused1") << QStringLiteral("qemu") << QStringLiteral("unused1") << true;
    QTest::newRow("qemu efidisk0") << QStringLiteral("qemu") << QStringLiteral("efidisk0") << true;
    QTest::newRow("qemu net0") << QStringLiteral("qemu") << QStringLiteral("net0") << false;
    QTest::newRow("qemu scsihw") << QStringLiteral("qemu") << QStringLiteral("scsihw") << false;
    QTest::newRow("lxc rootfs") << QStringLiteral("lxc") << QStringLiteral("rootfs") << true;
    QTest::newRow("lxc mp3") << QStringLiteral("lxc") << QStringLiteral("mp3") << true;
    QTest::newRow("lxc scsi0") << QStringLiteral("lxc") << QStringLiteral("scsi0") << false;
}

void TestGuestFacts::diskKeys()
{
    QFETCH(QString, type);
    QFETCH(QString, key);
    QFETCH(bool, disk);
    QCOMPARE(GuestFacts::isDiskKey(type, key), disk);
}

void TestGuestFacts::diskKeysInDeleteList()
{
    QCOMPARE(GuestFacts::diskKeysIn(QStringLiteral("qemu"),
                                    QStringLiteral("net1, scsi1;unused0,description")),
             (QStringList{QStringLiteral("scsi1"), QStringLiteral("unused0")}));
    QVERIFY(GuestFacts::diskKeysIn(QStringLiteral("qemu"), QStringLiteral("net1,tags")).isEmpty());
}

void TestGuestFacts::summary()
{
    const QJsonObject status{{QStringLiteral("status"), QStringLiteral("running")},
                             {QStringLiteral("name"), QStringLiteral("db-01")}};
    const QJsonObject config{
        {QStringLiteral("protection"), 1},
        {QStringLiteral("scsi0"), QStringLiteral("local-lvm:vm-101-disk-0,size=100G")},
        {QStringLiteral("ide2"), QStringLiteral("local:iso/x.iso,media=cdrom")},
        {QStringLiteral("lock"), QStringLiteral("backup")},
        {QStringLiteral("net0"), QStringLiteral("virtio=AA:BB,bridge=vmbr0")}};
    const QJsonObject facts =
        GuestFacts::summarize(QStringLiteral("qemu"), QStringLiteral("pve1"), 101, status, config);
    QCOMPARE(facts.value(QLatin1String("name")).toString(), QStringLiteral("db-01"));
    QCOMPARE(facts.value(QLatin1String("status")).toString(), QStringLiteral("running"));
    QCOMPARE(facts.value(QLatin1String("protection")).toBool(), true);
    QCOMPARE(facts.value(QLatin1String("lock")).toString(), QStringLiteral("backup"));
    QCOMPARE(facts.value(QLatin1String("disks")).toArray(),
             QJsonArray{QStringLiteral("scsi0: local-lvm:vm-101-disk-0,size=100G")});
    const QJsonObject container =
        GuestFacts::summarize(QStringLiteral("lxc"), QStringLiteral("pve1"), 102, {},
                              {{QStringLiteral("hostname"), QStringLiteral("dns-01")},
                               {QStringLiteral("protection"), QStringLiteral("0")}});
    QCOMPARE(container.value(QLatin1String("name")).toString(), QStringLiteral("dns-01"));
    QCOMPARE(container.value(QLatin1String("protection")).toBool(), false);
}

QTEST_GUILESS_MAIN(TestGuestFacts)
#include "TestGuestFacts.moc"
