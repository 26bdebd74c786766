#include "server/tools/proxmox/HumanText.h"

#include <QTest>

using namespace pmcp;

class TestHumanText final : public QObject {
    Q_OBJECT

private slots:
    void bytes_data();
    void bytes();
    void durations_data();
    void durations();
    void times();
    void byField_data();
    void byField();
};

void TestHumanText::bytes_data()
{
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("bytes") << qint64(512) << QStringLiteral("512 B");
    QTest::newRow("one and a half KiB") << qint64(1536) << QStringLiteral("1.5 KiB");
    QTest::newRow("whole MiB") << qint64(512) * 1024 * 1024 << QStringLiteral("512 MiB");
    QTest::newRow("GiB with a decimal") << qint64(2254857830) << QStringLiteral("2.1 GiB");
    QTest::newRow("exact GiB, no .0") << qint64(8) * 1024 * 1024 * 1024 << QStringLiteral("8 GiB");
    QTest::newRow("TiB") << qint64(3) * 1024 * 1024 * 1024 * 1024 << QStringLiteral("3 TiB");
}

void TestHumanText::bytes()
{
    QFETCH(qint64, value);
    QFETCH(QString, text);
    QCOMPARE(HumanText::bytes(value), text);
}

void TestHumanText::durations_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("seconds") << qint64(42) << QStringLiteral("42 s");
    QTest::newRow("minutes") << qint64(125) << QStringLiteral("2 min");
    QTest::newRow("hours and minutes")
        << qint64(3 * 3600 + 12 * 60) << QStringLiteral("3 h 12 min");
    QTest::newRow("whole hours") << qint64(7200) << QStringLiteral("2 h");
    QTest::newRow("days and hours") << qint64(93784) << QStringLiteral("1 d 2 h");
}

void TestHumanText::durations()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    QCOMPARE(HumanText::duration(seconds), text);
}

void TestHumanText::times()
{
    const qint64 then = 1733338200; // 2024-12-04T18:50:00Z
    QCOMPARE(HumanText::time(then, then + 3 * 3600 + 600),
             QStringLiteral("2024-12-04T18:50:00Z (3 h ago)"));
    QCOMPARE(HumanText::time(then, then - 300), QStringLiteral("2024-12-04T18:50:00Z (in 5 min)"));
    QCOMPARE(HumanText::time(then, then), QStringLiteral("2024-12-04T18:50:00Z (now)"));
    QCOMPARE(HumanText::time(0, then), QStringLiteral("never"));
}

void TestHumanText::byField_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("maxmem") << QStringLiteral("maxmem") << QJsonValue(4294967296.0)
                            << QStringLiteral("4 GiB");
    QTest::newRow("size as a string")
        << QStringLiteral("size") << QJsonValue(QStringLiteral("1024")) << QStringLiteral("1 KiB");
    QTest::newRow("uptime") << QStringLiteral("uptime") << QJsonValue(90000)
                            << QStringLiteral("1 d 1 h");
    QTest::newRow("a plain field stays raw")
        << QStringLiteral("vmid") << QJsonValue(100) << QString();
    QTest::newRow("text in a size field stays")
        << QStringLiteral("used") << QJsonValue(QStringLiteral("LVM")) << QString();
}

void TestHumanText::byField()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(QString, text);
    QCOMPARE(HumanText::of(field, value, 0), text);
    QCOMPARE(HumanText::kindOf(QStringLiteral("starttime")), HumanText::Kind::Time);
}

QTEST_GUILESS_MAIN(TestHumanText)
#include "TestHumanText.moc"
