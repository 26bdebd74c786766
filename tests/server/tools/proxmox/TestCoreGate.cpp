#include "server/tools/proxmox/CoreGate.h"

#include "ProxmoxToolsFixture.h"
#include "server/mcp/ToolCall.h"
#include "server/policy/CoreRules.h"
#include "server/tools/shell/ShellOperationGuard.h"
#include "server/tools/shell/ShellTools.h"

#include <QSet>
#include <QSignalSpy>
#include <QTimer>

using namespace pmcp;
using namespace pmcp::test;

namespace {

// The table walked through the three paths: for every core rule, its shell spelling (an
// execute_command line), the proxmox_api call, and the typed tool's call where one sends this
// very request. The same verdict must come out of each.
struct Walk {
    const char *rule;
    const char *shell;
    const char *method;
    const char *path;
    const char *data;
    const char *tool = nullptr;
    const char *toolArguments = nullptr;
};

const Walk walks[] = {
    {"core-root-pam-delete", "pveum user delete root@pam", "DELETE", "/access/users/root@pam",
     "{}"},
    {"core-root-pam-disable", "pveum user modify root@pam --enable 0", "PUT",
     "/access/users/root@pam", R"({"enable":0})"},
    {"core-root-pam-expire", "pveum user modify root@pam --expire 1893456000", "PUT",
     "/access/users/root@pam", R"({"expire":1893456000})"},
    {"core-root-pam-token", "pveum user token add root@pam t1", "POST",
     "/access/users/root@pam/token/t1", "{}"},
    {"core-root-pam-password", "pveum passwd root@pam", "PUT", "/access/password",
     R"({"userid":"root@pam","password":"Secret123!"})"},
    {"core-root-pam-modify", "pveum user modify root@pam --email root@example.com", "PUT",
     "/access/users/root@pam", R"({"email":"root@example.com"})"},
    {"core-token", "pveum user token add admin@pve ci --privsep 0", "POST",
     "/access/users/admin@pve/token/ci", R"({"privsep":0})"},
    {"core-password", "pveum passwd admin@pve", "PUT", "/access/password",
     R"({"userid":"admin@pve","password":"Secret123!"})"},
    {"core-acl", "pveum acl modify / --roles Administrator --users admin@pve", "PUT", "/access/acl",
     R"({"path":"/","roles":"Administrator","users":"admin@pve"})"},
    {"core-roles", "pveum role add Boss --privs Sys.Audit", "POST", "/access/roles",
     R"({"roleid":"Boss","privs":"Sys.Audit"})"},
    {"core-cluster-create", "pvecm create lab", "POST", "/cluster/config",
     R"({"clustername":"lab"})"},
    {"core-cluster-join", "pvecm add 10.0.0.1", "POST", "/cluster/config/join",
     R"({"hostname":"10.0.0.1","password":"x","fingerprint":"AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99"})"},
    {"core-cluster-nodes", "pvecm delnode pve3", "DELETE", "/cluster/config/nodes/pve3", "{}"},
    {"core-node-power", "pvesh create /nodes/localhost/status --command reboot", "POST",
     "/nodes/pve1/status", R"({"command":"reboot"})"},
    {"core-node-bulk", "pvenode stopall", "POST", "/nodes/pve1/stopall", "{}"},
    {"core-node-execute", "pvesh create /nodes/localhost/execute --commands []", "POST",
     "/nodes/pve1/execute", R"({"commands":"[]"})"},
    {"core-node-shell", "pvesh create /nodes/localhost/termproxy", "POST", "/nodes/pve1/termproxy",
     "{}"},
    {"core-firewall-off", "pvesh set /cluster/firewall/options --enable 0", "PUT",
     "/cluster/firewall/options", R"({"enable":0})"},
    {"core-node-firewall-off", "pve-firewall stop", "PUT", "/nodes/pve1/firewall/options",
     R"({"enable":0})"},
    {"core-hookscript", "qm set 100 --hookscript local:snippets/hook.pl", "PUT",
     "/nodes/pve1/qemu/100/config", R"({"hookscript":"local:snippets/hook.pl"})"},
    {"core-storage-remove", "pvesm remove nfs-backup", "DELETE", "/storage/nfs-backup", "{}"},
    {"core-guest-destroy-qemu", "qm destroy 302 --purge", "DELETE", "/nodes/pve3/qemu/302", "{}",
     "qemu_delete", R"({"node":"pve3","vmid":302,"purge":true})"},
    {"core-guest-destroy-lxc", "pct destroy 301", "DELETE", "/nodes/pve3/lxc/301", "{}",
     "lxc_delete", R"({"node":"pve3","vmid":301})"},
    {"destructive-restore-qemu", "qmrestore local:backup/vzdump-qemu-170.vma.zst 170", "POST",
     "/nodes/pve1/qemu", R"({"vmid":170,"archive":"local:backup/vzdump-qemu-170.vma.zst"})"},
    {"destructive-restore-lxc",
     "pct restore 170 local:backup/vzdump-lxc-103-2026_11_20-18_30_12.tar.zst", "POST",
     "/nodes/pve1/lxc",
     R"({"vmid":170,"ostemplate":"local:backup/vzdump-lxc-103-2026_11_20-18_30_12.tar.zst","restore":1})",
     "backup_restore",
     R"({"node":"pve1","vmid":170,"type":"lxc","archive":"local:backup/vzdump-lxc-103-2026_11_20-18_30_12.tar.zst"})"},
    {"destructive-stop-qemu", "qm stop 100", "POST", "/nodes/pve1/qemu/100/status/stop", "{}",
     "qemu_stop", R"({"node":"pve1","vmid":100})"},
    {"destructive-stop-lxc", "pct stop 102", "POST", "/nodes/pve1/lxc/102/status/stop", "{}",
     "lxc_stop", R"({"node":"pve1","vmid":102})"},
    {"destructive-reset-qemu", "qm reset 100", "POST", "/nodes/pve1/qemu/100/status/reset", "{}",
     "qemu_reset", R"({"node":"pve1","vmid":100})"},
    {"destructive-snapshot-delete", "qm delsnapshot 100 pre-migration", "DELETE",
     "/nodes/pve1/qemu/100/snapshot/pre-migration", "{}", "snapshot_delete",
     R"({"node":"pve1","vmid":100,"snapname":"pre-migration"})"},
    {"destructive-snapshot-rollback", "qm rollback 100 pre-migration", "POST",
     "/nodes/pve1/qemu/100/snapshot/pre-migration/rollback", "{}", "snapshot_rollback",
     R"({"node":"pve1","vmid":100,"snapname":"pre-migration"})"},
    {"destructive-disk-remove-qemu", "qm set 100 --delete scsi0", "PUT",
     "/nodes/pve1/qemu/100/config", R"({"delete":"scsi0"})", "qemu_update_config",
     R"({"node":"pve1","vmid":100,"delete":"scsi0"})"},
    {"destructive-disk-remove-lxc", "pct set 102 --delete mp0", "PUT", "/nodes/pve1/lxc/102/config",
     R"({"delete":"mp0"})", "lxc_update_config", R"({"node":"pve1","vmid":102,"delete":"mp0"})"},
    {"destructive-disk-unlink", "qm disk unlink 100 --idlist scsi0", "PUT",
     "/nodes/pve1/qemu/100/unlink", R"({"idlist":"scsi0"})"},
    {"destructive-volume-delete",
     "pvesm free local:backup/vzdump-lxc-103-2026_11_20-18_30_12.tar.zst", "DELETE",
     "/nodes/pve1/storage/local/content/local:backup%2Fvzdump-lxc-103-2026_11_20-18_30_12.tar.zst",
     "{}", "backup_delete",
     R"({"node":"pve1","storage":"local","volume":"local:backup/vzdump-lxc-103-2026_11_20-18_30_12.tar.zst"})"},
    {"destructive-task-stop",
     "pvesh delete "
     "/nodes/localhost/tasks/UPID:pve1:00001234:00005678:6553F000:vzdump:100:root@pam:",
     "DELETE", "/nodes/pve1/tasks/UPID:pve1:00001234:00005678:6553F000:vzdump:100:root@pam:",
     "{}"}, // task_stop reads the task first: TestProxmoxTools stops a real one
    {"destructive-agent-exec", "qm guest exec 100 -- uname -a", "POST",
     "/nodes/pve1/qemu/100/agent/exec", R"({"command":["uname","-a"]})", "qemu_agent_exec",
     R"({"node":"pve1","vmid":100,"command":["uname","-a"]})"},
    {"destructive-ha-remove", "ha-manager remove vm:100", "DELETE", "/cluster/ha/resources/vm:100",
     "{}"},
};

// Records what it was asked to run and answers with success.
class FakeExecutor final : public CommandExecutor {
public:
    void run(const QString &commandLine, int, Callback callback) override
    {
        commands.append(commandLine);
        QTimer::singleShot(0, [callback = std::move(callback)] {
            CommandResult result;
            result.status = CommandResult::Status::Success;
            callback(result);
        });
    }
    QString describe() const override { return QStringLiteral("fake"); }

    QStringList commands;
};

const QJsonObject kElicitation{{QStringLiteral("elicitation"), QJsonObject{}}};

QJsonObject object(const char *json)
{
    return ProxmoxToolsFixture::json(json);
}

// What the shell path would decide once the command policy consults the core rules
// (CommandPolicy wires CoreRules::judgeShell in; until then the test does it here).
PolicyDecision shellDecision(const QString &line)
{
    QStringList words = line.split(u' ', Qt::SkipEmptyParts);
    const QString program = words.takeFirst();
    const CoreVerdict verdict = CoreRules::builtIn().judgeShell(program, words);
    PolicyDecision decision;
    decision.allowed = verdict.allowed();
    decision.rule = verdict.ruleId;
    decision.reason = verdict.reason;
    decision.offendingCommand = line;
    decision.needsConfirmation = verdict.kind == CoreVerdict::Kind::Confirm;
    decision.confirmation = verdict.reason;
    decision.typedTool = verdict.typedTool;
    return decision;
}

// The changing requests the simulator received.
QStringList changes(const QSignalSpy &served)
{
    QStringList seen;
    for (const QList<QVariant> &request : served) {
        if (request.at(0).toByteArray() != "GET")
            seen.append(QString::fromLatin1(request.at(0).toByteArray()) + u' ' +
                        request.at(1).toString());
    }
    return seen;
}

bool isError(const std::shared_ptr<RecordingChannel> &channel)
{
    return channel->result().value(QLatin1String("isError")).toBool() ||
           !channel->error().isEmpty();
}

QString text(const std::shared_ptr<RecordingChannel> &channel)
{
    return ProxmoxToolsFixture::text(channel->result());
}

QJsonObject apiArguments(const Walk &walk, bool confirm)
{
    QJsonObject arguments{{QStringLiteral("method"), QString::fromLatin1(walk.method)},
                          {QStringLiteral("path"), QString::fromLatin1(walk.path)},
                          {QStringLiteral("data"), object(walk.data)}};
    if (confirm)
        arguments.insert(QStringLiteral("confirm"), true);
    return arguments;
}

QJsonObject toolArguments(const Walk &walk, bool confirm)
{
    QJsonObject arguments = object(walk.toolArguments);
    if (confirm)
        arguments.insert(QStringLiteral("confirm"), true);
    return arguments;
}

} // namespace

class TestCoreGate final : public QObject {
    Q_OBJECT

private slots:
    void everyRuleIsWalked();
    void typedToolsAndShellRulesInStep();
    void sameVerdictOnEveryPath_data();
    void sameVerdictOnEveryPath();
    void clientWithoutElicitation_data() { sameVerdictOnEveryPath_data(); }
    void clientWithoutElicitation();
    void personAnswers_data() { sameVerdictOnEveryPath_data(); }
    void personAnswers();
    void shellPath_data() { sameVerdictOnEveryPath_data(); }
    void shellPath();
    void shellPathMeetsTheTypedTool_data();
    void shellPathMeetsTheTypedTool();
    void shellConfirmArgumentWhereTheRuleAllowsIt();
    void satisfiedFollowsWhoConfirmed();
    void messagesNameRuleAndTool();
};

void TestCoreGate::everyRuleIsWalked()
{
    QSet<QString> walked;
    for (const Walk &walk : walks)
        walked.insert(QString::fromLatin1(walk.rule));
    for (const CoreRule &rule : CoreRules::builtIn().rules())
        QVERIFY2(walked.contains(rule.id), qPrintable(rule.id));
    QCOMPARE(walked.size(), CoreRules::builtIn().rules().size());
}

// Every typed tool that takes confirm does what a row of the table names it for, and every
// tool a row names exists and takes confirm; every row has its shell spelling (the walk).
void TestCoreGate::typedToolsAndShellRulesInStep()
{
    ProxmoxToolsFixture f;
    QSet<QString> named;
    for (const CoreRule &rule : CoreRules::builtIn().rules()) {
        if (rule.typedTool.isEmpty())
            continue;
        named.insert(rule.typedTool);
        const ToolDefinition *tool = f.server.tools().find(rule.typedTool);
        QVERIFY2(tool, qPrintable(rule.typedTool));
        QVERIFY2(tool->inputSchema.value(QLatin1String("properties"))
                     .toObject()
                     .contains(QLatin1String("confirm")),
                 qPrintable(rule.typedTool));
    }
    // proxmox_api is every row at once; vm_action is the original server's spelling of
    // qemu_stop and lxc_stop (destructive-stop-*).
    const QSet<QString> generic{QStringLiteral("proxmox_api"), QStringLiteral("vm_action")};
    for (const ToolDefinition *tool : f.server.tools().offered(false)) {
        const bool confirms = tool->inputSchema.value(QLatin1String("properties"))
                                  .toObject()
                                  .contains(QLatin1String("confirm"));
        if (confirms && !generic.contains(tool->name))
            QVERIFY2(named.contains(tool->name),
                     qPrintable(tool->name + QStringLiteral(" takes confirm but no core rule "
                                                            "names it: add its row and shell "
                                                            "spellings to CoreRules")));
    }
    for (const Walk &walk : walks) {
        QStringList words = QString::fromLatin1(walk.shell).split(u' ');
        const QString program = words.takeFirst();
        QCOMPARE(CoreRules::builtIn().judgeShell(program, words).ruleId,
                 QString::fromLatin1(walk.rule));
    }
}

void TestCoreGate::sameVerdictOnEveryPath_data()
{
    QTest::addColumn<int>("index");
    for (int i = 0; i < int(std::size(walks)); ++i)
        QTest::newRow(walks[i].rule) << i;
}

// The verdict of the API operation, of its shell spelling and of the typed tool's request
// (read from its dry run) is the same rule.
void TestCoreGate::sameVerdictOnEveryPath()
{
    QFETCH(int, index);
    const Walk &walk = walks[index];
    const CoreVerdict api = CoreRules::builtIn().judge(
        {QString::fromLatin1(walk.method), QString::fromLatin1(walk.path), object(walk.data)});
    QCOMPARE(api.ruleId, QString::fromLatin1(walk.rule));
    const PolicyDecision shell = shellDecision(QString::fromLatin1(walk.shell));
    QCOMPARE(shell.rule, api.ruleId);
    QCOMPARE(shell.needsConfirmation, api.kind == CoreVerdict::Kind::Confirm);
    QVERIFY(!shell.allowed);
    if (!walk.tool)
        return;
    ProxmoxToolsFixture f;
    QJsonObject arguments = object(walk.toolArguments);
    arguments.insert(QStringLiteral("dry_run"), true);
    const auto dry = f.call(QString::fromLatin1(walk.tool), arguments);
    QVERIFY2(!isError(dry), qPrintable(text(dry)));
    const QJsonObject request = dry->result()
                                    .value(QLatin1String("structuredContent"))
                                    .toObject()
                                    .value(QLatin1String("request"))
                                    .toObject();
    const CoreVerdict typed =
        CoreRules::builtIn().judge({request.value(QLatin1String("method")).toString(),
                                    request.value(QLatin1String("path")).toString(),
                                    request.value(QLatin1String("params")).toObject()});
    QCOMPARE(typed.ruleId, api.ruleId);
    QCOMPARE(typed.typedTool.isEmpty() ? QString() : typed.typedTool,
             QString::fromLatin1(walk.tool));
}

// A client that cannot ask its user, with its own confirm:true: refused and person-only rules
// send nothing (the answer names the rule); the rest goes ahead.
void TestCoreGate::clientWithoutElicitation()
{
    QFETCH(int, index);
    const Walk &walk = walks[index];
    const CoreVerdict verdict = CoreRules::builtIn().judge(
        {QString::fromLatin1(walk.method), QString::fromLatin1(walk.path), object(walk.data)});
    const bool goesAhead = verdict.kind == CoreVerdict::Kind::Confirm && verdict.clientMayConfirm;
    const auto check = [&](const char *tool, const QJsonObject &arguments) {
        ProxmoxToolsFixture f;
        QSignalSpy served(&f.simulator, &PveSimulator::requestServed);
        const auto channel = f.call(QString::fromLatin1(tool), arguments);
        QVERIFY(channel->isFinished());
        QVERIFY2(channel->sentWithMethod(QStringLiteral("elicitation/create")).isEmpty(), tool);
        if (goesAhead) {
            QVERIFY2(!changes(served).isEmpty(), qPrintable(text(channel)));
            return;
        }
        QVERIFY2(isError(channel), qPrintable(text(channel)));
        QVERIFY2(text(channel).contains(verdict.ruleId), qPrintable(text(channel)));
        QVERIFY2(changes(served).isEmpty(), qPrintable(changes(served).join(u',')));
    };
    check("proxmox_api", apiArguments(walk, true));
    if (walk.tool)
        check(walk.tool, toolArguments(walk, true));
}

// A client that can ask, without confirm: Refuse never asks and sends nothing; Confirm asks a
// person with a sentence (never JSON), sends nothing when declined, and goes ahead when accepted.
void TestCoreGate::personAnswers()
{
    QFETCH(int, index);
    const Walk &walk = walks[index];
    const CoreVerdict verdict = CoreRules::builtIn().judge(
        {QString::fromLatin1(walk.method), QString::fromLatin1(walk.path), object(walk.data)});
    const auto check = [&](const char *tool, const QJsonObject &arguments, bool accept) {
        ProxmoxToolsFixture f(kElicitation);
        QSignalSpy served(&f.simulator, &PveSimulator::requestServed);
        const auto channel = f.call(QString::fromLatin1(tool), arguments, false);
        const int asked = f.acceptElicitations(
            channel, accept ? QJsonObject{{QStringLiteral("action"), QStringLiteral("accept")},
                                          {QStringLiteral("content"),
                                           QJsonObject{{QStringLiteral("confirm"), true}}}}
                            : QJsonObject{{QStringLiteral("action"), QStringLiteral("decline")}});
        QVERIFY(channel->isFinished());
        if (verdict.kind == CoreVerdict::Kind::Refuse) {
            QCOMPARE(asked, 0);
            QVERIFY(isError(channel));
            QVERIFY2(text(channel).contains(verdict.ruleId), qPrintable(text(channel)));
            QVERIFY(changes(served).isEmpty());
            return;
        }
        QCOMPARE(asked, 1); // one question, even where the tool and the rule both confirm
        const QString message = channel->sentWithMethod(QStringLiteral("elicitation/create"))
                                    .first()
                                    .value(QLatin1String("params"))
                                    .toObject()
                                    .value(QLatin1String("message"))
                                    .toString();
        QVERIFY2(!message.contains(u'{') && message.endsWith(u'?'), qPrintable(message));
        QVERIFY2(message.contains(QString::fromLatin1(tool)), qPrintable(message));
        if (verdict.needsPerson())
            QVERIFY2(message.contains(verdict.ruleId), qPrintable(message));
        if (accept) {
            QVERIFY2(!changes(served).isEmpty(), qPrintable(text(channel)));
        } else {
            QVERIFY(isError(channel));
            QVERIFY2(text(channel).startsWith(QLatin1String("Nothing was done")),
                     qPrintable(text(channel)));
            QVERIFY(changes(served).isEmpty());
        }
    };
    check("proxmox_api", apiArguments(walk, false), false);
    check("proxmox_api", apiArguments(walk, false), true);
    if (walk.tool)
        check(walk.tool, toolArguments(walk, false), true);
}

// execute_command with the core rules' decision: nothing runs without a person; a person's
// yes runs the Confirm rows, never the Refuse rows; a client that cannot ask is told why.
void TestCoreGate::shellPath()
{
    QFETCH(int, index);
    const Walk &walk = walks[index];
    const PolicyDecision decision = shellDecision(QString::fromLatin1(walk.shell));
    for (const bool canAsk : {false, true}) {
        auto executor = std::make_shared<FakeExecutor>();
        auto backend = std::make_shared<ShellBackend>();
        backend->executor = executor;
        backend->policy = std::make_shared<const CommandPolicy>(CommandPolicy::defaults(false));
        backend->judge = shellDecision;
        McpServer server({QStringLiteral("proxmox-mcp"), {}, QStringLiteral("test"), {}});
        QVERIFY(server.tools().add(ExecuteCommandTool::definition(backend)).ok());
        McpSession session(QStringLiteral("s"));
        initializeSession(server, &session, canAsk ? kElicitation : QJsonObject{});
        auto channel = sendRequest(
            server, &session, 1, QStringLiteral("tools/call"),
            {{QStringLiteral("name"), QStringLiteral("execute_command")},
             {QStringLiteral("arguments"),
              QJsonObject{{QStringLiteral("command"), QString::fromLatin1(walk.shell)}}}});
        if (canAsk && decision.needsConfirmation) {
            QTRY_VERIFY(!channel->sentWithMethod(QStringLiteral("elicitation/create")).isEmpty());
            const QJsonObject asked =
                channel->sentWithMethod(QStringLiteral("elicitation/create")).first();
            const QString message = asked.value(QLatin1String("params"))
                                        .toObject()
                                        .value(QLatin1String("message"))
                                        .toString();
            QVERIFY2(message.contains(QString::fromLatin1(walk.shell)) &&
                         message.contains(decision.reason),
                     qPrintable(message));
            if (!decision.typedTool.isEmpty())
                QVERIFY2(message.contains(decision.typedTool), qPrintable(message));
            QVERIFY(executor->commands.isEmpty());
            server.handle(&session,
                          JsonRpcMessage::classify(JsonRpc::result(
                              asked.value(QLatin1String("id")),
                              object(R"({"action":"accept","content":{"confirm":true}})"))),
                          {});
            QTRY_VERIFY(channel->isFinished());
            QCOMPARE(executor->commands, QStringList{QString::fromLatin1(walk.shell)});
            continue;
        }
        QTRY_VERIFY(channel->isFinished());
        QVERIFY(channel->sentWithMethod(QStringLiteral("elicitation/create")).isEmpty());
        QVERIFY(executor->commands.isEmpty());
        const QJsonObject data =
            channel->result().value(QLatin1String("structuredContent")).toObject();
        QCOMPARE(data.value(QLatin1String("status")).toString(), QStringLiteral("denied"));
        QCOMPARE(data.value(QLatin1String("rule")).toString(), decision.rule);
        if (decision.needsConfirmation)
            QVERIFY2(data.value(QLatin1String("reason"))
                         .toString()
                         .contains(QLatin1String("cannot ask its user")),
                     qPrintable(data.value(QLatin1String("reason")).toString()));
    }
}

void TestCoreGate::shellPathMeetsTheTypedTool_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<bool>("protectedGuest");
    for (int i = 0; i < int(std::size(walks)); ++i) {
        if (!walks[i].tool)
            continue;
        QTest::newRow(walks[i].rule) << i << false;
        QTest::newRow(QByteArray(walks[i].rule) + " protected") << i << true;
    }
}

// Every row with a typed tool, through execute_command on the real command policy and the
// guard against the simulator: the dry run gives the typed tool's words (its name aside), and
// a protected guest is refused exactly where and as the typed tool refuses it. Nothing runs.
void TestCoreGate::shellPathMeetsTheTypedTool()
{
    QFETCH(int, index);
    QFETCH(bool, protectedGuest);
    const Walk &walk = walks[index];
    ProxmoxToolsFixture f;
    QVERIFY(f.started);
    auto executor = std::make_shared<FakeExecutor>();
    auto backend = std::make_shared<ShellBackend>();
    backend->executor = executor;
    backend->policy = std::make_shared<const CommandPolicy>(CommandPolicy::defaults(false));
    backend->guard =
        std::make_shared<const ShellOperationGuard>(f.targets.client(), QStringLiteral("default"));
    QVERIFY(f.server.tools().add(ExecuteCommandTool::definition(backend)).ok());
    const QString line = QString::fromLatin1(walk.shell);
    const PolicyDecision decision = backend->policy->evaluate(line);
    QVERIFY2(decision.needsConfirmation, qPrintable(decision.rule + u' ' + decision.reason));
    QCOMPARE(decision.rule, QString::fromLatin1(walk.rule));
    QVERIFY2(!decision.operation.method.isEmpty(), walk.shell);
    const ShellOperationGuard::Guest guest = ShellOperationGuard::guestOf(decision.operation);
    if (protectedGuest) {
        SimGuest *simulated = f.simulator.state().guest(int(guest.vmid));
        if (!simulated)
            QSKIP("the row's guest does not exist yet (a restore to a new id)");
        simulated->config.insert(QStringLiteral("protection"), 1);
    }
    QJsonObject typedArguments = object(walk.toolArguments);
    typedArguments.insert(QStringLiteral("dry_run"), true);
    const auto typed = f.call(QString::fromLatin1(walk.tool), typedArguments);
    const auto shell =
        f.call(QStringLiteral("execute_command"),
               QJsonObject{{QStringLiteral("command"), line}, {QStringLiteral("dry_run"), true}});
    QVERIFY(executor->commands.isEmpty());
    const QJsonObject data = shell->result().value(QLatin1String("structuredContent")).toObject();
    const QString typedText = text(typed);
    if (isError(typed)) {
        // The typed tool refuses it (a protected guest): the shell path too, with its words.
        QVERIFY2(protectedGuest && typedText.contains(QLatin1String("protection: 1")),
                 qPrintable(typedText));
        QVERIFY(ShellOperationGuard::refusesProtected(decision.operation));
        QCOMPARE(data.value(QLatin1String("status")).toString(), QStringLiteral("denied"));
        QCOMPARE(data.value(QLatin1String("reason")).toString(), typedText);
        QVERIFY(isError(shell));
        return;
    }
    QVERIFY2(!protectedGuest || !ShellOperationGuard::refusesProtected(decision.operation),
             qPrintable(typedText));
    QVERIFY2(!isError(shell), qPrintable(text(shell)));
    QCOMPARE(data.value(QLatin1String("status")).toString(), QStringLiteral("dry_run"));
    QString shellText = data.value(QLatin1String("reason")).toString();
    QVERIFY2(
        shellText.startsWith(QLatin1String("Dry run, nothing was sent. execute_command would ")),
        qPrintable(shellText));
    QCOMPARE(shellText.replace(QLatin1String("execute_command"), QString::fromLatin1(walk.tool)),
             typedText);
    // The plan names the request the typed tool would send, on the guest's own node.
    const QJsonObject typedRequest = typed->result()
                                         .value(QLatin1String("structuredContent"))
                                         .toObject()
                                         .value(QLatin1String("request"))
                                         .toObject();
    const QJsonObject shellRequest = data.value(QLatin1String("request")).toObject();
    QCOMPARE(shellRequest.value(QLatin1String("method")),
             typedRequest.value(QLatin1String("method")));
    QCOMPARE(shellRequest.value(QLatin1String("path")), typedRequest.value(QLatin1String("path")));
}

// A destructive row (a client may confirm it): confirm:true from a client that cannot ask runs
// the command; without it the answer says what it would do and how to go on. A core row (only a
// person) does not run on confirm:true.
void TestCoreGate::shellConfirmArgumentWhereTheRuleAllowsIt()
{
    ProxmoxToolsFixture f;
    QVERIFY(f.started);
    auto executor = std::make_shared<FakeExecutor>();
    auto backend = std::make_shared<ShellBackend>();
    backend->executor = executor;
    backend->policy = std::make_shared<const CommandPolicy>(CommandPolicy::defaults(false));
    backend->guard =
        std::make_shared<const ShellOperationGuard>(f.targets.client(), QStringLiteral("default"));
    QVERIFY(f.server.tools().add(ExecuteCommandTool::definition(backend)).ok());
    const QString rollback = QStringLiteral("qm rollback 100 pre-migration");
    const auto unconfirmed =
        f.call(QStringLiteral("execute_command"), {{QStringLiteral("command"), rollback}});
    QVERIFY(isError(unconfirmed));
    const QString refusal = unconfirmed->result()
                                .value(QLatin1String("structuredContent"))
                                .toObject()
                                .value(QLatin1String("reason"))
                                .toString();
    QVERIFY2(refusal.contains(QLatin1String("roll VM 100 (\"web-01\", running) on node pve1 back "
                                            "to snapshot \"pre-migration\"")) &&
                 refusal.contains(QLatin1String("confirm:true")),
             qPrintable(refusal));
    QVERIFY(executor->commands.isEmpty());
    const auto confirmed =
        f.call(QStringLiteral("execute_command"), QJsonObject{{QStringLiteral("command"), rollback},
                                                              {QStringLiteral("confirm"), true}});
    QVERIFY2(!isError(confirmed), qPrintable(text(confirmed)));
    QCOMPARE(executor->commands, QStringList{rollback});
    // qm destroy needs a person: confirm:true is not enough, and this client cannot ask.
    const auto destroy =
        f.call(QStringLiteral("execute_command"),
               QJsonObject{{QStringLiteral("command"), QStringLiteral("qm destroy 302")},
                           {QStringLiteral("confirm"), true}});
    QVERIFY(isError(destroy));
    QVERIFY2(text(destroy).contains(QLatin1String("cannot ask its user")),
             qPrintable(text(destroy)));
    QCOMPARE(executor->commands, QStringList{rollback});
}

void TestCoreGate::satisfiedFollowsWhoConfirmed()
{
    ProxmoxToolsFixture f;
    // A ToolCall of any tool carries the facts; take one through a definition's handler.
    std::shared_ptr<ToolCall> seen;
    ToolDefinition probe;
    probe.name = QStringLiteral("probe");
    probe.title = QStringLiteral("Probe");
    probe.category = QStringLiteral("test");
    probe.description = QStringLiteral("Hands its call to the test.");
    probe.description = QStringLiteral("Hands its call to the test.");
    probe.inputSchema = QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}};
    probe.handler = [&seen](const std::shared_ptr<ToolCall> &call) {
        seen = call;
        call->finish(ToolResult::text(QStringLiteral("ok")));
    };
    QVERIFY(f.server.tools().add(probe).ok());
    f.call(QStringLiteral("probe"), {});
    QVERIFY(seen);
    CoreVerdict person{CoreVerdict::Kind::Confirm, QStringLiteral("r"), {}, {}, false};
    CoreVerdict client{CoreVerdict::Kind::Confirm, QStringLiteral("r"), {}, {}, true};
    const CoreVerdict refuse{CoreVerdict::Kind::Refuse, QStringLiteral("r"), {}, {}, false};
    QVERIFY(CoreGate::satisfied(CoreVerdict{}, *seen));
    QVERIFY(!CoreGate::satisfied(person, *seen));
    QVERIFY(!CoreGate::satisfied(client, *seen));
    seen->facts().setConfirmation(AuditFacts::Confirmation::Client);
    QVERIFY(!CoreGate::satisfied(person, *seen));
    QVERIFY(CoreGate::satisfied(client, *seen));
    seen->facts().setConfirmation(AuditFacts::Confirmation::Person);
    QVERIFY(CoreGate::satisfied(person, *seen));
    QVERIFY(!CoreGate::satisfied(refuse, *seen));
}

void TestCoreGate::messagesNameRuleAndTool()
{
    const CoreVerdict destroy = CoreRules::builtIn().judge(
        {QStringLiteral("DELETE"), QStringLiteral("/nodes/pve1/qemu/100"), {}});
    const QString refusal = CoreGate::refusal(destroy, QStringLiteral("delete VM 100"));
    QVERIFY2(refusal.contains(QLatin1String("core-guest-destroy-qemu")) &&
                 refusal.contains(QLatin1String("qemu_delete")) &&
                 refusal.contains(QLatin1String("Nothing was sent")),
             qPrintable(refusal));
    const QString why = CoreGate::cannotAsk(destroy, QStringLiteral("delete VM 100"));
    QVERIFY2(why.contains(QLatin1String("confirm:true")) &&
                 why.contains(QLatin1String("elicitation")),
             qPrintable(why));
    const QString question =
        CoreGate::question(QStringLiteral("qemu_delete"), QStringLiteral("delete VM 100"), destroy);
    QVERIFY2(question.startsWith(QLatin1String("qemu_delete wants to delete VM 100.")) &&
                 question.endsWith(QLatin1String("Allow it?")),
             qPrintable(question));
}

QTEST_GUILESS_MAIN(TestCoreGate)
#include "TestCoreGate.moc"
