#include "server/mcp/LogLevel.h"

#include <QRegularExpression>
#include <QTest>

using namespace pmcp;

class TestLogLevel final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void parse_data();
    void parse();
    void nameRoundTrip();
    void severityOrder();
};

void TestLogLevel::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void TestLogLevel::parse_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("level"); // -1: not a level

    QTest::newRow("debug") << QStringLiteral("debug") << int(LogLevel::Debug);
    QTest::newRow("info") << QStringLiteral("info") << int(LogLevel::Info);
    QTest::newRow("notice") << QStringLiteral("notice") << int(LogLevel::Notice);
    QTest::newRow("warning") << QStringLiteral("warning") << int(LogLevel::Warning);
    QTest::newRow("error") << QStringLiteral("error") << int(LogLevel::Error);
    QTest::newRow("critical") << QStringLiteral("critical") << int(LogLevel::Critical);
    QTest::newRow("alert") << QStringLiteral("alert") << int(LogLevel::Alert);
    QTest::newRow("emergency") << QStringLiteral("emergency") << int(LogLevel::Emergency);
    // MCP names the levels exactly, in lower case.
    QTest::newRow("capitalised") << QStringLiteral("Info") << -1;
    QTest::newRow("upper case") << QStringLiteral("ERROR") << -1;
    QTest::newRow("abbreviation") << QStringLiteral("warn") << -1;
    QTest::newRow("padded") << QStringLiteral(" info") << -1;
    QTest::newRow("empty") << QString() << -1;
    QTest::newRow("number") << QStringLiteral("3") << -1;
}

void TestLogLevel::parse()
{
    QFETCH(QString, name);
    QFETCH(int, level);
    const auto parsed = parseLogLevel(name);
    QCOMPARE(parsed.has_value(), level >= 0);
    if (parsed)
        QCOMPARE(int(*parsed), level);
}

void TestLogLevel::nameRoundTrip()
{
    QStringList names;
    for (int i = int(LogLevel::Debug); i <= int(LogLevel::Emergency); ++i) {
        const auto level = static_cast<LogLevel>(i);
        const QString name = logLevelName(level);
        QVERIFY(!name.isEmpty());
        QCOMPARE(parseLogLevel(name), std::optional<LogLevel>(level));
        names.append(name);
    }
    QCOMPARE(names, QStringList({QStringLiteral("debug"), QStringLiteral("info"),
                                 QStringLiteral("notice"), QStringLiteral("warning"),
                                 QStringLiteral("error"), QStringLiteral("critical"),
                                 QStringLiteral("alert"), QStringLiteral("emergency")}));
}

void TestLogLevel::severityOrder()
{
    // Filtering by "level < session level" relies on the enum's order being the syslog order.
    QVERIFY(LogLevel::Debug < LogLevel::Info);
    QVERIFY(LogLevel::Info < LogLevel::Notice);
    QVERIFY(LogLevel::Notice < LogLevel::Warning);
    QVERIFY(LogLevel::Warning < LogLevel::Error);
    QVERIFY(LogLevel::Error < LogLevel::Critical);
    QVERIFY(LogLevel::Critical < LogLevel::Alert);
    QVERIFY(LogLevel::Alert < LogLevel::Emergency);
}

QTEST_GUILESS_MAIN(TestLogLevel)
#include "TestLogLevel.moc"
