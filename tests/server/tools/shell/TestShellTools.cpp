#include "server/tools/shell/ShellTools.h"

#include "server/mcp/McpServer.h"
#include "server/mcp/McpSession.h"
#include "server/mcp/ToolRegistry.h"
#include "tests/support/RecordingChannel.h"
#include "FakeExecutor.h"

#include <QJsonArray>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

class TestShellTools final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void registersBothTools();
    void quote_data();
    void quote();
    void lxcExecQuotesEveryWord();
    void lxcExecChecksTheInnerCommand();
    void lxcExecTellsTheAuditItsGuest();

private:
    QJsonObject callLxc(const QJsonObject &arguments);

    std::shared_ptr<FakeExecutor> m_executor;
    std::shared_ptr<const CommandPolicy> m_policy;
    std::unique_ptr<McpServer> m_server;
    std::unique_ptr<McpSession> m_session;
    QStringList m_observed;
    QList<AuditFacts> m_facts; // what each finished call told the audit
    int m_nextId = 0;
};

void TestShellTools::init()
{
    m_executor = std::make_shared<FakeExecutor>();
    m_executor->next.exitStatus = 0;
    m_policy = std::make_shared<const CommandPolicy>(CommandPolicy::defaults(false));
    m_server = std::make_unique<McpServer>(
        ServerIdentity{QStringLiteral("proxmox-mcp"), {}, QStringLiteral("test"), {}});
    m_session = std::make_unique<McpSession>(QStringLiteral("session-1"));
    m_observed.clear();
    m_facts.clear();
    m_server->setToolAuditor(
        [this](const McpServer::ToolCallRecord &record) { m_facts.append(record.facts); });
    ShellTools::registerAll(
        m_server->tools(), m_executor, m_policy,
        [this](const QString &command, const PolicyDecision &) { m_observed.append(command); });
    initializeSession(*m_server, m_session.get());
}

QJsonObject TestShellTools::callLxc(const QJsonObject &arguments)
{
    auto channel = sendRequest(*m_server, m_session.get(), ++m_nextId, QStringLiteral("tools/call"),
                               {{QStringLiteral("name"), QStringLiteral("lxc_exec")},
                                {QStringLiteral("arguments"), arguments}});
    [&] { QTRY_VERIFY(channel->isFinished()); }();
    return channel->result();
}

void TestShellTools::registersBothTools()
{
    QVERIFY(m_server->tools().find(QStringLiteral("execute_command")));
    const ToolDefinition *lxc = m_server->tools().find(QStringLiteral("lxc_exec"));
    QVERIFY(lxc);
    QVERIFY(!lxc->annotations.destructive); // the policy decides per command (docs/SAFETY.md)
    QCOMPARE(lxc->inputSchema[QLatin1String("required")].toArray(),
             (QJsonArray{QStringLiteral("vmid"), QStringLiteral("command")}));
}

void TestShellTools::quote_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("plain") << QStringLiteral("df") << QStringLiteral("'df'");
    QTest::newRow("empty") << QString() << QStringLiteral("''");
    QTest::newRow("spaces and operators")
        << QStringLiteral("a b; rm -rf / | $(x)") << QStringLiteral("'a b; rm -rf / | $(x)'");
    QTest::newRow("single quote") << QStringLiteral("it's") << QStringLiteral("'it'\\''s'");
}

void TestShellTools::quote()
{
    QFETCH(QString, word);
    QFETCH(QString, quoted);
    QCOMPARE(ShellTools::quote(word), quoted);
}

void TestShellTools::lxcExecQuotesEveryWord()
{
    const QJsonObject result =
        callLxc({{QStringLiteral("vmid"), 102},
                 {QStringLiteral("node"), QStringLiteral("pve1")},
                 {QStringLiteral("command"),
                  QJsonArray{QStringLiteral("echo"), QStringLiteral("it's; fine")}},
                 {QStringLiteral("timeout"), 7}});
    QCOMPARE(m_executor->commands,
             QStringList{QStringLiteral("pct exec 102 -- 'echo' 'it'\\''s; fine'")});
    QCOMPARE(m_executor->timeouts, QList<int>{7000});
    QVERIFY(!result.value(QLatin1String("isError")).toBool());
    const QJsonObject data = result.value(QLatin1String("structuredContent")).toObject();
    QCOMPARE(data.value(QLatin1String("vmid")).toInt(), 102);
    QCOMPARE(data.value(QLatin1String("node")).toString(), QStringLiteral("pve1"));
    QCOMPARE(data.value(QLatin1String("status")).toString(), QStringLiteral("success"));
}

void TestShellTools::lxcExecChecksTheInnerCommand()
{
    const QString inner = QStringLiteral("'rm' '-rf' '/'");
    const PolicyDecision expected = m_policy->evaluate(inner);
    QVERIFY(!expected.allowed);
    const QJsonObject result =
        callLxc({{QStringLiteral("vmid"), 102},
                 {QStringLiteral("command"),
                  QJsonArray{QStringLiteral("rm"), QStringLiteral("-rf"), QStringLiteral("/")}}});
    QVERIFY(m_executor->commands.isEmpty());
    QVERIFY(result.value(QLatin1String("isError")).toBool());
    const QJsonObject data = result.value(QLatin1String("structuredContent")).toObject();
    QCOMPARE(data.value(QLatin1String("status")).toString(), QStringLiteral("denied"));
    QVERIFY(!data.value(QLatin1String("rule")).toString().isEmpty());
    QCOMPARE(m_observed.size(), 1);
}

void TestShellTools::lxcExecTellsTheAuditItsGuest()
{
    callLxc({{QStringLiteral("vmid"), 102},
             {QStringLiteral("node"), QStringLiteral("pve1")},
             {QStringLiteral("command"), QJsonArray{QStringLiteral("df")}}});
    callLxc({{QStringLiteral("vmid"), 103},
             {QStringLiteral("command"),
              QJsonArray{QStringLiteral("rm"), QStringLiteral("-rf"), QStringLiteral("/")}}});
    QCOMPARE(m_facts.size(), 2);
    QCOMPARE(m_facts[0].decisionText(), QStringLiteral("allowed"));
    QCOMPARE(m_facts[0].target(), (AuditTarget{QStringLiteral("fake"), QStringLiteral("pve1"),
                                               QStringLiteral("lxc/102")}));
    QCOMPARE(m_facts[1].decision(), AuditFacts::Decision::Denied);
    QVERIFY(!m_facts[1].rule().isEmpty());
    QCOMPARE(m_facts[1].target().guest, QStringLiteral("lxc/103"));
}

QTEST_GUILESS_MAIN(TestShellTools)
#include "TestShellTools.moc"
