#include "server/audit/AuditFormat.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

class TestAuditFormat final : public QObject {
    Q_OBJECT

private slots:
    void joinAndSplitRoundTrip();
    void splitRefusesMalformedLines_data();
    void splitRefusesMalformedLines();
    void macDependsOnKeyAndBytes();
    void fileNamesAndIndexes();
};

void TestAuditFormat::joinAndSplitRoundTrip()
{
    const QByteArray canonical = R"({"client":"a","seq":1})";
    const QByteArray mac = AuditFormat::macOf("k", canonical);
    QCOMPARE(mac.size(), AuditFormat::kMacHexChars);
    const QByteArray line = AuditFormat::join(canonical, mac);
    QCOMPARE(line, QByteArray(R"({"client":"a","seq":1,"mac":")") + mac + "\"}");
    const auto split = AuditFormat::split(line);
    QVERIFY(split);
    QCOMPARE(split->canonical, canonical);
    QCOMPARE(split->mac, mac);
}

void TestAuditFormat::splitRefusesMalformedLines_data()
{
    QTest::addColumn<QByteArray>("line");
    const QByteArray mac(AuditFormat::kMacHexChars, 'a');
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("no mac") << QByteArray(R"({"seq":1})");
    QTest::newRow("short mac") << QByteArray(R"({"seq":1,"mac":"abcd"})");
    QTest::newRow("not hex") << QByteArray(R"({"seq":1,"mac":")") + QByteArray(64, 'z') + "\"}";
    QTest::newRow("other key") << QByteArray(R"({"seq":1,"mad":")") + mac + "\"}";
    QTest::newRow("no closing brace") << QByteArray(R"({"seq":1,"mac":")") + mac + "\"";
}

void TestAuditFormat::splitRefusesMalformedLines()
{
    QFETCH(QByteArray, line);
    QVERIFY(!AuditFormat::split(line));
}

void TestAuditFormat::macDependsOnKeyAndBytes()
{
    const QByteArray canonical = R"({"seq":1})";
    QCOMPARE(AuditFormat::macOf("key", canonical), AuditFormat::macOf("key", canonical));
    QVERIFY(AuditFormat::macOf("key", canonical) != AuditFormat::macOf("other", canonical));
    QVERIFY(AuditFormat::macOf("key", canonical) != AuditFormat::macOf("key", R"({"seq":2})"));
    QCOMPARE(AuditFormat::genesis(), QByteArray(AuditFormat::kMacHexChars, '0'));
}

void TestAuditFormat::fileNamesAndIndexes()
{
    QCOMPARE(AuditFormat::fileName(7), QStringLiteral("audit-000007.jsonl"));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const QString &name :
         {QStringLiteral("audit-000010.jsonl"), QStringLiteral("audit-000002.jsonl"),
          QStringLiteral("audit-000001.jsonl"), QStringLiteral("audit.lock"),
          QStringLiteral("audit-1.jsonl"), QStringLiteral("audit-000003.jsonl.tmp")}) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    QCOMPARE(AuditFormat::fileIndexes(dir.path()), (QList<int>{1, 2, 10}));
}

QTEST_GUILESS_MAIN(TestAuditFormat)
#include "TestAuditFormat.moc"
