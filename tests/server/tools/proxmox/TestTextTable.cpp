#include "server/tools/proxmox/TextTable.h"

#include <QTest>

using namespace pmcp;

class TestTextTable final : public QObject {
    Q_OBJECT

private slots:
    void alignsColumns();
    void emptyAndOverflow();
    void objectLines();
    void identifiersAreNeverCut();
    void sizesAndTimesInWords();
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
    QCOMPARE(text,
             QStringLiteral("n\n0\n1\n... 3 more rows: call again with offset 2 to see them"));
    // A page further down names the offset after its own rows.
    QVERIFY(TextTable::render(rows, {}, 2, 40).endsWith(QLatin1String("offset 42 to see them")));
}

void TestTextTable::objectLines()
{
    const QJsonObject object{{QStringLiteral("status"), QStringLiteral("running")},
                             {QStringLiteral("cpus"), 4}};
    QCOMPARE(TextTable::renderObject(object), QStringLiteral("cpus: 4\nstatus: running"));
    QCOMPARE(TextTable::renderObject({}), QStringLiteral("(empty)"));
}

void TestTextTable::identifiersAreNeverCut()
{
    const QString upid = QStringLiteral(
        "UPID:pve1:000ABCDE:0123ABCD:6745A1B2:vzdump:100:root@pam!a-rather-long-token-name:");
    const QString volid = QStringLiteral(
        "nfs-backup:backup/vzdump-qemu-100-2026_12_04-18_30_12.vma.zst.notes.protected");
    const QString longLine = QString(300, u'x');
    const QJsonArray rows{QJsonObject{{QStringLiteral("upid"), upid},
                                      {QStringLiteral("volid"), volid},
                                      {QStringLiteral("msg"), longLine}},
                          QJsonObject{{QStringLiteral("upid"), QStringLiteral("short")}}};
    const QString table = TextTable::render(
        rows, {QStringLiteral("upid"), QStringLiteral("volid"), QStringLiteral("msg")});
    for (const QString &whole : {upid, volid, longLine})
        QVERIFY2(table.contains(whole), qPrintable(table));
    // A long cell does not pad the short ones of its column to its width.
    QVERIFY2(table.split(u'\n').last().size() < 60, qPrintable(table));
    const QString object = TextTable::renderObject({{QStringLiteral("description"), longLine}});
    QVERIFY(object.contains(longLine));
}

void TestTextTable::sizesAndTimesInWords()
{
    const QJsonArray rows{QJsonObject{{QStringLiteral("maxmem"), 4294967296.0},
                                      {QStringLiteral("uptime"), 7200},
                                      {QStringLiteral("starttime"), 1733338200}}};
    const QString table = TextTable::render(rows);
    for (const char *words : {"4 GiB", "2 h", "2024-12-04T18:50:00Z ("})
        QVERIFY2(table.contains(QLatin1String(words)), qPrintable(table));
    QCOMPARE(TextTable::cell(QJsonValue(4294967296.0), QStringLiteral("maxmem")),
             QStringLiteral("4 GiB"));
    QCOMPARE(TextTable::cell(QJsonValue(4294967296.0)), QStringLiteral("4294967296"));
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
