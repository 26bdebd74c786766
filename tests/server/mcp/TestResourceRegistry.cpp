#include "server/mcp/ResourceRegistry.h"

#include "tests/support/TestJson.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

#include <optional>

using namespace pmcp;
using pmcp::testjson::parseObject;

using VarMap = QHash<QString, QString>;

namespace {

QJsonArray textContents(const QString &uri, const QString &text)
{
    return {QJsonObject{{QStringLiteral("uri"), uri},
                        {QStringLiteral("mimeType"), QStringLiteral("text/plain")},
                        {QStringLiteral("text"), text}}};
}

ResourceDefinition makeResource(const QString &uri, const QString &text)
{
    ResourceDefinition resource;
    resource.uri = uri;
    resource.name = text;
    resource.read = [text](const QString &u) -> Result<QJsonArray> {
        return textContents(u, text);
    };
    return resource;
}

ResourceTemplateDefinition makeTemplate(const QString &uriTemplate)
{
    ResourceTemplateDefinition resourceTemplate;
    resourceTemplate.uriTemplate = uriTemplate;
    resourceTemplate.name = QStringLiteral("template");
    resourceTemplate.read = [](const QString &uri, const VarMap &vars) -> Result<QJsonArray> {
        QStringList parts;
        for (auto it = vars.cbegin(); it != vars.cend(); ++it)
            parts.append(it.key() + QLatin1Char('=') + it.value());
        parts.sort();
        return textContents(uri, parts.join(QLatin1Char(',')));
    };
    return resourceTemplate;
}

QString firstText(const Result<QJsonArray> &contents)
{
    return contents.value().at(0).toObject().value(QLatin1String("text")).toString();
}

} // namespace

Q_DECLARE_METATYPE(VarMap)

class TestResourceRegistry final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void descriptors();
    void templateMatch_data();
    void templateMatch();
    void read();
    void exactResourceWinsOverTemplate();
    void readErrorsPassThrough();
    void asyncTemplateAnswersThroughTheCallback();
    void listedResourceWithoutReadIsReadByItsTemplate();
};

void TestResourceRegistry::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void TestResourceRegistry::descriptors()
{
    ResourceDefinition resource =
        makeResource(QStringLiteral("pve://cluster/status"), QStringLiteral("status"));
    // (moc reads raw strings as plain ones: JSON holding "//" stays out of macro arguments.)
    const QJsonObject minimal = parseObject(R"({"uri":"pve://cluster/status","name":"status"})");
    QCOMPARE(resource.descriptor(), minimal);
    resource.title = QStringLiteral("Cluster status");
    resource.description = QStringLiteral("Quorum and nodes.");
    resource.mimeType = QStringLiteral("application/json");
    const QJsonObject full = parseObject(
        R"({"uri":"pve://cluster/status","name":"status",)"
        R"("title":"Cluster status","description":"Quorum and nodes.","mimeType":"application/json"})");
    QCOMPARE(resource.descriptor(), full);

    ResourceTemplateDefinition resourceTemplate = makeTemplate(QStringLiteral("pve://vm/{vmid}"));
    const QJsonObject templateDescriptor =
        parseObject(R"({"uriTemplate":"pve://vm/{vmid}","name":"template"})");
    QCOMPARE(resourceTemplate.descriptor(), templateDescriptor);
    resourceTemplate.mimeType = QStringLiteral("application/json");
    QCOMPARE(resourceTemplate.descriptor().value(QLatin1String("mimeType")).toString(),
             QStringLiteral("application/json"));
    QVERIFY(!resourceTemplate.descriptor().contains(QLatin1String("uri")));
}

void TestResourceRegistry::templateMatch_data()
{
    QTest::addColumn<QString>("uriTemplate");
    QTest::addColumn<QString>("uri");
    QTest::addColumn<bool>("matches");
    QTest::addColumn<VarMap>("vars");

    const QString data = QStringLiteral("test://template/{id}/data");
    QTest::newRow("one variable") << data << QStringLiteral("test://template/42/data") << true
                                  << VarMap{{QStringLiteral("id"), QStringLiteral("42")}};
    QTest::newRow("wrong suffix") << data << QStringLiteral("test://template/42/other") << false
                                  << VarMap{};
    QTest::newRow("variable does not span segments")
        << data << QStringLiteral("test://template/a/b/data") << false << VarMap{};
    QTest::newRow("empty variable")
        << data << QStringLiteral("test://template//data") << false << VarMap{};
    QTest::newRow("trailing newline")
        << data << QStringLiteral("test://template/42/data\n") << false << VarMap{};
    QTest::newRow("prefix only") << data << QStringLiteral("test://template/42") << false
                                 << VarMap{};
    QTest::newRow("trailing text")
        << data << QStringLiteral("test://template/42/data/x") << false << VarMap{};
    QTest::newRow("two variables") << QStringLiteral("pve://nodes/{node}/qemu/{vmid}")
                                   << QStringLiteral("pve://nodes/pve1/qemu/100") << true
                                   << VarMap{{QStringLiteral("node"), QStringLiteral("pve1")},
                                             {QStringLiteral("vmid"), QStringLiteral("100")}};
    QTest::newRow("variable inside a segment")
        << QStringLiteral("pve://vm/{vmid}.json") << QStringLiteral("pve://vm/100.json") << true
        << VarMap{{QStringLiteral("vmid"), QStringLiteral("100")}};
    QTest::newRow("template dot is literal")
        << QStringLiteral("pve://vm/{vmid}.json") << QStringLiteral("pve://vm/100xjson") << false
        << VarMap{};
    QTest::newRow("template regex characters are literal")
        << QStringLiteral("pve://a+b/(x)/{id}") << QStringLiteral("pve://a+b/(x)/7") << true
        << VarMap{{QStringLiteral("id"), QStringLiteral("7")}};
    QTest::newRow("no variables, exact")
        << QStringLiteral("pve://fixed") << QStringLiteral("pve://fixed") << true << VarMap{};
    QTest::newRow("no variables, other")
        << QStringLiteral("pve://fixed") << QStringLiteral("pve://fixed2") << false << VarMap{};
}

void TestResourceRegistry::templateMatch()
{
    QFETCH(QString, uriTemplate);
    QFETCH(QString, uri);
    QFETCH(bool, matches);
    QFETCH(VarMap, vars);
    const auto match = makeTemplate(uriTemplate).match(uri);
    QCOMPARE(match.has_value(), matches);
    if (match)
        QCOMPARE(*match, vars);
}

void TestResourceRegistry::read()
{
    ResourceRegistry registry;
    QVERIFY(registry.isEmpty());
    registry.add(makeResource(QStringLiteral("pve://cluster/status"), QStringLiteral("status")));
    QVERIFY(!registry.isEmpty());
    registry.addTemplate(makeTemplate(QStringLiteral("pve://nodes/{node}/qemu/{vmid}")));
    QCOMPARE(registry.resources().size(), 1);
    QCOMPARE(registry.templates().size(), 1);

    const auto status = registry.read(QStringLiteral("pve://cluster/status"));
    QVERIFY(status.ok());
    QCOMPARE(status.value(),
             textContents(QStringLiteral("pve://cluster/status"), QStringLiteral("status")));

    const auto vm = registry.read(QStringLiteral("pve://nodes/pve1/qemu/100"));
    QVERIFY(vm.ok());
    QCOMPARE(firstText(vm), QStringLiteral("node=pve1,vmid=100"));

    const auto missing = registry.read(QStringLiteral("pve://cluster/other"));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
    QVERIFY(missing.error().message.contains(QLatin1String("pve://cluster/other")));

    // A template alone makes the registry non-empty (the resources capability depends on it).
    ResourceRegistry templatesOnly;
    templatesOnly.addTemplate(makeTemplate(QStringLiteral("x://{a}")));
    QVERIFY(!templatesOnly.isEmpty());
}

void TestResourceRegistry::exactResourceWinsOverTemplate()
{
    ResourceRegistry registry;
    registry.addTemplate(makeTemplate(QStringLiteral("pve://vm/{vmid}")));
    registry.add(makeResource(QStringLiteral("pve://vm/all"), QStringLiteral("every VM")));
    QCOMPARE(firstText(registry.read(QStringLiteral("pve://vm/all"))), QStringLiteral("every VM"));
    QCOMPARE(firstText(registry.read(QStringLiteral("pve://vm/100"))), QStringLiteral("vmid=100"));
}

void TestResourceRegistry::readErrorsPassThrough()
{
    ResourceRegistry registry;
    ResourceDefinition failing = makeResource(QStringLiteral("pve://down"), {});
    failing.read = [](const QString &) -> Result<QJsonArray> {
        return Error{ErrorCode::Unavailable, QStringLiteral("the cluster is unreachable")};
    };
    registry.add(failing);
    const auto result = registry.read(QStringLiteral("pve://down"));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::Unavailable);
}

void TestResourceRegistry::asyncTemplateAnswersThroughTheCallback()
{
    ResourceRegistry registry;
    registry.add(makeResource(QStringLiteral("pve://vm/all"), QStringLiteral("every VM")));
    std::optional<std::pair<QString, VarMap>> asked;
    ResourceRegistry::ReadCallback pending;
    registry.addTemplate(
        makeTemplate(QStringLiteral("pve://vm/{vmid}")),
        [&](const QString &uri, const VarMap &vars, ResourceRegistry::ReadCallback done) {
            asked = {uri, vars};
            pending = std::move(done);
        });
    QVERIFY(registry.findTemplate(QStringLiteral("pve://vm/{vmid}")));
    QVERIFY(!registry.findTemplate(QStringLiteral("pve://vm/{id}")));

    std::optional<Result<QJsonArray>> got;
    registry.read(QStringLiteral("pve://vm/a%20b"), [&got](Result<QJsonArray> r) { got = r; });
    QVERIFY(!got); // not until the reader answers
    QCOMPARE(asked->first, QStringLiteral("pve://vm/a%20b"));
    QCOMPARE(asked->second, (VarMap{{QStringLiteral("vmid"), QStringLiteral("a b")}}));
    pending(textContents(QStringLiteral("pve://vm/a%20b"), QStringLiteral("later")));
    QVERIFY(got && got->ok());
    QCOMPARE(firstText(*got), QStringLiteral("later"));

    // An exact resource still wins over the template, and the synchronous read() skips the
    // asynchronous template rather than calling its (absent) synchronous reader.
    got.reset();
    registry.read(QStringLiteral("pve://vm/all"), [&got](Result<QJsonArray> r) { got = r; });
    QVERIFY(got && got->ok());
    QCOMPARE(firstText(*got), QStringLiteral("every VM"));
    QCOMPARE(registry.read(QStringLiteral("pve://vm/100")).error().code, ErrorCode::NotFound);
}

void TestResourceRegistry::listedResourceWithoutReadIsReadByItsTemplate()
{
    ResourceRegistry registry;
    ResourceDefinition listed;
    listed.uri = QStringLiteral("pve://vm/all");
    listed.name = QStringLiteral("listed");
    registry.add(listed);
    registry.addTemplate(
        makeTemplate(QStringLiteral("pve://vm/{vmid}")),
        [](const QString &uri, const VarMap &vars, ResourceRegistry::ReadCallback done) {
            done(textContents(uri, vars.value(QStringLiteral("vmid"))));
        });
    std::optional<Result<QJsonArray>> got;
    registry.read(QStringLiteral("pve://vm/all"), [&got](Result<QJsonArray> r) { got = r; });
    QVERIFY(got && got->ok());
    QCOMPARE(firstText(*got), QStringLiteral("all"));
    QCOMPARE(registry.read(QStringLiteral("pve://vm/all")).error().code, ErrorCode::NotFound);
}

QTEST_GUILESS_MAIN(TestResourceRegistry)
#include "TestResourceRegistry.moc"
