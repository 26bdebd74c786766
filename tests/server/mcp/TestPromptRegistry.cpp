#include "server/mcp/PromptRegistry.h"

#include "tests/support/TestJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace pmcp;
using pmcp::testjson::parseObject;

namespace {

PromptDefinition makePrompt(const QString &name)
{
    PromptDefinition prompt;
    prompt.name = name;
    prompt.get = [name](const QJsonObject &) -> Result<QJsonObject> {
        return QJsonObject{{QStringLiteral("description"), name}};
    };
    return prompt;
}

} // namespace

class TestPromptRegistry final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void minimalDescriptor();
    void fullDescriptor();
    void findAndOrder();
};

void TestPromptRegistry::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void TestPromptRegistry::minimalDescriptor()
{
    QCOMPARE(makePrompt(QStringLiteral("simple")).descriptor(),
             parseObject(R"({"name":"simple"})"));
}

void TestPromptRegistry::fullDescriptor()
{
    PromptDefinition prompt = makePrompt(QStringLiteral("diagnose_vm"));
    prompt.title = QStringLiteral("Diagnose a VM");
    prompt.description = QStringLiteral("Walks through a VM state.");
    prompt.arguments = {{QStringLiteral("vmid"), QStringLiteral("The VM id"), true},
                        {QStringLiteral("node"), QString(), false}};
    QCOMPARE(
        prompt.descriptor(),
        parseObject(
            R"({)"
            R"("name":"diagnose_vm","title":"Diagnose a VM","description":"Walks through a VM state.",)"
            R"("arguments":[{"name":"vmid","description":"The VM id","required":true},)"
            R"({"name":"node","required":false}]})"));
}

void TestPromptRegistry::findAndOrder()
{
    PromptRegistry registry;
    QVERIFY(registry.isEmpty());
    QCOMPARE(registry.find(QStringLiteral("a")), nullptr);
    registry.add(makePrompt(QStringLiteral("b")));
    registry.add(makePrompt(QStringLiteral("a")));
    QVERIFY(!registry.isEmpty());
    QCOMPARE(registry.prompts().size(), 2);
    QCOMPARE(registry.prompts().at(0).name, QStringLiteral("b"));
    QCOMPARE(registry.prompts().at(1).name, QStringLiteral("a"));
    const PromptDefinition *found = registry.find(QStringLiteral("a"));
    QVERIFY(found);
    QCOMPARE(found->get({}).value().value(QLatin1String("description")).toString(),
             QStringLiteral("a"));
    QCOMPARE(registry.find(QStringLiteral("c")), nullptr);
}

QTEST_GUILESS_MAIN(TestPromptRegistry)
#include "TestPromptRegistry.moc"
