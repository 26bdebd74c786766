#include "server/tools/proxmox/ToolSchema.h"

#include "server/mcp/JsonSchemaValidator.h"

#include <QTest>

using namespace pmcp;

class TestToolSchema final : public QObject {
    Q_OBJECT

private slots:
    void builtSchemasAreValid_data();
    void builtSchemasAreValid();
    void requiredAndOptional();
    void validatesArguments_data();
    void validatesArguments();
    void outputSchemasAreValid();
    void sharedControlsAreAcceptedButNotListed();
};

void TestToolSchema::sharedControlsAreAcceptedButNotListed()
{
    ToolSchema list;
    list.listControls({QStringLiteral("status")}).wait(false);
    QCOMPARE(list.unlisted(), (QStringList{QStringLiteral("fields"), QStringLiteral("offset"),
                                           QStringLiteral("timeout_s")}));
    QVERIFY(list.has(QStringLiteral("offset")) && list.has(QStringLiteral("timeout_s")));
    ToolSchema wide;
    wide.listControls({}, true);
    QCOMPARE(wide.unlisted(), QStringList{QStringLiteral("offset")});
    wide.listed(QStringLiteral("offset"));
    QVERIFY(wide.unlisted().isEmpty());
}

void TestToolSchema::builtSchemasAreValid_data()
{
    QTest::addColumn<QJsonObject>("schema");
    QTest::addColumn<QStringList>("properties");
    QTest::newRow("empty") << ToolSchema().build() << QStringList{};
    QTest::newRow("guest") << ToolSchema().target().node().vmid().build()
                           << QStringList{QStringLiteral("node"), QStringLiteral("target"),
                                          QStringLiteral("vmid")};
    QTest::newRow("list controls")
        << ToolSchema().listControls({QStringLiteral("name"), QStringLiteral("status")}).build()
        << QStringList{QStringLiteral("fields"), QStringLiteral("limit"), QStringLiteral("name"),
                       QStringLiteral("offset"), QStringLiteral("status")};
    QTest::newRow("task and confirmation")
        << ToolSchema().wait(true).confirmation().build()
        << QStringList{QStringLiteral("confirm"), QStringLiteral("dry_run"),
                       QStringLiteral("timeout_s"), QStringLiteral("wait")};
}

void TestToolSchema::builtSchemasAreValid()
{
    QFETCH(QJsonObject, schema);
    QFETCH(QStringList, properties);
    QCOMPARE(JsonSchemaValidator::checkSchema(schema), QString());
    QCOMPARE(schema.value(QLatin1String("additionalProperties")).toBool(true), false);
    QCOMPARE(schema.value(QLatin1String("properties")).toObject().keys(), properties);
}

void TestToolSchema::requiredAndOptional()
{
    const QJsonObject schema = ToolSchema().target().node().vmid(false).guestType().build();
    QCOMPARE(schema.value(QLatin1String("required")).toArray(), QJsonArray{QStringLiteral("node")});
    const QJsonObject type = schema.value(QLatin1String("properties"))
                                 .toObject()
                                 .value(QLatin1String("type"))
                                 .toObject();
    QCOMPARE(type.value(QLatin1String("default")).toString(), QStringLiteral("qemu"));
}

void TestToolSchema::validatesArguments_data()
{
    QTest::addColumn<QJsonObject>("arguments");
    QTest::addColumn<bool>("valid");
    QTest::newRow("complete") << QJsonObject{{QStringLiteral("node"), QStringLiteral("pve1")},
                                             {QStringLiteral("vmid"), 100}}
                              << true;
    // Proxmox itself refuses ids below 100, with a clear message; the schema leaves it to it.
    QTest::newRow("vmid below 100 is Proxmox's to refuse")
        << QJsonObject{{QStringLiteral("node"), QStringLiteral("pve1")},
                       {QStringLiteral("vmid"), 99}}
        << true;
    QTest::newRow("vmid as string") << QJsonObject{{QStringLiteral("node"), QStringLiteral("pve1")},
                                                   {QStringLiteral("vmid"), QStringLiteral("100")}}
                                    << false;
    QTest::newRow("missing node") << QJsonObject{{QStringLiteral("vmid"), 100}} << false;
    QTest::newRow("unknown argument")
        << QJsonObject{{QStringLiteral("node"), QStringLiteral("pve1")},
                       {QStringLiteral("vmid"), 100},
                       {QStringLiteral("force"), true}}
        << false;
    QTest::newRow("fields and limit")
        << QJsonObject{{QStringLiteral("node"), QStringLiteral("pve1")},
                       {QStringLiteral("vmid"), 100},
                       {QStringLiteral("fields"), QJsonArray{QStringLiteral("name")}},
                       {QStringLiteral("limit"), 2}}
        << true;
    QTest::newRow("limit zero") << QJsonObject{{QStringLiteral("node"), QStringLiteral("pve1")},
                                               {QStringLiteral("vmid"), 100},
                                               {QStringLiteral("limit"), 0}}
                                << false;
}

void TestToolSchema::validatesArguments()
{
    QFETCH(QJsonObject, arguments);
    QFETCH(bool, valid);
    const QJsonObject schema = ToolSchema().target().node().vmid().listControls({}).build();
    QCOMPARE(JsonSchemaValidator(schema).validate(arguments).isEmpty(), valid);
}

void TestToolSchema::outputSchemasAreValid()
{
    for (const QJsonObject &schema :
         {ToolSchema::listOutput(), ToolSchema::objectOutput({QStringLiteral("status")})})
        QCOMPARE(JsonSchemaValidator::checkSchema(schema), QString());
    const QJsonObject list{{QStringLiteral("items"), QJsonArray{QJsonObject{}}},
                           {QStringLiteral("count"), 1}};
    QVERIFY(JsonSchemaValidator(ToolSchema::listOutput()).validate(list).isEmpty());
    QVERIFY(!JsonSchemaValidator(ToolSchema::listOutput()).validate(QJsonObject{}).isEmpty());
}

QTEST_GUILESS_MAIN(TestToolSchema)
#include "TestToolSchema.moc"
