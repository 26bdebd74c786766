#include "server/policy/PveCliMapping.h"

#include <QJsonDocument>
#include <QTest>

using namespace pmcp;

namespace {

// A command line (program and words, split on spaces) and the operation it performs: method,
// path and the parameters that must be among the operation's (JSON); method "" for none.
struct Case {
    const char *line;
    const char *method;
    const char *path;
    const char *params;
};

const Case cases[] = {
    {"pvesh set /access/users/root@pam --enable 0", "PUT", "/access/users/root@pam",
     R"({"enable":"0"})"},
    {"pvesh set /access/users/root@pam --enable=0", "PUT", "/access/users/root@pam",
     R"({"enable":"0"})"},
    {"pvesh create /nodes/localhost/execute -commands []", "POST", "/nodes/localhost/execute",
     R"({"commands":"[]"})"},
    {"pvesh delete /api2/json/nodes/pve1/qemu/100/", "DELETE", "/nodes/pve1/qemu/100", "{}"},
    {"pvesh delete /nodes/pve1/../../access/users/root@pam", "DELETE", "/access/users/root@pam",
     "{}"},
    {"pvesh get /access/users", "", "", "{}"},
    {"pveum user modify root@pam --enable 0", "PUT", "/access/users/root@pam", R"({"enable":"0"})"},
    {"pveum usermod root@pam -enable 0", "PUT", "/access/users/root@pam", R"({"enable":"0"})"},
    {"pveum user delete root@pam", "DELETE", "/access/users/root@pam", "{}"},
    {"pveum userdel root@pam", "DELETE", "/access/users/root@pam", "{}"},
    {"pveum passwd root@pam", "PUT", "/access/password", R"({"userid":"root@pam"})"},
    {"pveum user token add root@pam t1 --privsep 0", "POST", "/access/users/root@pam/token/t1",
     R"({"privsep":"0"})"},
    {"pveum user token remove admin@pve t1", "DELETE", "/access/users/admin@pve/token/t1", "{}"},
    {"pveum acl modify / --roles Administrator --users x@pve", "PUT", "/access/acl",
     R"({"path":"/","roles":"Administrator"})"},
    {"pveum acldel / --roles Administrator --users x@pve", "PUT", "/access/acl",
     R"({"path":"/","delete":1})"},
    {"pveum role add Boss --privs Sys.Modify", "POST", "/access/roles", "{}"},
    {"pveum user list", "", "", "{}"},
    {"pvecm add 10.0.0.1", "POST", "/cluster/config/join", "{}"},
    {"pvecm delnode pve3", "DELETE", "/cluster/config/nodes/pve3", "{}"},
    {"pvecm create lab", "POST", "/cluster/config", "{}"},
    {"pvecm status", "", "", "{}"},
    {"pvenode stopall", "POST", "/nodes/localhost/stopall", "{}"},
    {"pvenode migrateall pve2", "POST", "/nodes/localhost/migrateall", "{}"},
    {"ha-manager remove vm:100", "DELETE", "/cluster/ha/resources/vm:100", "{}"},
    {"ha-manager status", "", "", "{}"},
    {"pvesm remove nfs-backup", "DELETE", "/storage/nfs-backup", "{}"},
    {"pvesm free local:backup/vzdump-qemu-100.vma.zst", "DELETE",
     "/nodes/localhost/storage/local/content/local:backup%2Fvzdump-qemu-100.vma.zst", "{}"},
    {"pvesm status", "", "", "{}"},
    {"pve-firewall stop", "PUT", "/nodes/localhost/firewall/options", R"({"enable":0})"},
    {"pve-firewall status", "", "", "{}"},
    {"qm destroy 100 --purge", "DELETE", "/nodes/localhost/qemu/100", R"({"purge":1})"},
    {"qm destroy --purge 1 -- 100", "DELETE", "/nodes/localhost/qemu/100", "{}"},
    {"qm stop 100", "POST", "/nodes/localhost/qemu/100/status/stop", "{}"},
    {"qm reset 100", "POST", "/nodes/localhost/qemu/100/status/reset", "{}"},
    {"qm delsnapshot 100 pre", "DELETE", "/nodes/localhost/qemu/100/snapshot/pre", "{}"},
    {"qm rollback 100 pre", "POST", "/nodes/localhost/qemu/100/snapshot/pre/rollback", "{}"},
    {"qm set 100 --delete scsi1", "PUT", "/nodes/localhost/qemu/100/config",
     R"({"delete":"scsi1"})"},
    {"qm disk unlink 100 --idlist scsi1 --force 1", "PUT", "/nodes/localhost/qemu/100/unlink",
     R"({"idlist":"scsi1"})"},
    {"qm unlink 100 --idlist scsi1", "PUT", "/nodes/localhost/qemu/100/unlink", "{}"},
    {"qm guest exec 100 -- uname -a", "POST", "/nodes/localhost/qemu/100/agent/exec",
     R"({"command":["uname","-a"]})"},
    {"qm create 170 --archive local:backup/x.vma.zst", "POST", "/nodes/localhost/qemu",
     R"({"archive":"local:backup/x.vma.zst","vmid":"170"})"},
    {"qmrestore local:backup/x.vma.zst 100 --force 1", "POST", "/nodes/localhost/qemu",
     R"({"archive":"local:backup/x.vma.zst","vmid":"100","force":"1"})"},
    {"qm list", "", "", "{}"},
    {"qm start 100", "POST", "/nodes/localhost/qemu/100/status/start", "{}"},
    {"qm shutdown 100 --timeout 60", "POST", "/nodes/localhost/qemu/100/status/shutdown",
     R"({"timeout":"60"})"},
    {"qm snapshot 100 pre", "POST", "/nodes/localhost/qemu/100/snapshot", R"({"snapname":"pre"})"},
    {"qm migrate 100 pve2 --online", "POST", "/nodes/localhost/qemu/100/migrate",
     R"({"target":"pve2","online":1})"},
    {"qm clone 100 170", "POST", "/nodes/localhost/qemu/100/clone", R"({"newid":"170"})"},
    {"pct reboot 102", "POST", "/nodes/localhost/lxc/102/status/reboot", "{}"},
    {"pct move-volume 102 mp0 local", "POST", "/nodes/localhost/lxc/102/move_volume", "{}"},
    {"pct destroy 102", "DELETE", "/nodes/localhost/lxc/102", "{}"},
    {"pct stop 102", "POST", "/nodes/localhost/lxc/102/status/stop", "{}"},
    {"pct restore 102 local:backup/x.tar.zst --force 1", "POST", "/nodes/localhost/lxc",
     R"({"restore":1,"ostemplate":"local:backup/x.tar.zst","vmid":"102"})"},
    {"pct create 170 local:backup/x.tar.zst --restore 1", "POST", "/nodes/localhost/lxc",
     R"({"restore":"1"})"},
    {"pct set 102 -delete mp0", "PUT", "/nodes/localhost/lxc/102/config", R"({"delete":"mp0"})"},
    {"pct exec 102 -- df -h", "", "", "{}"},
    {"/usr/sbin/qm destroy 100", "DELETE", "/nodes/localhost/qemu/100", "{}"},
    {"ls -l", "", "", "{}"},
};

} // namespace

class TestPveCliMapping final : public QObject {
    Q_OBJECT

private slots:
    void map_data();
    void map();
    void splitFollowsTheProxmoxParser();
};

void TestPveCliMapping::map_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("params");
    for (const Case &c : cases)
        QTest::newRow(c.line) << QString::fromLatin1(c.line) << QString::fromLatin1(c.method)
                              << QString::fromLatin1(c.path) << QByteArray(c.params);
}

void TestPveCliMapping::map()
{
    QFETCH(QString, line);
    QFETCH(QString, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, params);
    QStringList words = line.split(u' ');
    const QString program = words.takeFirst();
    const std::optional<ApiOperation> operation = PveCliMapping::map(program, words);
    if (method.isEmpty()) {
        QVERIFY2(!operation, operation ? qPrintable(operation->describe()) : "");
        return;
    }
    QVERIFY(operation);
    QCOMPARE(operation->method, method);
    QCOMPARE(operation->path, path);
    const QJsonObject expected = QJsonDocument::fromJson(params).object();
    for (auto it = expected.begin(); it != expected.end(); ++it)
        QCOMPARE(operation->params.value(it.key()), it.value());
}

void TestPveCliMapping::splitFollowsTheProxmoxParser()
{
    const PveCliMapping::Words words = PveCliMapping::split(
        {QStringLiteral("destroy"), QStringLiteral("--purge"), QStringLiteral("--skiplock=1"),
         QStringLiteral("-timeout"), QStringLiteral("-5"), QStringLiteral("--force"),
         QStringLiteral("--"), QStringLiteral("--not-an-option")});
    QCOMPARE(words.positional,
             (QStringList{QStringLiteral("destroy"), QStringLiteral("--not-an-option")}));
    QCOMPARE(words.options.value(QLatin1String("purge")), QJsonValue(1));
    QCOMPARE(words.options.value(QLatin1String("skiplock")), QJsonValue(QStringLiteral("1")));
    QCOMPARE(words.options.value(QLatin1String("timeout")), QJsonValue(QStringLiteral("-5")));
    QCOMPARE(words.options.value(QLatin1String("force")), QJsonValue(1));
}

QTEST_GUILESS_MAIN(TestPveCliMapping)
#include "TestPveCliMapping.moc"
