#include "server/policy/CoreRules.h"

#include <QFile>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace pmcp;

namespace {

// One operation per row of the table (and a few that no row covers): the verdict and the rule.
struct Case {
    const char *method;
    const char *path;
    const char *params;
    const char *verdict; // allow, confirm, refuse
    const char *rule;
};

const Case cases[] = {
    {"DELETE", "/access/users/root@pam", "{}", "refuse", "core-root-pam-delete"},
    {"PUT", "/access/users/root@pam", R"({"enable":0})", "refuse", "core-root-pam-disable"},
    {"PUT", "/access/users/root@pam", R"({"enable":"false"})", "refuse", "core-root-pam-disable"},
    {"PUT", "/access/users/root@pam", R"({"expire":1893456000})", "refuse", "core-root-pam-expire"},
    {"POST", "/access/users/root@pam/token/t1", "{}", "refuse", "core-root-pam-token"},
    {"PUT", "/access/password", R"({"userid":"root@pam","password":"x"})", "refuse",
     "core-root-pam-password"},
    {"PUT", "/access/users/root@pam", R"({"email":"a@b.c"})", "confirm", "core-root-pam-modify"},
    {"POST", "/access/users/admin@pve/token/ci", R"({"privsep":0})", "confirm", "core-token"},
    {"DELETE", "/access/users/admin@pve/token/ci", "{}", "confirm", "core-token"},
    {"PUT", "/access/password", R"({"userid":"admin@pve","password":"x"})", "confirm",
     "core-password"},
    {"PUT", "/access/acl", R"({"path":"/","roles":"Administrator","users":"x@pve"})", "confirm",
     "core-acl"},
    {"POST", "/access/roles", R"({"roleid":"r"})", "confirm", "core-roles"},
    {"DELETE", "/access/roles/r", "{}", "confirm", "core-roles"},
    {"POST", "/cluster/config", R"({"clustername":"c"})", "refuse", "core-cluster-create"},
    {"POST", "/cluster/config/join", "{}", "refuse", "core-cluster-join"},
    {"DELETE", "/cluster/config/nodes/pve3", "{}", "refuse", "core-cluster-nodes"},
    {"POST", "/cluster/config/nodes/pve4", "{}", "refuse", "core-cluster-nodes"},
    {"POST", "/nodes/pve1/status", R"({"command":"reboot"})", "confirm", "core-node-power"},
    {"POST", "/nodes/pve1/status", R"({"command":"shutdown"})", "confirm", "core-node-power"},
    {"POST", "/nodes/pve1/stopall", "{}", "confirm", "core-node-bulk"},
    {"POST", "/nodes/pve1/migrateall", R"({"target":"pve2"})", "confirm", "core-node-bulk"},
    {"POST", "/nodes/pve1/execute", R"({"commands":"[]"})", "refuse", "core-node-execute"},
    {"POST", "/nodes/pve1/termproxy", "{}", "refuse", "core-node-shell"},
    {"PUT", "/cluster/firewall/options", R"({"enable":0})", "confirm", "core-firewall-off"},
    {"PUT", "/nodes/pve1/firewall/options", R"({"enable":false})", "confirm",
     "core-node-firewall-off"},
    {"PUT", "/nodes/pve1/qemu/100/config", R"({"hookscript":"local:snippets/hook.pl"})", "confirm",
     "core-hookscript"},
    {"PUT", "/nodes/pve1/lxc/200/config", R"({"hookscript":"local:snippets/hook.sh"})", "confirm",
     "core-hookscript"},
    {"PUT", "/nodes/pve1/qemu/100/config", R"({"memory":2048})", "allow", ""},
    {"DELETE", "/storage/nfs-backup", "{}", "confirm", "core-storage-remove"},
    {"DELETE", "/nodes/pve1/qemu/100", R"({"purge":1})", "confirm", "core-guest-destroy-qemu"},
    {"DELETE", "/nodes/pve1/lxc/102", "{}", "confirm", "core-guest-destroy-lxc"},
    {"POST", "/nodes/pve1/qemu", R"({"vmid":170,"archive":"local:backup/x.vma.zst"})", "confirm",
     "destructive-restore-qemu"},
    {"POST", "/nodes/pve1/lxc", R"({"vmid":170,"ostemplate":"local:backup/x.tar","restore":1})",
     "confirm", "destructive-restore-lxc"},
    {"POST", "/nodes/pve1/qemu/100/status/stop", "{}", "confirm", "destructive-stop-qemu"},
    {"POST", "/nodes/pve1/lxc/102/status/stop", "{}", "confirm", "destructive-stop-lxc"},
    {"POST", "/nodes/pve1/qemu/100/status/reset", "{}", "confirm", "destructive-reset-qemu"},
    {"DELETE", "/nodes/pve1/qemu/100/snapshot/pre", "{}", "confirm", "destructive-snapshot-delete"},
    {"POST", "/nodes/pve1/lxc/102/snapshot/pre/rollback", "{}", "confirm",
     "destructive-snapshot-rollback"},
    {"PUT", "/nodes/pve1/qemu/100/config", R"({"delete":"net1,scsi1"})", "confirm",
     "destructive-disk-remove-qemu"},
    {"PUT", "/nodes/pve1/lxc/102/config", R"({"delete":"mp0"})", "confirm",
     "destructive-disk-remove-lxc"},
    {"PUT", "/nodes/pve1/qemu/100/unlink", R"({"idlist":"scsi1"})", "confirm",
     "destructive-disk-unlink"},
    {"DELETE", "/nodes/pve1/storage/local/content/local:backup%2Fx.vma.zst", "{}", "confirm",
     "destructive-volume-delete"},
    {"DELETE", "/nodes/pve1/tasks/UPID:pve1:1:2:3:vzdump::root@pam:", "{}", "confirm",
     "destructive-task-stop"},
    {"POST", "/nodes/pve1/qemu/100/agent/exec", R"({"command":"uname"})", "confirm",
     "destructive-agent-exec"},
    {"DELETE", "/cluster/ha/resources/vm:100", "{}", "confirm", "destructive-ha-remove"},
    // Ordinary administration: no rule.
    {"GET", "/access/users/root@pam", "{}", "allow", ""},
    {"PUT", "/access/users/admin@pve", R"({"enable":0})", "allow", ""},
    {"POST", "/nodes/pve1/qemu/100/status/start", "{}", "allow", ""},
    {"POST", "/nodes/pve1/qemu/100/status/shutdown", "{}", "allow", ""},
    {"PUT", "/nodes/pve1/qemu/100/config", R"({"delete":"net1"})", "allow", ""},
    {"PUT", "/cluster/firewall/options", R"({"enable":1})", "allow", ""},
    {"POST", "/nodes/pve1/status", R"({"command":"wakeonlan"})", "allow", ""},
    {"POST", "/nodes/pve1/qemu", R"({"vmid":150,"memory":1024})", "allow", ""},
    // Spellings that must not slip past a rule.
    {"delete", "/api2/json/access/users/root@pam/", "{}", "refuse", "core-root-pam-delete"},
    {"DELETE", "//access//users/root%40pam", "{}", "refuse", "core-root-pam-delete"},
    {"DELETE", "/nodes/pve1/../../access/users/./root@pam", "{}", "refuse", "core-root-pam-delete"},
    {"POST", "/nodes/pve1/%65xecute", "{}", "refuse", "core-node-execute"},
};

} // namespace

class TestCoreRules final : public QObject {
    Q_OBJECT

private slots:
    void judge_data();
    void judge();
    void everyRuleHasACase();
    void everyRuleIsWellFormed();
    void everyRuleIsDocumented();
    void normalisePath_data();
    void normalisePath();
    void judgeShellMapsTheCommand();
};

void TestCoreRules::judge_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("params");
    QTest::addColumn<QString>("verdict");
    QTest::addColumn<QString>("rule");
    for (const Case &c : cases)
        QTest::addRow("%s %s %s", c.method, c.path, c.params)
            << QString::fromLatin1(c.method) << QString::fromLatin1(c.path) << QByteArray(c.params)
            << QString::fromLatin1(c.verdict) << QString::fromLatin1(c.rule);
}

void TestCoreRules::judge()
{
    QFETCH(QString, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, params);
    QFETCH(QString, verdict);
    QFETCH(QString, rule);
    const CoreVerdict judged =
        CoreRules::builtIn().judge({method, path, QJsonDocument::fromJson(params).object()});
    QCOMPARE(CoreVerdict::kindName(judged.kind), verdict);
    QCOMPARE(judged.ruleId, rule);
    if (!judged.allowed())
        QVERIFY(judged.reason.endsWith(u'.'));
}

void TestCoreRules::everyRuleHasACase()
{
    QSet<QString> covered;
    for (const Case &c : cases)
        covered.insert(QString::fromLatin1(c.rule));
    for (const CoreRule &rule : CoreRules::builtIn().rules())
        QVERIFY2(covered.contains(rule.id), qPrintable(rule.id));
}

void TestCoreRules::everyRuleIsWellFormed()
{
    QSet<QString> ids;
    for (const CoreRule &rule : CoreRules::builtIn().rules()) {
        QVERIFY2(!ids.contains(rule.id), qPrintable(rule.id));
        ids.insert(rule.id);
        QVERIFY(!rule.methods.isEmpty());
        QVERIFY(!rule.methods.contains(QStringLiteral("GET")));
        QVERIFY2(rule.path.startsWith(u'/'), qPrintable(rule.id));
        QVERIFY2(rule.param.isEmpty() == rule.paramValue.isEmpty(), qPrintable(rule.id));
        QVERIFY2(rule.reason.endsWith(u'.'), qPrintable(rule.id));
        // A client's confirm:true may only stand in for a person where a typed tool exists or
        // the operation is no core rule of issue 15 (prefix "destructive-").
        if (rule.clientMayConfirm)
            QVERIFY2(rule.id.startsWith(QLatin1String("destructive-")) &&
                         rule.verdict == CoreVerdict::Kind::Confirm,
                     qPrintable(rule.id));
        else
            QVERIFY2(rule.id.startsWith(QLatin1String("core-")), qPrintable(rule.id));
    }
}

void TestCoreRules::everyRuleIsDocumented()
{
    QFile doc(qEnvironmentVariable("PMCP_SOURCE_DIR") + QStringLiteral("/docs/SAFETY.md"));
    QVERIFY(doc.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(doc.readAll());
    for (const CoreRule &rule : CoreRules::builtIn().rules())
        QVERIFY2(text.contains(QStringLiteral("`%1`").arg(rule.id)), qPrintable(rule.id));
}

void TestCoreRules::normalisePath_data()
{
    QTest::addColumn<QString>("given");
    QTest::addColumn<QString>("normalised");
    QTest::newRow("plain") << "/nodes/pve1"
                           << "/nodes/pve1";
    QTest::newRow("api prefix") << "/api2/json/nodes/pve1/"
                                << "/nodes/pve1";
    QTest::newRow("double slashes") << "//nodes///pve1"
                                    << "/nodes/pve1";
    QTest::newRow("dots") << "/nodes/./pve1/../pve2"
                          << "/nodes/pve2";
    QTest::newRow("above the root") << "/../../access"
                                    << "/access";
    QTest::newRow("encoded letters") << "/access/users/root%40pam"
                                     << "/access/users/root@pam";
    QTest::newRow("encoded slash stays in its segment")
        << "/nodes/n/storage/local/content/local:backup%2Fa"
        << "/nodes/n/storage/local/content/local:backup%2Fa";
    QTest::newRow("encoded dots are dots") << "/nodes/pve1/%2e%2e/x"
                                           << "/nodes/x";
    QTest::newRow("empty") << ""
                           << "/";
}

void TestCoreRules::normalisePath()
{
    QFETCH(QString, given);
    QFETCH(QString, normalised);
    QCOMPARE(CoreRules::normalisePath(given), normalised);
}

void TestCoreRules::judgeShellMapsTheCommand()
{
    const CoreRules &rules = CoreRules::builtIn();
    QCOMPARE(
        rules.judgeShell(QStringLiteral("qm"), {QStringLiteral("destroy"), QStringLiteral("100")})
            .ruleId,
        QStringLiteral("core-guest-destroy-qemu"));
    QCOMPARE(rules
                 .judgeShell(QStringLiteral("/usr/sbin/pvesh"),
                             {QStringLiteral("set"), QStringLiteral("/access/users/root@pam"),
                              QStringLiteral("--enable"), QStringLiteral("0")})
                 .kind,
             CoreVerdict::Kind::Refuse);
    QVERIFY(rules.judgeShell(QStringLiteral("qm"), {QStringLiteral("list")}).allowed());
    QVERIFY(rules.judgeShell(QStringLiteral("ls"), {QStringLiteral("-l")}).allowed());
}

QTEST_GUILESS_MAIN(TestCoreRules)
#include "TestCoreRules.moc"
