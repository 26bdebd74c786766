#include "server/simulator/SimState.h"

#include <QtTest>

using namespace pmcp;

// SimState: guests and the disk volumes their configuration implies, storage content, locks,
// and tokens restricted to given privileges.
class TestSimState final : public QObject {
    Q_OBJECT

private:
    // Two nodes, local (per node) and shared storage, no guests.
    static void layout(SimState &state)
    {
        for (const char *name : {"pve1", "pve2"}) {
            SimNode node;
            node.name = QString::fromLatin1(name);
            state.addNode(node);
        }
        SimStorage local;
        local.id = QStringLiteral("local-lvm");
        local.type = QStringLiteral("lvmthin");
        local.content = {QStringLiteral("images"), QStringLiteral("rootdir")};
        local.total = qint64(100) << 30;
        local.baseUsed = qint64(1) << 30;
        state.addStorage(local);
        SimStorage shared;
        shared.id = QStringLiteral("nfs");
        shared.type = QStringLiteral("nfs");
        shared.content = {QStringLiteral("images"), QStringLiteral("backup")};
        shared.shared = true;
        shared.total = qint64(10) << 30;
        state.addStorage(shared);
    }

    static SimGuest vm(int vmid, const QString &node)
    {
        SimGuest guest;
        guest.vmid = vmid;
        guest.type = QStringLiteral("qemu");
        guest.node = node;
        guest.config = {
            {QStringLiteral("name"), QStringLiteral("vm-%1").arg(vmid)},
            {QStringLiteral("scsi0"), QStringLiteral("local-lvm:vm-%1-disk-0,size=32G").arg(vmid)},
            {QStringLiteral("scsi1"),
             QStringLiteral("nfs:%1/vm-%1-disk-1.qcow2,size=512M").arg(vmid)},
            {QStringLiteral("ide2"), QStringLiteral("local:iso/debian.iso,media=cdrom")},
            {QStringLiteral("net0"), QStringLiteral("virtio,bridge=vmbr0")}};
        return guest;
    }

private slots:
    void addingAGuestCreatesItsDisks()
    {
        SimState state;
        layout(state);
        state.addGuest(vm(100, QStringLiteral("pve1")));
        const auto local = state.volumes(QStringLiteral("local-lvm"), QStringLiteral("pve1"));
        QCOMPARE(local.size(), 1);
        QCOMPARE(local.first().volid, QStringLiteral("local-lvm:vm-100-disk-0"));
        QCOMPARE(local.first().content, QStringLiteral("images"));
        QCOMPARE(local.first().size, qint64(32) << 30);
        QCOMPARE(local.first().vmid, 100);
        // Local storage is per node; shared storage is seen from every node; a CD-ROM is no disk.
        QVERIFY(state.volumes(QStringLiteral("local-lvm"), QStringLiteral("pve2")).isEmpty());
        const auto shared = state.volumes(QStringLiteral("nfs"), QStringLiteral("pve2"));
        QCOMPARE(shared.size(), 1);
        QCOMPARE(shared.first().size, qint64(512) << 20);
        QVERIFY(shared.first().node.isEmpty());
        QVERIFY(!state.volume(QStringLiteral("pve1"), QStringLiteral("local:iso/debian.iso")));
        const SimStorage *lvm = state.storage(QStringLiteral("local-lvm"));
        QCOMPARE(state.storageUsed(*lvm, QStringLiteral("pve1")), qint64(33) << 30);
        QCOMPARE(state.storageUsed(*lvm, QStringLiteral("pve2")), qint64(1) << 30);
    }

    void migratingMovesLocalDisks()
    {
        SimState state;
        layout(state);
        state.addGuest(vm(100, QStringLiteral("pve1")));
        SimGuest *guest = state.guest(100);
        guest->node = QStringLiteral("pve2");
        state.syncDiskVolumes(*guest);
        QVERIFY(state.volumes(QStringLiteral("local-lvm"), QStringLiteral("pve1")).isEmpty());
        QCOMPARE(state.volumes(QStringLiteral("local-lvm"), QStringLiteral("pve2")).size(), 1);
        QCOMPARE(state.volumes(QStringLiteral("nfs"), QStringLiteral("pve1")).size(), 1);
        QVERIFY(state.guestOn(QStringLiteral("pve2"), QStringLiteral("qemu"), 100).ok());
        const auto old = state.guestOn(QStringLiteral("pve1"), QStringLiteral("qemu"), 100);
        QVERIFY(!old.ok());
        QCOMPARE(old.error().message,
                 QStringLiteral("Configuration file 'nodes/pve1/qemu-server/100.conf' does not "
                                "exist"));
    }

    void guestOnChecksNodeAndType_data()
    {
        QTest::addColumn<QString>("node");
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("vmid");
        QTest::addColumn<QString>("error");
        QTest::newRow("found") << QStringLiteral("pve1") << QStringLiteral("qemu") << 100
                               << QString();
        QTest::newRow("other node") << QStringLiteral("pve2") << QStringLiteral("qemu") << 100
                                    << QStringLiteral("nodes/pve2/qemu-server/100.conf");
        QTest::newRow("other type") << QStringLiteral("pve1") << QStringLiteral("lxc") << 100
                                    << QStringLiteral("nodes/pve1/lxc/100.conf");
        QTest::newRow("unknown vmid") << QStringLiteral("pve1") << QStringLiteral("qemu") << 999
                                      << QStringLiteral("nodes/pve1/qemu-server/999.conf");
    }
    void guestOnChecksNodeAndType()
    {
        QFETCH(QString, node);
        QFETCH(QString, type);
        QFETCH(int, vmid);
        QFETCH(QString, error);
        SimState state;
        layout(state);
        state.addGuest(vm(100, QStringLiteral("pve1")));
        const auto found = state.guestOn(node, type, vmid);
        QCOMPARE(found.ok(), error.isEmpty());
        if (found.ok())
            QCOMPARE(found.value(), state.guest(100));
        else
            QVERIFY2(found.error().message.contains(error), qPrintable(found.error().message));
    }

    void deletingAGuestKeepsItsBackups()
    {
        SimState state;
        layout(state);
        state.addGuest(vm(100, QStringLiteral("pve1")));
        state.addGuest(vm(101, QStringLiteral("pve1")));
        SimVolume backup;
        backup.storage = QStringLiteral("nfs");
        backup.node = QStringLiteral("pve1"); // cleared: the storage is shared
        backup.volid = QStringLiteral("nfs:backup/vzdump-qemu-100-2026_01_01-00_00_00.vma.zst");
        backup.content = QStringLiteral("backup");
        backup.vmid = 100;
        backup.size = 1000;
        backup.guestType = QStringLiteral("qemu");
        state.addVolume(backup);
        QVERIFY(state.volume(QStringLiteral("pve2"), backup.volid));
        QCOMPARE(state.nextFreeVmid(), 102);

        state.removeGuest(100);
        QVERIFY(!state.guest(100));
        QVERIFY(!state.volume(QStringLiteral("pve1"), QStringLiteral("local-lvm:vm-100-disk-0")));
        QVERIFY(state.volume(QStringLiteral("pve1"), QStringLiteral("local-lvm:vm-101-disk-0")));
        QVERIFY(state.volume(QStringLiteral("pve1"), backup.volid));
        QCOMPARE(state.nextFreeVmid(), 100);

        QVERIFY(state.removeVolume(QStringLiteral("pve1"), backup.volid));
        QVERIFY(!state.removeVolume(QStringLiteral("pve1"), backup.volid));
    }

    void storageUsedIsCapped()
    {
        SimState state;
        layout(state);
        SimVolume big;
        big.storage = QStringLiteral("nfs");
        big.volid = QStringLiteral("nfs:backup/huge.vma.zst");
        big.content = QStringLiteral("backup");
        big.size = qint64(50) << 30;
        state.addVolume(big);
        const SimStorage *nfs = state.storage(QStringLiteral("nfs"));
        QCOMPARE(state.storageUsed(*nfs, QStringLiteral("pve1")), nfs->total);
    }

    void locksAndDigest()
    {
        SimGuest guest = vm(100, QStringLiteral("pve1"));
        QVERIFY(guest.lock().isEmpty());
        const QString before = SimState::digest(guest.config);
        QCOMPARE(before.size(), 40);
        QCOMPARE(SimState::digest(guest.config), before);
        guest.config.insert(QStringLiteral("lock"), QStringLiteral("backup"));
        QCOMPARE(guest.lock(), QStringLiteral("backup"));
        QVERIFY(SimState::digest(guest.config) != before);
        QVERIFY(!guest.isTemplate());
        guest.config.insert(QStringLiteral("template"), 1);
        QVERIFY(guest.isTemplate());
        QCOMPARE(guest.maxDiskBytes(), qint64(32) << 30);
        QCOMPARE(guest.configPath(), QStringLiteral("nodes/pve1/qemu-server/100.conf"));
    }

    void restrictedToken_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("privilege");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("granted") << QStringLiteral("/vms/100") << QStringLiteral("VM.Audit")
                                 << true;
        QTest::newRow("propagates down")
            << QStringLiteral("/vms/100/x") << QStringLiteral("VM.Audit") << true;
        QTest::newRow("other guest")
            << QStringLiteral("/vms/101") << QStringLiteral("VM.Audit") << false;
        QTest::newRow("prefix is not a parent")
            << QStringLiteral("/vms/1000") << QStringLiteral("VM.Audit") << false;
        QTest::newRow("other privilege")
            << QStringLiteral("/vms/100") << QStringLiteral("VM.PowerMgmt") << false;
        QTest::newRow("storage") << QStringLiteral("/storage/local")
                                 << QStringLiteral("Datastore.Audit") << true;
    }
    void restrictedToken()
    {
        QFETCH(QString, path);
        QFETCH(QString, privilege);
        QFETCH(bool, allowed);
        SimState state;
        const QString secret = state.createRestrictedToken(
            QStringLiteral("root@pam"), QStringLiteral("audit"),
            {{QStringLiteral("/vms/100"), {QStringLiteral("VM.Audit")}},
             {QStringLiteral("/storage"), {QStringLiteral("Datastore.Audit")}}});
        QVERIFY(!secret.isEmpty());
        const SimToken *token = state.token(QStringLiteral("root@pam!audit"));
        QVERIFY(token);
        QVERIFY(token->privsep);
        QCOMPARE(token->secret, secret);
        QCOMPARE(state.hasPrivilege(QStringLiteral("root@pam!audit"), path, privilege), allowed);
        // The unrestricted token and root may do everything.
        QVERIFY(state.hasPrivilege(QStringLiteral("root@pam!mcp"), path, privilege));
        QVERIFY(state.hasPrivilege(QStringLiteral("root@pam"), path, privilege));
    }

    void restrictedTokenIsListed()
    {
        SimState state;
        const QString first = state.createRestrictedToken(
            QStringLiteral("root@pam"), QStringLiteral("audit"),
            {{QStringLiteral("/vms/100"), {QStringLiteral("VM.Audit")}}});
        const QString second = state.createRestrictedToken(
            QStringLiteral("root@pam"), QStringLiteral("audit"),
            {{QStringLiteral("/vms/100"), {QStringLiteral("VM.Audit")}}});
        QVERIFY(first != second);
        QCOMPARE(state.tokens().size(), 2); // mcp and audit, recreated not duplicated
        const QJsonObject perms = state.permissions(QStringLiteral("root@pam!audit"), {});
        QCOMPARE(perms.keys(), QStringList{QStringLiteral("/vms/100")});
        QCOMPARE(perms.value(QLatin1String("/vms/100")).toObject().value(QLatin1String("VM.Audit")),
                 QJsonValue(1));
        bool listed = false;
        for (const QJsonValue &row : state.acl()) {
            const QJsonObject o = row.toObject();
            if (o.value(QLatin1String("ugid")).toString() == QLatin1String("root@pam!audit"))
                listed = o.value(QLatin1String("path")).toString() == QLatin1String("/vms/100");
        }
        QVERIFY(listed);
        const QJsonArray tokens =
            state.users().first().toObject().value(QLatin1String("tokens")).toArray();
        QCOMPARE(tokens.size(), 2);
        QCOMPARE(tokens.last().toObject().value(QLatin1String("privsep")).toInt(), 1);
    }

    void passwords_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<bool>("ok");
        QTest::newRow("root") << QStringLiteral("root@pam") << QStringLiteral("demo-password")
                              << true;
        QTest::newRow("wrong") << QStringLiteral("root@pam") << QStringLiteral("x") << false;
        QTest::newRow("other user")
            << QStringLiteral("monitor@pve") << QStringLiteral("demo-password") << false;
    }
    void passwords()
    {
        QFETCH(QString, user);
        QFETCH(QString, password);
        QFETCH(bool, ok);
        QCOMPARE(SimState().checkPassword(user, password), ok);
    }
};

QTEST_GUILESS_MAIN(TestSimState)
#include "TestSimState.moc"
