#include "server/mcp/ToolRegistry.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace pmcp;

namespace {

ToolDefinition makeTool(const QString &name, bool readOnly = true)
{
    ToolDefinition tool;
    tool.name = name;
    tool.description = QStringLiteral("Does %1.").arg(name);
    tool.inputSchema = ToolDefinition::emptyInputSchema();
    tool.annotations.readOnly = readOnly;
    tool.handler = [](const std::shared_ptr<ToolCall> &) {};
    return tool;
}

QStringList toolNames(const QList<const ToolDefinition *> &tools)
{
    QStringList result;
    for (const ToolDefinition *tool : tools)
        result.append(tool->name);
    return result;
}

} // namespace

class TestToolRegistry final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void names_data();
    void names();
    void addAndFind();
    void refusals_data();
    void refusals();
    void duplicateIsAConflict();
    void changedSignal();
    void removeKeepsOrder();
    void readOnlyClientsSeeReadOnlyTools();
    void filterHidesTools();
};

void TestToolRegistry::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void TestToolRegistry::names_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("snake case") << QStringLiteral("list_vms") << true;
    QTest::newRow("dots and dashes") << QStringLiteral("pve.vm-start") << true;
    QTest::newRow("mixed case and digits") << QStringLiteral("GetVM2") << true;
    QTest::newRow("one char") << QStringLiteral("a") << true;
    QTest::newRow("128 chars") << QString(128, QLatin1Char('x')) << true;
    QTest::newRow("129 chars") << QString(129, QLatin1Char('x')) << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("space") << QStringLiteral("list vms") << false;
    QTest::newRow("slash") << QStringLiteral("vm/start") << false;
    QTest::newRow("colon") << QStringLiteral("vm:start") << false;
    QTest::newRow("non-ASCII") << QStringLiteral("vm_st\u00e4rt") << false;
    QTest::newRow("trailing newline") << QStringLiteral("list_vms\n") << false;
}

void TestToolRegistry::names()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(ToolRegistry::isValidName(name), valid);
    ToolRegistry registry;
    QCOMPARE(registry.add(makeTool(name)).ok(), valid);
    QCOMPARE(registry.size(), valid ? 1 : 0);
}

void TestToolRegistry::addAndFind()
{
    ToolRegistry registry;
    QVERIFY(registry.add(makeTool(QStringLiteral("a"))).ok());
    ToolDefinition withOutput = makeTool(QStringLiteral("b"));
    withOutput.outputSchema = {{QStringLiteral("type"), QStringLiteral("object")}};
    QVERIFY(registry.add(std::move(withOutput)).ok());
    QCOMPARE(registry.size(), 2);
    QVERIFY(registry.find(QStringLiteral("a")));
    QCOMPARE(registry.find(QStringLiteral("a"))->description, QStringLiteral("Does a."));
    QCOMPARE(registry.find(QStringLiteral("b"))->outputSchema.value(QLatin1String("type")),
             QJsonValue(QStringLiteral("object")));
    QCOMPARE(registry.find(QStringLiteral("c")), nullptr);
    QCOMPARE(registry.find(QStringLiteral("A")), nullptr); // names are case-sensitive
}

void TestToolRegistry::refusals_data()
{
    QTest::addColumn<QString>("problem");
    QTest::addColumn<QString>("message");
    QTest::newRow("no description")
        << QStringLiteral("description") << QStringLiteral("tool t has no description");
    QTest::newRow("no handler") << QStringLiteral("handler")
                                << QStringLiteral("tool t has no handler");
    QTest::newRow("input schema not an object type")
        << QStringLiteral("input") << QStringLiteral("tool t: input schema: ");
    QTest::newRow("input schema bad keyword")
        << QStringLiteral("input keyword") << QStringLiteral("tool t: input schema: ");
    QTest::newRow("output schema bad")
        << QStringLiteral("output") << QStringLiteral("tool t: output schema: ");
}

void TestToolRegistry::refusals()
{
    QFETCH(QString, problem);
    QFETCH(QString, message);
    ToolDefinition tool = makeTool(QStringLiteral("t"));
    if (problem == QLatin1String("description"))
        tool.description.clear();
    else if (problem == QLatin1String("handler"))
        tool.handler = nullptr;
    else if (problem == QLatin1String("input"))
        tool.inputSchema = {{QStringLiteral("type"), QStringLiteral("string")}};
    else if (problem == QLatin1String("input keyword"))
        tool.inputSchema = {{QStringLiteral("type"), QStringLiteral("object")},
                            {QStringLiteral("required"), QStringLiteral("vmid")}};
    else if (problem == QLatin1String("output"))
        tool.outputSchema = {{QStringLiteral("type"), QStringLiteral("array")}};

    ToolRegistry registry;
    QSignalSpy changed(&registry, &ToolRegistry::changed);
    const Result<void> added = registry.add(std::move(tool));
    QVERIFY(!added.ok());
    QCOMPARE(added.error().code, ErrorCode::InvalidArgument);
    QVERIFY2(added.error().message.startsWith(message), qPrintable(added.error().message));
    QCOMPARE(registry.size(), 0);
    QCOMPARE(registry.find(QStringLiteral("t")), nullptr);
    QCOMPARE(changed.count(), 0);
}

void TestToolRegistry::duplicateIsAConflict()
{
    ToolRegistry registry;
    QVERIFY(registry.add(makeTool(QStringLiteral("list_vms"))).ok());
    ToolDefinition again = makeTool(QStringLiteral("list_vms"));
    again.description = QStringLiteral("Another one.");
    const Result<void> added = registry.add(std::move(again));
    QVERIFY(!added.ok());
    QCOMPARE(added.error().code, ErrorCode::Conflict);
    QCOMPARE(registry.size(), 1);
    QCOMPARE(registry.find(QStringLiteral("list_vms"))->description,
             QStringLiteral("Does list_vms."));
}

void TestToolRegistry::changedSignal()
{
    ToolRegistry registry;
    QSignalSpy changed(&registry, &ToolRegistry::changed);
    QVERIFY(registry.add(makeTool(QStringLiteral("a"))).ok());
    QCOMPARE(changed.count(), 1);
    QVERIFY(!registry.add(makeTool(QStringLiteral("a"))).ok());
    QCOMPARE(changed.count(), 1);
    QVERIFY(registry.remove(QStringLiteral("a")));
    QCOMPARE(changed.count(), 2);
    QVERIFY(!registry.remove(QStringLiteral("a")));
    QCOMPARE(changed.count(), 2);
    registry.setFilter([](const ToolDefinition &) { return true; });
    QCOMPARE(changed.count(), 3);
}

void TestToolRegistry::removeKeepsOrder()
{
    ToolRegistry registry;
    for (const char *name : {"c", "a", "d", "b"})
        QVERIFY(registry.add(makeTool(QString::fromLatin1(name))).ok());
    QCOMPARE(toolNames(registry.offered(false)),
             QStringList({QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("d"),
                          QStringLiteral("b")}));
    QVERIFY(registry.remove(QStringLiteral("a")));
    QCOMPARE(registry.size(), 3);
    QCOMPARE(registry.find(QStringLiteral("a")), nullptr);
    QCOMPARE(toolNames(registry.offered(false)),
             QStringList({QStringLiteral("c"), QStringLiteral("d"), QStringLiteral("b")}));
    // A removed name can be registered again, at the end.
    QVERIFY(registry.add(makeTool(QStringLiteral("a"))).ok());
    QCOMPARE(toolNames(registry.offered(false)).last(), QStringLiteral("a"));
}

void TestToolRegistry::readOnlyClientsSeeReadOnlyTools()
{
    ToolRegistry registry;
    QVERIFY(registry.add(makeTool(QStringLiteral("list_vms"), true)).ok());
    QVERIFY(registry.add(makeTool(QStringLiteral("start_vm"), false)).ok());
    QVERIFY(registry.add(makeTool(QStringLiteral("get_vm"), true)).ok());
    QCOMPARE(toolNames(registry.offered(false)),
             QStringList({QStringLiteral("list_vms"), QStringLiteral("start_vm"),
                          QStringLiteral("get_vm")}));
    QCOMPARE(toolNames(registry.offered(true)),
             QStringList({QStringLiteral("list_vms"), QStringLiteral("get_vm")}));
    const ToolDefinition *start = registry.find(QStringLiteral("start_vm"));
    QVERIFY(registry.isOffered(*start, false));
    QVERIFY(!registry.isOffered(*start, true));
}

void TestToolRegistry::filterHidesTools()
{
    ToolRegistry registry;
    QVERIFY(registry.add(makeTool(QStringLiteral("list_vms"), true)).ok());
    QVERIFY(registry.add(makeTool(QStringLiteral("delete_vm"), false)).ok());
    QVERIFY(registry.add(makeTool(QStringLiteral("list_nodes"), true)).ok());
    registry.setFilter(
        [](const ToolDefinition &tool) { return tool.name != QLatin1String("list_nodes"); });
    QCOMPARE(toolNames(registry.offered(false)),
             QStringList({QStringLiteral("list_vms"), QStringLiteral("delete_vm")}));
    QCOMPARE(toolNames(registry.offered(true)), QStringList({QStringLiteral("list_vms")}));
    // Filtered tools are still registered (find works); they are only not offered.
    QVERIFY(registry.find(QStringLiteral("list_nodes")));
    QVERIFY(!registry.isOffered(*registry.find(QStringLiteral("list_nodes")), false));
    registry.setFilter({});
    QCOMPARE(registry.offered(false).size(), 3);
}

QTEST_GUILESS_MAIN(TestToolRegistry)
#include "TestToolRegistry.moc"
