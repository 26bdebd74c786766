#include "server/tools/context/ProxmoxCompletions.h"

#include "ContextFixture.h"

#include <QJsonArray>
#include <QTest>

#include <optional>

using namespace pmcp;

namespace {

QString operator""_s(const char *text, std::size_t size)
{
    return QString::fromUtf8(text, qsizetype(size));
}

} // namespace

class TestProxmoxCompletions final : public QObject {
    Q_OBJECT

private slots:
    void candidatesFromClusterResources_data();
    void candidatesFromClusterResources();
    void completerAsksTheTarget_data();
    void completerAsksTheTarget();
};

void TestProxmoxCompletions::candidatesFromClusterResources_data()
{
    const QJsonArray rows{
        QJsonObject{{"type"_s, "node"_s}, {"node"_s, "pve1"_s}},
        QJsonObject{{"type"_s, "node"_s}, {"node"_s, "pve2"_s}},
        QJsonObject{{"type"_s, "qemu"_s}, {"node"_s, "pve1"_s}, {"vmid"_s, 100}},
        QJsonObject{{"type"_s, "lxc"_s}, {"node"_s, "pve2"_s}, {"vmid"_s, 202}},
        QJsonObject{{"type"_s, "storage"_s}, {"node"_s, "pve1"_s}, {"storage"_s, "local"_s}},
        QJsonObject{{"type"_s, "storage"_s}, {"node"_s, "pve2"_s}, {"storage"_s, "local"_s}},
        QJsonObject{{"type"_s, "storage"_s}, {"node"_s, "pve2"_s}, {"storage"_s, "nfs"_s}},
        QJsonObject{{"type"_s, "sdn"_s}, {"node"_s, "pve1"_s}, {"sdn"_s, "localnetwork"_s}}};
    QTest::addColumn<QJsonArray>("rows");
    QTest::addColumn<QString>("argument");
    QTest::addColumn<QJsonObject>("context");
    QTest::addColumn<QStringList>("values");
    QTest::newRow("nodes") << rows << "node"_s << QJsonObject{} << QStringList{"pve1"_s, "pve2"_s};
    QTest::newRow("vmids") << rows << "vmid"_s << QJsonObject{} << QStringList{"100"_s, "202"_s};
    QTest::newRow("vmids of a node")
        << rows << "vmid"_s << QJsonObject{{"node"_s, "pve2"_s}} << QStringList{"202"_s};
    QTest::newRow("storage ids once")
        << rows << "storage"_s << QJsonObject{} << QStringList{"local"_s, "nfs"_s};
    QTest::newRow("other argument") << rows << "since"_s << QJsonObject{} << QStringList{};
}

void TestProxmoxCompletions::candidatesFromClusterResources()
{
    QFETCH(QJsonArray, rows);
    QFETCH(QString, argument);
    QFETCH(QJsonObject, context);
    QFETCH(QStringList, values);
    QCOMPARE(ProxmoxCompletions::candidates(argument, rows, context), values);
}

void TestProxmoxCompletions::completerAsksTheTarget_data()
{
    QTest::addColumn<QString>("argument");
    QTest::addColumn<QJsonObject>("context");
    QTest::addColumn<QStringList>("values");
    QTest::newRow("node") << "node"_s << QJsonObject{} << QStringList{"pve1"_s, "pve2"_s, "pve3"_s};
    QTest::newRow("vmid on pve3 of lab")
        << "vmid"_s << QJsonObject{{"node"_s, "pve3"_s}, {"target"_s, "lab"_s}}
        << QStringList{"300"_s, "301"_s, "302"_s};
    QTest::newRow("target") << "target"_s << QJsonObject{} << QStringList{"default"_s, "lab"_s};
    QTest::newRow("unknown target")
        << "node"_s << QJsonObject{{"target"_s, "nope"_s}} << QStringList{};
}

void TestProxmoxCompletions::completerAsksTheTarget()
{
    QFETCH(QString, argument);
    QFETCH(QJsonObject, context);
    QFETCH(QStringList, values);
    test::ContextFixture f;
    QVERIFY(f.started);
    const auto completer = ProxmoxCompletions::completer(&f.targets);
    std::optional<QStringList> got;
    completer({"ref/prompt"_s, "node_maintenance"_s, argument, {}, context},
              [&got](QStringList candidates) { got = std::move(candidates); });
    QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 15000);
    QStringList sorted = *got;
    if (argument == QLatin1String("vmid"))
        std::sort(sorted.begin(), sorted.end());
    QCOMPARE(sorted, values);
}

QTEST_GUILESS_MAIN(TestProxmoxCompletions)
#include "TestProxmoxCompletions.moc"
