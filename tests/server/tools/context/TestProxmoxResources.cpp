#include "server/tools/context/ProxmoxResources.h"

#include "ContextFixture.h"
#include "server/mcp/ResourceRegistry.h"
#include "server/simulator/SimState.h"
#include "server/simulator/SimTasks.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <optional>

using namespace pmcp;

namespace {

QString operator""_s(const char *text, std::size_t size)
{
    return QString::fromUtf8(text, qsizetype(size));
}

Result<QJsonArray> readNow(const ResourceRegistry &registry, const QString &uri)
{
    std::optional<Result<QJsonArray>> got;
    registry.read(uri, [&got](Result<QJsonArray> result) { got = std::move(result); });
    [&] { QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 15000); }();
    return got ? *got : Result<QJsonArray>(Error::notFound("no answer"_s));
}

QString textOf(const QJsonArray &contents)
{
    return contents.first().toObject().value(QLatin1String("text")).toString();
}

} // namespace

class TestProxmoxResources final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void templatesAndListedResources();
    void clusterResourcesAreRead();
    void guestConfigIsRead_data();
    void guestConfigIsRead();
    void taskLogIsText();
    void errorsNameTheUri_data();
    void errorsNameTheUri();
    void changedByNamesClusterAndGuest();

private:
    std::unique_ptr<test::ContextFixture> m_f;
    std::unique_ptr<ResourceRegistry> m_registry;
};

void TestProxmoxResources::init()
{
    m_f = std::make_unique<test::ContextFixture>();
    QVERIFY(m_f->started);
    m_registry = std::make_unique<ResourceRegistry>();
    ProxmoxResources::install(*m_registry, &m_f->targets);
}

void TestProxmoxResources::cleanup()
{
    m_registry.reset();
    m_f.reset();
}

void TestProxmoxResources::templatesAndListedResources()
{
    QStringList templates;
    for (const auto &t : m_registry->templates())
        templates.append(t.uriTemplate);
    QCOMPARE(templates,
             (QStringList{ProxmoxResources::kClusterResources, ProxmoxResources::kQemuConfig,
                          ProxmoxResources::kLxcConfig, ProxmoxResources::kTaskLog}));
    QStringList listed;
    for (const auto &r : m_registry->resources())
        listed.append(r.uri);
    QCOMPARE(listed, (QStringList{"proxmox://default/cluster/resources"_s,
                                  "proxmox://lab/cluster/resources"_s}));
}

void TestProxmoxResources::clusterResourcesAreRead()
{
    const auto read = readNow(*m_registry, "proxmox://lab/cluster/resources"_s);
    QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().message));
    QCOMPARE(read.value().first().toObject().value(QLatin1String("mimeType")).toString(),
             "application/json"_s);
    const QJsonArray rows = QJsonDocument::fromJson(textOf(read.value()).toUtf8()).array();
    int nodes = 0, guests = 0;
    for (const QJsonValue &row : rows) {
        const QString type = row.toObject().value(QLatin1String("type")).toString();
        nodes += type == QLatin1String("node");
        guests += type == QLatin1String("qemu") || type == QLatin1String("lxc");
    }
    QCOMPARE(nodes, 3);
    QCOMPARE(guests, int(m_f->simulator.state().guests().size()));
}

void TestProxmoxResources::guestConfigIsRead_data()
{
    QTest::addColumn<QString>("uri");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("qemu") << "proxmox://default/nodes/pve1/qemu/100/config"_s
                          << "name"_s
                          << "web-01"_s;
    QTest::newRow("lxc") << "proxmox://default/nodes/pve1/lxc/102/config"_s
                         << "hostname"_s
                         << "dns-01"_s;
    QTest::newRow("percent-encoded node") << "proxmox://default/nodes/pve%32/lxc/202/config"_s
                                          << "hostname"_s
                                          << "monitoring"_s;
}

void TestProxmoxResources::guestConfigIsRead()
{
    QFETCH(QString, uri);
    QFETCH(QString, key);
    QFETCH(QString, value);
    const auto read = readNow(*m_registry, uri);
    QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().message));
    const QJsonObject config = QJsonDocument::fromJson(textOf(read.value()).toUtf8()).object();
    QCOMPARE(config.value(key).toString(), value);
    QCOMPARE(read.value().first().toObject().value(QLatin1String("uri")).toString(), uri);
}

void TestProxmoxResources::taskLogIsText()
{
    const SimResult started = m_f->simulator.dispatch("POST", "/nodes/pve1/lxc/103/status/start"_s);
    QCOMPARE(started.status, 200);
    const QString upid = started.data.toString();
    QTRY_VERIFY_WITH_TIMEOUT(!m_f->simulator.tasks().find(upid)->running, 15000);
    const auto read = readNow(*m_registry, "proxmox://default/nodes/pve1/tasks/%1/log"_s.arg(upid));
    QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().message));
    QCOMPARE(read.value().first().toObject().value(QLatin1String("mimeType")).toString(),
             "text/plain"_s);
    const QString text = textOf(read.value());
    QVERIFY2(text.endsWith("TASK OK\n"_s), qPrintable(text));
    QVERIFY2(!text.contains("\"t\""_s), qPrintable(text)); // lines, not JSON
}

void TestProxmoxResources::errorsNameTheUri_data()
{
    QTest::addColumn<QString>("uri");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("says");
    QTest::newRow("unknown target") << "proxmox://nope/cluster/resources"_s << ErrorCode::NotFound
                                    << "no Proxmox target named \"nope\""_s;
    QTest::newRow("missing guest")
        << "proxmox://default/nodes/pve1/qemu/4242/config"_s << ErrorCode::NotFound << "4242"_s;
    QTest::newRow("vmid not a number") << "proxmox://default/nodes/pve1/qemu/abc/config"_s
                                       << ErrorCode::InvalidArgument << "numeric vmid"_s;
    QTest::newRow("not a UPID") << "proxmox://default/nodes/pve1/tasks/42/log"_s
                                << ErrorCode::InvalidArgument << "task UPID"_s;
    QTest::newRow("no template") << "proxmox://default/storage"_s << ErrorCode::NotFound
                                 << "no resource"_s;
}

void TestProxmoxResources::errorsNameTheUri()
{
    QFETCH(QString, uri);
    QFETCH(ErrorCode, code);
    QFETCH(QString, says);
    const auto read = readNow(*m_registry, uri);
    QVERIFY(!read.ok());
    QCOMPARE(read.error().code, code);
    QVERIFY2(read.error().message.contains(says), qPrintable(read.error().message));
    QVERIFY2(read.error().message.contains(uri), qPrintable(read.error().message));
}

void TestProxmoxResources::changedByNamesClusterAndGuest()
{
    QCOMPARE(ProxmoxResources::changedBy({"lab"_s, "pve2"_s, "qemu/203"_s}),
             (QStringList{"proxmox://lab/cluster/resources"_s,
                          "proxmox://lab/nodes/pve2/qemu/203/config"_s}));
    QCOMPARE(ProxmoxResources::changedBy({"lab"_s, "pve2"_s, {}}),
             QStringList{"proxmox://lab/cluster/resources"_s});
    QCOMPARE(ProxmoxResources::changedBy({}), QStringList());
}

QTEST_GUILESS_MAIN(TestProxmoxResources)
#include "TestProxmoxResources.moc"
