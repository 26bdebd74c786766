#include "server/app/Logging.h"
#include "server/audit/AuditLogCategory.h"
#include "server/mcp/McpLogCategory.h"

#include <QDateTime>
#include <QFile>
#include <QLoggingCategory>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryFile>
#include <QTest>

#include <cstdio>
#include <unistd.h>

using namespace pmcp;

Q_DECLARE_METATYPE(QtMsgType)

namespace {

Q_LOGGING_CATEGORY(lcTest, "pmcp.test")

// The child process of qtLoggingRulesTurnOneRoomUp: Qt reads QT_LOGGING_RULES once, when the
// application starts, so the rules must be in the environment of a fresh process.
constexpr char kEmitRoomLines[] = "--emit-room-lines";

int emitRoomLines(const QString &level)
{
    Logging::install(level);
    qCDebug(lcMcp, "debug line");
    qCInfo(lcMcp, "info line");
    qCDebug(lcAudit, "debug line");
    qCInfo(lcAudit, "info line");
    return 0;
}

// Runs body() with stderr (fd 2) going to a temporary file; returns what was written.
template <typename Body>
QString captureStderr(Body body)
{
    QTemporaryFile file;
    if (!file.open())
        return QStringLiteral("<cannot open a temporary file>");
    std::fflush(stderr);
    const int saved = ::dup(2);
    ::dup2(file.handle(), 2);
    body();
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    QFile reader(file.fileName());
    if (!reader.open(QIODevice::ReadOnly))
        return QStringLiteral("<cannot read the temporary file>");
    return QString::fromLocal8Bit(reader.readAll());
}

} // namespace

class TestLogging final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void formatShape_data();
    void formatShape();
    void formatUsesCurrentUtcTime();
    void threshold_data();
    void threshold();
    void categoryNameIsPrefixed();
    void setLevelChangesTheThresholdOfARunningProcess();
    void qtLoggingRulesTurnOneRoomUp_data();
    void qtLoggingRulesTurnOneRoomUp();

private:
    QtMessageHandler m_previous = nullptr;
};

void TestLogging::init()
{
    // Remember Qt Test's own handler so that each test leaves the process as it found it.
    m_previous = qInstallMessageHandler(nullptr);
    qInstallMessageHandler(m_previous);
}

void TestLogging::cleanup()
{
    qInstallMessageHandler(m_previous);
    QLoggingCategory::setFilterRules(QString());
}

void TestLogging::formatShape_data()
{
    QTest::addColumn<QtMsgType>("type");
    QTest::addColumn<QString>("category");
    QTest::addColumn<QString>("tail");
    QTest::newRow("debug") << QtDebugMsg << QStringLiteral("default")
                           << QStringLiteral("DEBUG hello world");
    QTest::newRow("info") << QtInfoMsg << QStringLiteral("default")
                          << QStringLiteral("INFO hello world");
    QTest::newRow("warning") << QtWarningMsg << QStringLiteral("default")
                             << QStringLiteral("WARN hello world");
    QTest::newRow("critical") << QtCriticalMsg << QStringLiteral("default")
                              << QStringLiteral("ERROR hello world");
    QTest::newRow("fatal") << QtFatalMsg << QStringLiteral("default")
                           << QStringLiteral("FATAL hello world");
    QTest::newRow("with category") << QtWarningMsg << QStringLiteral("pmcp.http")
                                   << QStringLiteral("WARN pmcp.http: hello world");
}

void TestLogging::formatShape()
{
    QFETCH(QtMsgType, type);
    QFETCH(QString, category);
    QFETCH(QString, tail);
    const QString line = Logging::format(type, category, QStringLiteral("hello world"));
    // ISO 8601 UTC with milliseconds, one space, then the level.
    static const QRegularExpression shape(
        QStringLiteral("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z) (.*)$"));
    const auto match = shape.match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    QCOMPARE(match.captured(2), tail);
    QVERIFY(!line.contains(QLatin1Char('\n')));
}

void TestLogging::formatUsesCurrentUtcTime()
{
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    const QString line = Logging::format(QtInfoMsg, QStringLiteral("default"), QStringLiteral("x"));
    const QDateTime after = QDateTime::currentDateTimeUtc().addMSecs(1);
    const QDateTime stamp =
        QDateTime::fromString(line.section(QLatin1Char(' '), 0, 0), Qt::ISODateWithMs);
    QVERIFY2(stamp.isValid(), qPrintable(line));
    QCOMPARE(stamp.timeSpec(), Qt::UTC);
    QVERIFY(stamp >= before && stamp <= after);
}

void TestLogging::threshold_data()
{
    QTest::addColumn<QString>("level");
    QTest::addColumn<QStringList>("shown");
    const QString d = QStringLiteral("DEBUG"), i = QStringLiteral("INFO"),
                  w = QStringLiteral("WARN"), e = QStringLiteral("ERROR");
    QTest::newRow("DEBUG") << d << QStringList{d, i, w, e};
    QTest::newRow("INFO") << i << QStringList{i, w, e};
    QTest::newRow("WARN") << w << QStringList{w, e};
    QTest::newRow("WARNING alias") << QStringLiteral("WARNING") << QStringList{w, e};
    QTest::newRow("lower case warn") << QStringLiteral("warn") << QStringList{w, e};
    QTest::newRow("ERROR") << e << QStringList{e};
    QTest::newRow("unknown falls back to INFO") << QStringLiteral("LOUD") << QStringList{i, w, e};
}

void TestLogging::threshold()
{
    QFETCH(QString, level);
    QFETCH(QStringList, shown);
    const QString output = captureStderr([&level] {
        Logging::install(level);
        qDebug("message at debug");
        qInfo("message at info");
        qWarning("message at warn");
        qCritical("message at error");
    });
    const QStringList lines = output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QStringList levels;
    for (const QString &line : lines) {
        QVERIFY2(line.endsWith(QStringLiteral("message at ") +
                               line.section(QLatin1Char(' '), 1, 1).toLower()),
                 qPrintable(line));
        levels.append(line.section(QLatin1Char(' '), 1, 1));
    }
    QCOMPARE(levels, shown);
}

void TestLogging::setLevelChangesTheThresholdOfARunningProcess()
{
    const QString output = captureStderr([] {
        Logging::install(QStringLiteral("ERROR"));
        qCWarning(lcTest, "before the reload");
        Logging::setLevel(QStringLiteral("DEBUG")); // a configuration reload
        qCDebug(lcTest, "after the reload");
    });
    QVERIFY2(!output.contains(QStringLiteral("before the reload")), qPrintable(output));
    QVERIFY2(output.contains(QStringLiteral("DEBUG pmcp.test: after the reload")),
             qPrintable(output));
}

void TestLogging::categoryNameIsPrefixed()
{
    const QString output = captureStderr([] {
        Logging::install(QStringLiteral("DEBUG"));
        qCWarning(lcTest, "from a category");
    });
    QVERIFY2(output.endsWith(QLatin1String(" WARN pmcp.test: from a category\n")),
             qPrintable(output));
}

void TestLogging::qtLoggingRulesTurnOneRoomUp_data()
{
    QTest::addColumn<QString>("level");
    QTest::addColumn<QString>("rules");
    QTest::addColumn<QStringList>("shown");
    const QString mcpDebug = QStringLiteral("DEBUG pmcp.mcp: debug line"),
                  mcpInfo = QStringLiteral("INFO pmcp.mcp: info line"),
                  auditDebug = QStringLiteral("DEBUG pmcp.audit: debug line"),
                  auditInfo = QStringLiteral("INFO pmcp.audit: info line");
    QTest::newRow("no rules: LOG_LEVEL alone")
        << QStringLiteral("INFO") << QString() << QStringList{mcpInfo, auditInfo};
    QTest::newRow("one room up") << QStringLiteral("INFO") << QStringLiteral("pmcp.mcp.debug=true")
                                 << QStringList{mcpDebug, mcpInfo, auditInfo};
    QTest::newRow("one room up above WARN")
        << QStringLiteral("WARN") << QStringLiteral("pmcp.mcp.debug=true") << QStringList{mcpDebug};
    QTest::newRow("every room up") << QStringLiteral("INFO") << QStringLiteral("pmcp.*.debug=true")
                                   << QStringList{mcpDebug, mcpInfo, auditDebug, auditInfo};
    QTest::newRow("one room down")
        << QStringLiteral("DEBUG") << QStringLiteral("pmcp.audit.debug=false")
        << QStringList{mcpDebug, mcpInfo, auditInfo};
}

void TestLogging::qtLoggingRulesTurnOneRoomUp()
{
    QFETCH(QString, level);
    QFETCH(QString, rules);
    QFETCH(QStringList, shown);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("QT_LOGGING_CONF"));
    if (rules.isEmpty())
        environment.remove(QStringLiteral("QT_LOGGING_RULES"));
    else
        environment.insert(QStringLiteral("QT_LOGGING_RULES"), rules);
    QProcess child;
    child.setProcessEnvironment(environment);
    child.start(QCoreApplication::applicationFilePath(), {QLatin1String(kEmitRoomLines), level});
    QVERIFY2(child.waitForFinished(30000), qPrintable(child.errorString()));
    QCOMPARE(child.exitCode(), 0);
    QStringList lines;
    for (const QString &line : QString::fromLocal8Bit(child.readAllStandardError())
                                   .split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        lines.append(line.section(QLatin1Char(' '), 1)); // without the time stamp
    QCOMPARE(lines, shown);
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], kEmitRoomLines) == 0)
        return emitRoomLines(QString::fromLocal8Bit(argv[2]));
    TestLogging test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "TestLogging.moc"
