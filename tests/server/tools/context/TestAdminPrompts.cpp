#include "server/tools/context/AdminPrompts.h"

#include "ContextFixture.h"
#include "server/mcp/PromptRegistry.h"
#include "server/mcp/ToolRegistry.h"
#include "server/policy/CommandPolicy.h"
#include "server/simulator/SimShell.h"
#include "server/tools/ServerInfoTool.h"
#include "server/tools/proxmox/ProxmoxTools.h"
#include "server/tools/shell/ShellTools.h"

#include <QJsonArray>
#include <QTest>

using namespace pmcp;

namespace {

QString operator""_s(const char *text, std::size_t size)
{
    return QString::fromUtf8(text, qsizetype(size));
}

QString messageText(const QJsonObject &result)
{
    return result.value(QLatin1String("messages"))
        .toArray()
        .first()
        .toObject()
        .value(QLatin1String("content"))
        .toObject()
        .value(QLatin1String("text"))
        .toString();
}

// Every argument a prompt has, with a plausible value.
QJsonObject sampleArguments(const PromptDefinition &prompt)
{
    QJsonObject arguments;
    for (const PromptArgument &argument : prompt.arguments)
        arguments.insert(argument.name,
                         argument.name == QLatin1String("vmid") ? "100"_s : "pve2"_s);
    return arguments;
}

} // namespace

class TestAdminPrompts final : public QObject {
    Q_OBJECT

private slots:
    void theGuideProceduresAreOffered();
    void everyNamedToolIsRegistered();
    void argumentsFillTheText();
    void optionalArgumentsHaveFallbacks();
    void badVmidIsRefused();
    void toolsNamedIn();
};

void TestAdminPrompts::theGuideProceduresAreOffered()
{
    PromptRegistry registry;
    AdminPrompts::install(registry);
    QStringList names;
    for (const auto &prompt : registry.prompts()) {
        names.append(prompt.name);
        QVERIFY2(!prompt.title.isEmpty() && !prompt.description.isEmpty(), qPrintable(prompt.name));
    }
    QCOMPARE(names, (QStringList{"daily_health_check"_s, "weekly_maintenance_review"_s,
                                 "security_log_review"_s, "disaster_recovery_test"_s,
                                 "node_maintenance"_s}));
}

// The server's own registry, as the daemon builds it: a renamed or removed tool breaks this.
void TestAdminPrompts::everyNamedToolIsRegistered()
{
    test::ContextFixture f;
    QVERIFY(f.started);
    ToolRegistry tools;
    auto facts = std::make_shared<ServerInfoTool::Facts>();
    facts->tools = &tools;
    QVERIFY(tools.add(ServerInfoTool::definition(facts)).ok());
    ProxmoxTools::registerAll(tools, &f.targets, ProxmoxToolOptions{});
    ShellTools::registerAll(tools, std::make_shared<SimShell>(&f.simulator),
                            std::make_shared<const CommandPolicy>(CommandPolicy::defaults(false)));
    PromptRegistry registry;
    AdminPrompts::install(registry);
    for (const auto &prompt : registry.prompts()) {
        const auto got = prompt.get(sampleArguments(prompt));
        QVERIFY2(got.ok(), qPrintable(prompt.name));
        const QStringList named = AdminPrompts::toolsNamedIn(messageText(got.value()));
        QVERIFY2(named.size() >= 4, qPrintable(prompt.name + ": "_s + named.join(u' ')));
        for (const QString &tool : named)
            QVERIFY2(tools.find(tool),
                     qPrintable("prompt %1 names `%2`, which is no tool"_s.arg(prompt.name, tool)));
    }
}

void TestAdminPrompts::argumentsFillTheText()
{
    PromptRegistry registry;
    AdminPrompts::install(registry);
    const auto got = registry.find("disaster_recovery_test"_s)
                         ->get({{"vmid"_s, "101"_s}, {"storage"_s, "nfs-backup"_s}});
    QVERIFY(got.ok());
    const QString text = messageText(got.value());
    QVERIFY2(text.contains("guest 101"_s) && text.contains("on nfs-backup"_s), qPrintable(text));
    QVERIFY2(!text.contains(u'{'), qPrintable(text)); // every placeholder filled
    QCOMPARE(got.value()
                 .value(QLatin1String("messages"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QLatin1String("role")),
             QJsonValue("user"_s));
}

void TestAdminPrompts::optionalArgumentsHaveFallbacks()
{
    PromptRegistry registry;
    AdminPrompts::install(registry);
    const auto got = registry.find("security_log_review"_s)->get({});
    QVERIFY(got.ok());
    const QString text = messageText(got.value());
    QVERIFY2(text.contains("last 24 hours on every node"_s), qPrintable(text));
}

void TestAdminPrompts::badVmidIsRefused()
{
    PromptRegistry registry;
    AdminPrompts::install(registry);
    const auto got = registry.find("disaster_recovery_test"_s)->get({{"vmid"_s, "web-01"_s}});
    QVERIFY(!got.ok());
    QCOMPARE(got.error().code, ErrorCode::InvalidArgument);
    QVERIFY2(got.error().message.contains("\"web-01\""_s), qPrintable(got.error().message));
}

void TestAdminPrompts::toolsNamedIn()
{
    QCOMPARE(AdminPrompts::toolsNamedIn(
                 "Use `list_vms`, then `node_status` and `list_vms` again; not \"proxmox-mcpd\""_s),
             (QStringList{"list_vms"_s, "node_status"_s}));
}

QTEST_GUILESS_MAIN(TestAdminPrompts)
#include "TestAdminPrompts.moc"
