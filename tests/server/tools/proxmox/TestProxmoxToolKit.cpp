#include "server/tools/proxmox/ProxmoxToolKit.h"

#include "server/proxmox/ApiFormats.h"
#include "server/proxmox/ApiSchema.h"

#include "server/mcp/JsonSchemaValidator.h"
#include "server/mcp/ToolResult.h"

#include <QTest>

using namespace pmcp;

class TestProxmoxToolKit final : public QObject {
    Q_OBJECT

private slots:
    void expandPath_data();
    void expandPath();
    void pathFormatsAreTheSchemas();
    void paramsLeaveOutControlsAndPathArguments();
    void guestOfPath_data();
    void guestOfPath();
    void errorNamesRequestStatusAndPrivilege();
    void defineUsesOutputKind_data();
    void defineUsesOutputKind();
};

void TestProxmoxToolKit::expandPath_data()
{
    QTest::addColumn<QString>("pathTemplate");
    QTest::addColumn<QJsonObject>("arguments");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("used");
    QTest::newRow("node and vmid") << QStringLiteral("/nodes/{node}/qemu/{vmid}/status/current")
                                   << QJsonObject{{QStringLiteral("node"), QStringLiteral("pve1")},
                                                  {QStringLiteral("vmid"), 100}}
                                   << QStringLiteral("/nodes/pve1/qemu/100/status/current")
                                   << QStringList{QStringLiteral("node"), QStringLiteral("vmid")};
    QTest::newRow("volume keeps its slash in one segment")
        << QStringLiteral("/nodes/{node}/storage/{storage}/content/{volume}")
        << QJsonObject{{QStringLiteral("node"), QStringLiteral("pve1")},
                       {QStringLiteral("storage"), QStringLiteral("local")},
                       {QStringLiteral("volume"),
                        QStringLiteral("local:backup/vzdump-qemu-100.vma.zst")}}
        << QStringLiteral(
               "/nodes/pve1/storage/local/content/local:backup%2Fvzdump-qemu-100.vma.zst")
        << QStringList{QStringLiteral("node"), QStringLiteral("storage"), QStringLiteral("volume")};
    QTest::newRow("missing argument")
        << QStringLiteral("/nodes/{node}/status") << QJsonObject{} << QString() << QStringList{};
    // Arguments that would leave their segment are refused (issue 15, point 3).
    for (const char *evil : {"../../access/users", "pve1/../../access", "..", ".", "pve1%2F..",
                             "pve1?x=1", "pve1#x", "pve 1", "pve1\n"})
        QTest::addRow("node %s", evil)
            << QStringLiteral("/nodes/{node}/status")
            << QJsonObject{{QStringLiteral("node"), QString::fromLatin1(evil)}} << QString()
            << QStringList{};
    QTest::newRow("vmid not a number")
        << QStringLiteral("/nodes/{node}/qemu/{vmid}/config")
        << QJsonObject{{QStringLiteral("node"), QStringLiteral("pve1")},
                       {QStringLiteral("vmid"), QStringLiteral("100/../../../access")}}
        << QString() << QStringList{};
    QTest::newRow("volume stepping up")
        << QStringLiteral("/nodes/{node}/storage/{storage}/content/{volume}")
        << QJsonObject{{QStringLiteral("node"), QStringLiteral("pve1")},
                       {QStringLiteral("storage"), QStringLiteral("local")},
                       {QStringLiteral("volume"), QStringLiteral("local:../../etc/pve")}}
        << QString() << QStringList{};
    QTest::newRow("no known format")
        << QStringLiteral("/cluster/{something}")
        << QJsonObject{{QStringLiteral("something"), QStringLiteral("x")}} << QString()
        << QStringList{};
}

void TestProxmoxToolKit::expandPath()
{
    QFETCH(QString, pathTemplate);
    QFETCH(QJsonObject, arguments);
    QFETCH(QString, path);
    QFETCH(QStringList, used);
    QStringList names;
    const Result<QString> expanded = ProxmoxToolKit::expandPath(pathTemplate, arguments, &names);
    QCOMPARE(expanded.ok(), !path.isEmpty());
    if (expanded.ok()) {
        QCOMPARE(expanded.value(), path);
        QCOMPARE(names, used);
    } else {
        // The sentence names the argument and says nothing was sent.
        const QString message = expanded.error().message;
        QVERIFY2(message.contains(QLatin1String("node")) ||
                     message.contains(QLatin1String("vmid")) ||
                     message.contains(QLatin1String("volume")) ||
                     message.contains(QLatin1String("something")),
                 qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("missing")) ||
                     message.contains(QLatin1String("nothing was sent")),
                 qPrintable(message));
    }
}

// The formats of the path arguments are the schema's: wherever a schema path has the
// placeholder with a named format, it is the one expandPath checks.
void TestProxmoxToolKit::pathFormatsAreTheSchemas()
{
    const ApiSchema &schema = ApiSchema::instance();
    int compared = 0;
    for (const QString &templatePath : schema.paths()) {
        for (const QString &method : {QStringLiteral("GET"), QStringLiteral("POST"),
                                      QStringLiteral("PUT"), QStringLiteral("DELETE")}) {
            const ApiMethod *spec = schema.find(templatePath, method);
            if (!spec)
                continue;
            for (const ApiParam &param : spec->params) {
                if (!templatePath.contains(u'{' + param.name + u'}'))
                    continue;
                const QString format = ProxmoxToolKit::pathFormat(param.name);
                if (format.isEmpty() || param.format.isEmpty())
                    continue;
                QCOMPARE(format, param.format);
                QVERIFY2(ApiFormats::isKnown(format), qPrintable(format));
                ++compared;
            }
        }
    }
    QVERIFY2(compared > 400, qPrintable(QString::number(compared)));
}

void TestProxmoxToolKit::paramsLeaveOutControlsAndPathArguments()
{
    const QJsonObject arguments{
        {QStringLiteral("node"), QStringLiteral("pve1")},
        {QStringLiteral("target"), QStringLiteral("lab")},
        {QStringLiteral("wait"), true},
        {QStringLiteral("confirm"), true},
        {QStringLiteral("purge"), true},
        {QStringLiteral("force"), false},
        {QStringLiteral("options"),
         QJsonObject{{QStringLiteral("memory"), 2048}, {QStringLiteral("onboot"), true}}}};
    const QJsonObject params =
        ProxmoxToolKit::paramsFrom(arguments, {QStringLiteral("node")}, QStringLiteral("options"));
    const QJsonObject expected{{QStringLiteral("purge"), 1},
                               {QStringLiteral("force"), 0},
                               {QStringLiteral("memory"), 2048},
                               {QStringLiteral("onboot"), 1}};
    QCOMPARE(params, expected);
}

void TestProxmoxToolKit::guestOfPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("vmid");
    QTest::newRow("qemu action") << QStringLiteral("/nodes/pve1/qemu/100/status/stop")
                                 << QStringLiteral("qemu") << 100;
    QTest::newRow("lxc guest") << QStringLiteral("/nodes/pve2/lxc/102") << QStringLiteral("lxc")
                               << 102;
    QTest::newRow("create (no id)") << QStringLiteral("/nodes/pve1/qemu") << QString() << 0;
    QTest::newRow("task") << QStringLiteral("/nodes/pve1/tasks/UPID:x") << QString() << 0;
}

void TestProxmoxToolKit::guestOfPath()
{
    QFETCH(QString, path);
    QFETCH(QString, type);
    QFETCH(int, vmid);
    const QJsonObject guest = ProxmoxToolKit::guestOfPath(path);
    QCOMPARE(guest.value(QLatin1String("type")).toString(), type);
    QCOMPARE(guest.value(QLatin1String("vmid")).toInt(), vmid);
}

void TestProxmoxToolKit::errorNamesRequestStatusAndPrivilege()
{
    ProxmoxError error;
    error.status = 403;
    error.message = QStringLiteral("Permission check failed (/vms/101, VM.PowerMgmt)");
    error.path = QStringLiteral("/nodes/pve1/qemu/101/status/stop");
    error.permissionPath = QStringLiteral("/vms/101");
    error.privilege = QStringLiteral("VM.PowerMgmt");
    ProxmoxRequest request;
    request.method = "POST";
    request.path = error.path;
    const ToolResult result = ProxmoxToolKit::errorResult(error, request);
    QVERIFY(result.isError);
    const QString text = result.content.first().toObject().value(QLatin1String("text")).toString();
    for (const QString &part :
         {QStringLiteral("POST /nodes/pve1/qemu/101/status/stop"), QStringLiteral("403"),
          QStringLiteral("/vms/101"), QStringLiteral("VM.PowerMgmt")})
        QVERIFY2(text.contains(part), qPrintable(text));
}

void TestProxmoxToolKit::defineUsesOutputKind_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("requiredKey");
    QTest::newRow("list") << int(ApiToolSpec::Output::List) << QStringLiteral("items");
    QTest::newRow("action") << int(ApiToolSpec::Output::Action) << QStringLiteral("ok");
    QTest::newRow("object") << int(ApiToolSpec::Output::Object) << QString();
}

void TestProxmoxToolKit::defineUsesOutputKind()
{
    QFETCH(int, kind);
    QFETCH(QString, requiredKey);
    auto kit = std::make_shared<ProxmoxToolKit>(nullptr, ProxmoxToolOptions{});
    ApiToolSpec spec =
        ApiToolSpec::read(QStringLiteral("x_y"), QStringLiteral("X"), QStringLiteral("x"),
                          QStringLiteral("/x"), QStringLiteral("Test tool."));
    spec.output = ApiToolSpec::Output(kind);
    const ToolDefinition tool = kit->define(spec);
    QCOMPARE(JsonSchemaValidator::checkSchema(tool.inputSchema), QString());
    QCOMPARE(JsonSchemaValidator::checkSchema(tool.outputSchema), QString());
    QCOMPARE(tool.outputSchema.value(QLatin1String("required")).toArray().contains(requiredKey),
             !requiredKey.isEmpty());
    QVERIFY(tool.annotations.readOnly);
    QVERIFY(!tool.annotations.destructive);
    QVERIFY(tool.handler);
}

QTEST_GUILESS_MAIN(TestProxmoxToolKit)
#include "TestProxmoxToolKit.moc"
