#include "server/tools/proxmox/ListShaper.h"

#include <QTest>

using namespace pmcp;

namespace {

QJsonArray guests()
{
    return {QJsonObject{{QStringLiteral("vmid"), 100},
                        {QStringLiteral("name"), QStringLiteral("web-01")},
                        {QStringLiteral("node"), QStringLiteral("pve1")},
                        {QStringLiteral("status"), QStringLiteral("running")}},
            QJsonObject{{QStringLiteral("vmid"), QStringLiteral("102")},
                        {QStringLiteral("name"), QStringLiteral("dns-01")},
                        {QStringLiteral("node"), QStringLiteral("pve1")},
                        {QStringLiteral("status"), QStringLiteral("stopped")}},
            QJsonObject{{QStringLiteral("vmid"), 200},
                        {QStringLiteral("name"), QStringLiteral("WEB-02")},
                        {QStringLiteral("node"), QStringLiteral("pve2")},
                        {QStringLiteral("status"), QStringLiteral("running")}}};
}

QList<int> vmids(const QJsonObject &shaped)
{
    QList<int> ids;
    for (const QJsonValue &row : shaped.value(QLatin1String("items")).toArray())
        ids.append(ListShaper::text(row.toObject().value(QLatin1String("vmid"))).toInt());
    return ids;
}

} // namespace

class TestListShaper final : public QObject {
    Q_OBJECT

private slots:
    void filters_data();
    void filters();
    void projection();
    void filterKeysNotDeclaredAreIgnored();
};

void TestListShaper::filters_data()
{
    QTest::addColumn<QJsonObject>("arguments");
    QTest::addColumn<QList<int>>("expected");
    QTest::addColumn<int>("total");
    QTest::newRow("none") << QJsonObject{} << QList<int>{100, 102, 200} << 3;
    QTest::newRow("node") << QJsonObject{{QStringLiteral("node"), QStringLiteral("pve1")}}
                          << QList<int>{100, 102} << 2;
    QTest::newRow("status and node")
        << QJsonObject{{QStringLiteral("node"), QStringLiteral("pve1")},
                       {QStringLiteral("status"), QStringLiteral("running")}}
        << QList<int>{100} << 1;
    QTest::newRow("name substring any case")
        << QJsonObject{{QStringLiteral("name"), QStringLiteral("web")}} << QList<int>{100, 200}
        << 2;
    QTest::newRow("vmid number matches string row")
        << QJsonObject{{QStringLiteral("vmid"), 102}} << QList<int>{102} << 1;
    QTest::newRow("limit keeps total")
        << QJsonObject{{QStringLiteral("limit"), 1}} << QList<int>{100} << 3;
    QTest::newRow("offset takes the next page")
        << QJsonObject{{QStringLiteral("offset"), 1}, {QStringLiteral("limit"), 1}}
        << QList<int>{102} << 3;
    QTest::newRow("offset past the end")
        << QJsonObject{{QStringLiteral("offset"), 5}} << QList<int>{} << 3;
    QTest::newRow("offset counts matching rows only")
        << QJsonObject{{QStringLiteral("status"), QStringLiteral("running")},
                       {QStringLiteral("offset"), 1}}
        << QList<int>{200} << 2;
    QTest::newRow("no match") << QJsonObject{{QStringLiteral("node"), QStringLiteral("pve9")}}
                              << QList<int>{} << 0;
}

void TestListShaper::filters()
{
    QFETCH(QJsonObject, arguments);
    QFETCH(QList<int>, expected);
    QFETCH(int, total);
    const QJsonObject shaped =
        ListShaper(arguments, {QStringLiteral("node"), QStringLiteral("status"),
                               QStringLiteral("name"), QStringLiteral("vmid")})
            .shape(guests());
    QCOMPARE(vmids(shaped), expected);
    QCOMPARE(shaped.value(QLatin1String("count")).toInt(), expected.size());
    QCOMPARE(shaped.value(QLatin1String("total")).toInt(), total);
}

void TestListShaper::projection()
{
    const QJsonObject arguments{
        {QStringLiteral("fields"), QJsonArray{QStringLiteral("vmid"), QStringLiteral("missing")}}};
    const QJsonArray items =
        ListShaper(arguments, {}).shape(guests()).value(QLatin1String("items")).toArray();
    QCOMPARE(items.size(), 3);
    for (const QJsonValue &row : items)
        QCOMPARE(row.toObject().keys(), QStringList{QStringLiteral("vmid")});
}

void TestListShaper::filterKeysNotDeclaredAreIgnored()
{
    // "node" is a path argument of this tool, not a filter: every row stays.
    const QJsonObject shaped =
        ListShaper({{QStringLiteral("node"), QStringLiteral("pve2")}}, {QStringLiteral("status")})
            .shape(guests());
    QCOMPARE(shaped.value(QLatin1String("count")).toInt(), 3);
}

QTEST_GUILESS_MAIN(TestListShaper)
#include "TestListShaper.moc"
