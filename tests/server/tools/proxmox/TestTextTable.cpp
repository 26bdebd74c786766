#include "server/tools/proxmox/TextTable.h"

#include <QTest>

using namespace pmcp;

class TestTextTable final : public QObject {
    Q_OBJECT

private slots:
    void alignsColumns();
    void emptyAndOverflow();
    void objectLines();
    void cells_data();
    void cells();
};

void TestTextTable::alignsColumns()
{
    const QJsonArray rows{QJsonObject{{QStringLiteral("vmid"), 100},
                                      {QStringLiteral("name"), QStringLiteral("web-01")}},
                          QJsonObject{{QStringLiteral("vmid"), 2000},
                                      {QStringLiteral("name"), QStringLiteral("db")}}};
    QCOMPARE(TextTable::render(rows, {QStringLiteral("vmid"), QStringLiteral("name")}),
             QStringLiteral("vmid  name\n100   web-01\n2000  db"));
}

void TestTextTable::emptyAndOverflow()
{
    QCOMPARE(TextTable::render({}), QStringLiteral("(no rows)"));
    QJsonArray rows;
    for (int i = 0; i < 5; ++i)
        rows.append(QJsonObject{{QStringLiteral("n"), i}});
    const QString text = TextTable::render(rows, {}, 2);
    QCOMPARE(text, QStringLiteral("n\n0\n1\n... 3 more rows"));
}

void TestTextTable::objectLines()
{
    const QJsonObject object{{QStringLiteral("status"), QStringLiteral("running")},
                             {QStringLiteral("cpus"), 4}};
    QCOMPARE(TextTable::renderObject(object), QStringLiteral("cpus: 4\nstatus: running"));
    QCOMPARE(TextTable::renderObject({}), QStringLiteral("(empty)"));
}

void TestTextTable::cells_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("integer") << QJsonValue(42) << QStringLiteral("42");
    QTest::newRow("fraction") << QJsonValue(0.125) << QStringLiteral("0.125");
    QTest::newRow("bool") << QJsonValue(true) << QStringLiteral("1");
    QTest::newRow("newline") << QJsonValue(QStringLiteral("a\nb")) << QStringLiteral("a b");
    QTest::newRow("array") << QJsonValue(QJsonArray{1, 2}) << QStringLiteral("[1,2]");
    QTest::newRow("null") << QJsonValue() << QString();
}

void TestTextTable::cells()
{
    QFETCH(QJsonValue, value);
    QFETCH(QString, text);
    QCOMPARE(TextTable::cell(value), text);
}

QTEST_GUILESS_MAIN(TestTextTable)
#include "TestTextTable.moc"
