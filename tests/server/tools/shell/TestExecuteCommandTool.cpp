#include "server/tools/shell/ExecuteCommandTool.h"

#include "server/mcp/JsonSchemaValidator.h"
#include "server/mcp/McpServer.h"
#include "server/mcp/McpSession.h"
#include "server/mcp/ToolRegistry.h"
#include "server/tools/shell/ShellTools.h"
#include "tests/support/RecordingChannel.h"
#include "FakeExecutor.h"

#include <QJsonArray>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

class TestExecuteCommandTool final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void descriptorKeepsTheOriginalSchema();
    void allowedCommandReachesTheExecutor_data();
    void allowedCommandReachesTheExecutor();
    void deniedCommandNeverRuns();
    void coreRulesJudgePlainProxmoxCommands_data();
    void coreRulesJudgePlainProxmoxCommands();
    void personConfirmsThroughElicitation();
    void statusesAreMapped_data();
    void statusesAreMapped();
    void outputCapsAreSurfaced();
    void timeoutOutOfRangeIsRejected();
    void factsTellTheAuditTheVerdict();

private:
    QJsonObject call(const QJsonObject &arguments);

    std::shared_ptr<FakeExecutor> m_executor;
    std::shared_ptr<const CommandPolicy> m_policy;
    std::unique_ptr<McpServer> m_server;
    std::unique_ptr<McpSession> m_session;
    QStringList m_observed;
    QList<PolicyDecision> m_decisions;
    QList<AuditFacts> m_facts; // what each finished call told the audit
    int m_nextId = 0;
};

void TestExecuteCommandTool::init()
{
    m_executor = std::make_shared<FakeExecutor>();
    m_policy = std::make_shared<const CommandPolicy>(CommandPolicy::defaults(false));
    m_server = std::make_unique<McpServer>(
        ServerIdentity{QStringLiteral("proxmox-mcp"), {}, QStringLiteral("test"), {}});
    m_session = std::make_unique<McpSession>(QStringLiteral("session-1"));
    m_observed.clear();
    m_decisions.clear();
    m_facts.clear();
    m_server->setToolAuditor(
        [this](const McpServer::ToolCallRecord &record) { m_facts.append(record.facts); });
    ShellTools::registerAll(m_server->tools(), m_executor, m_policy,
                            [this](const QString &command, const PolicyDecision &decision) {
                                m_observed.append(command);
                                m_decisions.append(decision);
                            });
    initializeSession(*m_server, m_session.get());
}

QJsonObject TestExecuteCommandTool::call(const QJsonObject &arguments)
{
    auto channel = sendRequest(*m_server, m_session.get(), ++m_nextId, QStringLiteral("tools/call"),
                               {{QStringLiteral("name"), QStringLiteral("execute_command")},
                                {QStringLiteral("arguments"), arguments}});
    [&] { QTRY_VERIFY(channel->isFinished()); }();
    return channel->response;
}

void TestExecuteCommandTool::descriptorKeepsTheOriginalSchema()
{
    const ToolDefinition tool = ExecuteCommandTool::definition(std::make_shared<ShellBackend>());
    QCOMPARE(tool.name, QStringLiteral("execute_command"));
    // As listed: the original arguments. Accepted besides: dry_run and confirm, which only the
    // commands the core rules confirm use (docs/SAFETY.md).
    const QJsonObject listed =
        tool.listedInputSchema().value(QLatin1String("properties")).toObject();
    QCOMPARE(listed.keys(), (QStringList{QStringLiteral("command"), QStringLiteral("timeout_s")}));
    const QJsonObject properties = tool.inputSchema.value(QLatin1String("properties")).toObject();
    QCOMPARE(properties.keys(),
             (QStringList{QStringLiteral("command"), QStringLiteral("confirm"),
                          QStringLiteral("dry_run"), QStringLiteral("timeout_s")}));
    QCOMPARE(tool.hiddenArguments,
             (QStringList{QStringLiteral("confirm"), QStringLiteral("dry_run")}));
    QCOMPARE(tool.inputSchema.value(QLatin1String("required")).toArray(),
             QJsonArray{QStringLiteral("command")});
    QCOMPARE(properties.value(QLatin1String("timeout_s"))[QLatin1String("default")].toInt(), 30);
    // The original name still works (allowedCommandReachesTheExecutor sends it).
    QCOMPARE(tool.argumentAliases.value(QStringLiteral("timeout")), QStringLiteral("timeout_s"));
    // Not destructive as a whole: the policy decides per command (docs/SAFETY.md).
    QVERIFY(!tool.annotations.destructive);
    QVERIFY(!tool.annotations.readOnly);
    QVERIFY(tool.annotations.openWorld);
    QCOMPARE(JsonSchemaValidator::checkSchema(tool.inputSchema), QString());
    QCOMPARE(JsonSchemaValidator::checkSchema(tool.outputSchema), QString());
}

void TestExecuteCommandTool::allowedCommandReachesTheExecutor_data()
{
    QTest::addColumn<QJsonObject>("arguments");
    QTest::addColumn<int>("timeoutMs");
    QTest::newRow("default timeout")
        << QJsonObject{{QStringLiteral("command"), QStringLiteral("qm list")}} << 30000;
    QTest::newRow("given timeout_s")
        << QJsonObject{{QStringLiteral("command"), QStringLiteral("pvesm status")},
                       {QStringLiteral("timeout_s"), 5}}
        << 5000;
    QTest::newRow("original name timeout")
        << QJsonObject{{QStringLiteral("command"), QStringLiteral("pvesm status")},
                       {QStringLiteral("timeout"), 6}}
        << 6000;
}

void TestExecuteCommandTool::allowedCommandReachesTheExecutor()
{
    QFETCH(QJsonObject, arguments);
    QFETCH(int, timeoutMs);
    const QString command = arguments.value(QLatin1String("command")).toString();
    QVERIFY2(m_policy->evaluate(command).allowed, qPrintable(command));
    m_executor->next.status = CommandResult::Status::Success;
    m_executor->next.exitStatus = 0;
    m_executor->next.stdoutData = "line one\n";
    const QJsonObject response = call(arguments);
    QCOMPARE(m_executor->commands, QStringList{command});
    QCOMPARE(m_executor->timeouts, QList<int>{timeoutMs});
    const QJsonObject result = response.value(QLatin1String("result")).toObject();
    QVERIFY(!result.value(QLatin1String("isError")).toBool());
    const QJsonObject data = result.value(QLatin1String("structuredContent")).toObject();
    QCOMPARE(data.value(QLatin1String("command")).toString(), command);
    QCOMPARE(data.value(QLatin1String("output")).toString(), QStringLiteral("line one\n"));
    QCOMPARE(data.value(QLatin1String("exit_status")).toInt(), 0);
    QCOMPARE(data.value(QLatin1String("status")).toString(), QStringLiteral("success"));
    const QDateTime stamp =
        QDateTime::fromString(data.value(QLatin1String("timestamp")).toString(), Qt::ISODateWithMs);
    QVERIFY(stamp.isValid());
    QCOMPARE(stamp.timeSpec(), Qt::UTC);
    QCOMPARE(m_observed, QStringList{command});
    QVERIFY(m_decisions.first().allowed);
}

void TestExecuteCommandTool::deniedCommandNeverRuns()
{
    const QString command = QStringLiteral("rm -rf /");
    const PolicyDecision expected = m_policy->evaluate(command);
    QVERIFY(!expected.allowed);
    const QJsonObject result =
        call({{QStringLiteral("command"), command}}).value(QLatin1String("result")).toObject();
    QVERIFY(m_executor->commands.isEmpty());
    QVERIFY(result.value(QLatin1String("isError")).toBool());
    const QJsonObject data = result.value(QLatin1String("structuredContent")).toObject();
    QCOMPARE(data.value(QLatin1String("status")).toString(), QStringLiteral("denied"));
    QVERIFY(!expected.rule.isEmpty());
    QCOMPARE(data.value(QLatin1String("rule")).toString(), expected.rule);
    QCOMPARE(data.value(QLatin1String("reason")).toString(), expected.reason);
    QCOMPARE(data.value(QLatin1String("exit_status")).toInt(), -1);
    const QString text =
        result.value(QLatin1String("content")).toArray().first()[QLatin1String("text")].toString();
    QVERIFY2(text.contains(expected.rule), qPrintable(text));
    QCOMPARE(m_observed, QStringList{command});
    QVERIFY(!m_decisions.first().allowed);
}

void TestExecuteCommandTool::coreRulesJudgePlainProxmoxCommands_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("rule"); // "" = runs
    QTest::addColumn<QString>("typedTool");
    QTest::newRow("qm destroy") << "qm destroy 100"
                                << "core-guest-destroy-qemu"
                                << "qemu_delete";
    QTest::newRow("sudo pct destroy") << "sudo pct destroy 102 --purge"
                                      << "core-guest-destroy-lxc"
                                      << "lxc_delete";
    QTest::newRow("qm delsnapshot") << "qm delsnapshot 100 pre"
                                    << "destructive-snapshot-delete"
                                    << "snapshot_delete";
    QTest::newRow("pvesm remove") << "pvesm remove nfs-backup"
                                  << "core-storage-remove"
                                  << "";
    QTest::newRow("pvenode stopall") << "pvenode stopall"
                                     << "core-node-bulk"
                                     << "";
    QTest::newRow("qm list runs") << "qm list"
                                  << ""
                                  << "";
    QTest::newRow("qm start runs") << "qm start 100"
                                   << ""
                                   << "";
    QTest::newRow("qm rollback") << "qm rollback 100 pre"
                                 << "destructive-snapshot-rollback"
                                 << "snapshot_rollback";
}

// Until the command policy consults the core rules for every simple command, the tool does it
// for plain lines: a client that cannot ask its user is refused, naming the typed tool.
void TestExecuteCommandTool::coreRulesJudgePlainProxmoxCommands()
{
    QFETCH(QString, command);
    QFETCH(QString, rule);
    QFETCH(QString, typedTool);
    const QJsonObject result =
        call({{QStringLiteral("command"), command}}).value(QLatin1String("result")).toObject();
    const QJsonObject data = result.value(QLatin1String("structuredContent")).toObject();
    if (rule.isEmpty()) {
        QCOMPARE(m_executor->commands, QStringList{command});
        return;
    }
    QVERIFY(m_executor->commands.isEmpty());
    QCOMPARE(data.value(QLatin1String("status")).toString(), QStringLiteral("denied"));
    QCOMPARE(data.value(QLatin1String("rule")).toString(), rule);
    QVERIFY2(data.value(QLatin1String("reason")).toString().contains(QLatin1String("cannot ask")),
             qPrintable(data.value(QLatin1String("reason")).toString()));
    if (!typedTool.isEmpty()) {
        QCOMPARE(data.value(QLatin1String("typed_tool")).toString(), typedTool);
        QVERIFY(data.value(QLatin1String("reason")).toString().contains(typedTool));
    }
    QCOMPARE(m_facts.last().decisionText(), QStringLiteral("denied:") + rule);
}

void TestExecuteCommandTool::personConfirmsThroughElicitation()
{
    McpSession asking(QStringLiteral("session-2"));
    initializeSession(*m_server, &asking,
                      QJsonObject{{QStringLiteral("elicitation"), QJsonObject{}}});
    for (const bool accept : {false, true}) {
        auto channel = sendRequest(
            *m_server, &asking, ++m_nextId, QStringLiteral("tools/call"),
            {{QStringLiteral("name"), QStringLiteral("execute_command")},
             {QStringLiteral("arguments"),
              QJsonObject{{QStringLiteral("command"), QStringLiteral("qm destroy 100")}}}});
        QTRY_VERIFY(!channel->sentWithMethod(QStringLiteral("elicitation/create")).isEmpty());
        const QJsonObject asked =
            channel->sentWithMethod(QStringLiteral("elicitation/create")).first();
        const QString message = asked.value(QLatin1String("params"))
                                    .toObject()
                                    .value(QLatin1String("message"))
                                    .toString();
        QCOMPARE(message,
                 QStringLiteral("execute_command wants to run \"qm destroy 100\" on fake, which "
                                "would delete VM 100 on node localhost for good. Destroying a VM "
                                "deletes it and its disks for good. (The "
                                "qemu_delete tool does the same with a dry run first.) Allow "
                                "it?"));
        QVERIFY(m_executor->commands.isEmpty());
        m_server->handle(
            &asking,
            JsonRpcMessage::classify(JsonRpc::result(
                asked.value(QLatin1String("id")),
                accept ? QJsonObject{{QStringLiteral("action"), QStringLiteral("accept")},
                                     {QStringLiteral("content"),
                                      QJsonObject{{QStringLiteral("confirm"), true}}}}
                       : QJsonObject{{QStringLiteral("action"), QStringLiteral("decline")}})),
            {});
        QTRY_VERIFY(channel->isFinished());
        if (accept) {
            QCOMPARE(m_executor->commands, QStringList{QStringLiteral("qm destroy 100")});
            QCOMPARE(m_facts.last().decisionText(), QStringLiteral("allowed"));
            QCOMPARE(m_facts.last().confirmation(), AuditFacts::Confirmation::Person);
            // The audit learns how, with the answer.
            QCOMPARE(m_facts.last().confirmedByText(), QStringLiteral("elicitation"));
            QCOMPARE(m_facts.last().confirmationAnswer().value(QLatin1String("action")).toString(),
                     QStringLiteral("accept"));
        } else {
            QVERIFY(m_executor->commands.isEmpty());
            QCOMPARE(m_facts.last().decisionText(),
                     QStringLiteral("denied:core-guest-destroy-qemu"));
        }
    }
}

void TestExecuteCommandTool::statusesAreMapped_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("exitStatus");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("isError");
    QTest::newRow("success") << int(CommandResult::Status::Success) << 0
                             << QStringLiteral("success") << false;
    QTest::newRow("non-zero exit") << int(CommandResult::Status::NonZeroExit) << 127
                                   << QStringLiteral("non_zero_exit") << false;
    QTest::newRow("timeout") << int(CommandResult::Status::Timeout) << -1
                             << QStringLiteral("timeout") << true;
    QTest::newRow("connection failure") << int(CommandResult::Status::ConnectionFailure) << -1
                                        << QStringLiteral("connection_failure") << true;
}

void TestExecuteCommandTool::statusesAreMapped()
{
    QFETCH(int, status);
    QFETCH(int, exitStatus);
    QFETCH(QString, name);
    QFETCH(bool, isError);
    m_executor->next.status = CommandResult::Status(status);
    m_executor->next.exitStatus = exitStatus;
    m_executor->next.stderrData = "bash: x: command not found\n";
    m_executor->next.error = isError ? QStringLiteral("why it failed") : QString();
    const QJsonObject result = call({{QStringLiteral("command"), QStringLiteral("uptime")}})
                                   .value(QLatin1String("result"))
                                   .toObject();
    QCOMPARE(result.value(QLatin1String("isError")).toBool(), isError);
    const QJsonObject data = result.value(QLatin1String("structuredContent")).toObject();
    QCOMPARE(data.value(QLatin1String("status")).toString(), name);
    QCOMPARE(data.value(QLatin1String("exit_status")).toInt(), exitStatus);
    QCOMPARE(data.value(QLatin1String("error")).toString(),
             QStringLiteral("bash: x: command not found\n"));
    QCOMPARE(data.contains(QLatin1String("reason")), isError);
    const QString text =
        result.value(QLatin1String("content")).toArray().first()[QLatin1String("text")].toString();
    QVERIFY2(text.contains(name), qPrintable(text));
}

void TestExecuteCommandTool::outputCapsAreSurfaced()
{
    m_executor->next.exitStatus = 0;
    m_executor->next.stdoutData = "lots\n";
    m_executor->next.stdoutTruncated = true;
    const QJsonObject result = call({{QStringLiteral("command"), QStringLiteral("pvesh get /")}})
                                   .value(QLatin1String("result"))
                                   .toObject();
    const QJsonObject data = result.value(QLatin1String("structuredContent")).toObject();
    QVERIFY(data.value(QLatin1String("output_truncated")).toBool());
    QVERIFY(!data.value(QLatin1String("error_truncated")).toBool());
    QVERIFY(result.value(QLatin1String("content"))
                .toArray()
                .first()[QLatin1String("text")]
                .toString()
                .contains(QLatin1String("[output truncated]")));
}

void TestExecuteCommandTool::timeoutOutOfRangeIsRejected()
{
    const QJsonObject response = call({{QStringLiteral("command"), QStringLiteral("uptime")},
                                       {QStringLiteral("timeout"), 999999}});
    QVERIFY(m_executor->commands.isEmpty());
    const bool rejected = response.contains(QLatin1String("error")) ||
                          response[QLatin1String("result")][QLatin1String("isError")].toBool();
    QVERIFY(rejected);
}

void TestExecuteCommandTool::factsTellTheAuditTheVerdict()
{
    m_executor->next.exitStatus = 0;
    call({{QStringLiteral("command"), QStringLiteral("qm list")}});
    const PolicyDecision denial = m_policy->evaluate(QStringLiteral("rm -rf /"));
    QVERIFY(!denial.allowed);
    call({{QStringLiteral("command"), QStringLiteral("rm -rf /")}});
    m_executor->next.status = CommandResult::Status::Timeout;
    call({{QStringLiteral("command"), QStringLiteral("sleep 100")}});

    QCOMPARE(m_facts.size(), 3);
    QCOMPARE(m_facts[0].decisionText(), QStringLiteral("allowed"));
    QVERIFY(m_facts[0].outcome().isEmpty());
    QCOMPARE(m_facts[0].target().system, QStringLiteral("fake")); // the executor's host
    QCOMPARE(m_facts[1].decisionText(), QStringLiteral("denied:") + denial.rule);
    QCOMPARE(m_facts[1].outcome(), QStringLiteral("denied"));
    QCOMPARE(m_facts[2].decisionText(), QStringLiteral("allowed"));
    QCOMPARE(m_facts[2].outcome(), QStringLiteral("timeout"));
}

QTEST_GUILESS_MAIN(TestExecuteCommandTool)
#include "TestExecuteCommandTool.moc"
