#include "server/proxmox/ApiFormats.h"

#include <QTest>

using namespace pmcp;

class TestApiFormats final : public QObject {
    Q_OBJECT

private slots:
    void matches_data();
    void matches();
    void checkNamesArgumentAndExpectation();
    void segmentEncodesEverythingThatCouldSplit();
};

void TestApiFormats::matches_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("ok");
    const auto row = [](const char *format, const char *value, bool ok) {
        QTest::addRow("%s %s", format, value)
            << QString::fromLatin1(format) << QString::fromUtf8(value) << ok;
    };
    row("pve-node", "pve1", true);
    row("pve-node", "node-2", true);
    row("pve-node", "../../access/users", false);
    row("pve-node", "pve1.example.com", false);
    row("pve-node", "-pve", false);
    row("pve-node", "..", false);
    row("pve-node", "", false);
    row("pve-vmid", "100", true);
    row("pve-vmid", "999999999", true);
    row("pve-vmid", "99", false);
    row("pve-vmid", "1000000000", false);
    row("pve-vmid", "100/../x", false);
    row("pve-storage-id", "local-lvm", true);
    row("pve-storage-id", "nfs.backup", true);
    row("pve-storage-id", "local/..", false);
    row("pve-configid", "pre-migration", true);
    row("pve-configid", "a b", false);
    row("pve-configid", "..", false);
    row("pve-userid", "root@pam", true);
    row("pve-userid", "admin@pve", true);
    row("pve-userid", "a/b@pve", false);
    row("pve-userid", "root", false);
    row("pve-upid", "UPID:pve1:000FF1FD:10F9374C:630D702C:qmstart:100:root@pam:", true);
    row("pve-upid", "UPID:../../x", false);
    row("pve-volume-id", "local:backup/vzdump-qemu-100.vma.zst", true);
    row("pve-volume-id", "local-lvm:vm-100-disk-0", true);
    row("pve-volume-id", "local:../../etc/pve", false);
    row("pve-volume-id", "local:/etc/pve", false);
    row("pve-volume-id", "local:iso//x.iso", false);
    row("pve-volume-id", "no-storage", false);
    row("pve-guest-type", "qemu", true);
    row("pve-guest-type", "lxc", true);
    row("pve-guest-type", "qemu/../access", false);
    row("pve-ha-resource-or-vm-id", "vm:100", true);
    row("pve-ha-resource-or-vm-id", "ct:../x", false);
    row("pve-iface", "vmbr0", true);
    row("pve-iface", "vmbr0/x", false);
    row("pve-poolid", "prod", true);
    row("pve-poolid", "..", false);
    row("pve-node", "pve1\n", false);
    row("no-such-format", "x", false);
}

void TestApiFormats::matches()
{
    QFETCH(QString, format);
    QFETCH(QString, value);
    QFETCH(bool, ok);
    QCOMPARE(ApiFormats::matches(format, value), ok);
    if (format != QLatin1String("no-such-format"))
        QVERIFY(ApiFormats::isKnown(format));
}

void TestApiFormats::checkNamesArgumentAndExpectation()
{
    const Result<void> bad = ApiFormats::check(QStringLiteral("pve-node"), QStringLiteral("node"),
                                               QStringLiteral("../../access/users"));
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().message,
             QStringLiteral("Argument node is \"../../access/users\", which is not a node name "
                            "(letters, digits and '-', e.g. pve1); nothing was sent to Proxmox."));
    QVERIFY(
        ApiFormats::check(QStringLiteral("pve-vmid"), QStringLiteral("vmid"), QStringLiteral("100"))
            .ok());
    const QString longValue(500, u'a');
    const QString message =
        ApiFormats::check(QStringLiteral("pve-node"), QStringLiteral("node"), longValue + u'/')
            .error()
            .message;
    QVERIFY2(message.size() < 250 && message.contains(QLatin1String("...")), qPrintable(message));
}

void TestApiFormats::segmentEncodesEverythingThatCouldSplit()
{
    QCOMPARE(ApiFormats::segment(QStringLiteral("local:backup/x.vma.zst")),
             QStringLiteral("local:backup%2Fx.vma.zst"));
    QCOMPARE(ApiFormats::segment(QStringLiteral("root@pam")), QStringLiteral("root@pam"));
    QCOMPARE(ApiFormats::segment(QStringLiteral("a?b#c%d e")), QStringLiteral("a%3Fb%23c%25d%20e"));
}

QTEST_GUILESS_MAIN(TestApiFormats)
#include "TestApiFormats.moc"
