#include "shared/config/ConfigEditor.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLockFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace pmcp;

namespace {

// Set in the environment of the child process the kill -9 test starts: "CONFIG|STATE_DIR".
constexpr char kChildVariable[] = "PMCP_TEST_CONFIG_EDITOR_CHILD";

const QByteArray kOriginal = "# proxmox-mcp configuration\n"
                             "ENABLE_PROXMOX_API=false\n"
                             "ENABLE_SSH=false\n"
                             "\n"
                             "# how much the daemon logs\n"
                             "export LOG_LEVEL=INFO   # quiet in production\n"
                             "MCP_TOOLS_DENY=server_info\n"
                             "SSH_PASSWORD='s3cret pass'\n";

// The error's message of a failed result (QVERIFY2 evaluates its message either way).
template <typename T>
QString why(const Result<T> &result)
{
    return result.ok() ? QString() : result.error().message;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(missing)");
}

bool writeAll(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(content) == content.size();
}

// The child of killedDuringApply: applies two values in turn, as fast as it can, until killed.
int runChild(const QString &spec)
{
    const QStringList parts = spec.split(u'|');
    ConfigEditor editor(parts.value(0), parts.value(1), QProcessEnvironment());
    for (int i = 0;; ++i) {
        const auto applied =
            editor.apply({{QStringLiteral("LOG_LEVEL"),
                           i % 2 ? QStringLiteral("INFO") : QStringLiteral("DEBUG")}},
                         QStringLiteral("child"));
        if (!applied.ok()) {
            fprintf(stderr, "apply failed: %s\n", qPrintable(applied.error().message));
            return 1;
        }
        if (i == 0) { // the parent kills it only once its loop of applies has begun
            fputs("applying\n", stdout);
            fflush(stdout);
        }
    }
}

} // namespace

class TestConfigEditor final : public QObject {
    Q_OBJECT
private slots:
    void init();

    void applyKeepsCommentsOrderAndExport();
    void applyKeepsThePreviousFileAsAVersion();
    void emptyValueRemovesTheKey();
    void badChangeIsRefusedWithTheKeyAndNothingWritten_data();
    void badChangeIsRefusedWithTheKeyAndNothingWritten();
    void environmentOverrideIsAWarning();
    void validateReadsOnly();
    void unchangedFileIsNotRecorded();
    void rollbackRestoresAVersionAsANewOne();
    void rollbackWithoutNumberUndoesTheLastChange();
    void rollbackToAnInvalidVersionIsRefused();
    void editOutsideIsKeptBeforeItIsReplaced();
    void diffNeverShowsSecrets();
    void splitsKeysByLiveness();
    void parsesAssignments();
    void aHeldLockRefusesTheChange();
    void killedDuringApplyLeavesTheOldOrTheNewFile();
    void anOwnerlessLockDoesNotBlockForLong();

private:
    ConfigEditor editor() const { return ConfigEditor(m_path, m_stateDir, QProcessEnvironment()); }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    QString m_stateDir;
};

void TestConfigEditor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("proxmox-mcp.env"));
    m_stateDir = m_dir->filePath(QStringLiteral("state"));
    QVERIFY(writeAll(m_path, kOriginal));
    QFile::setPermissions(m_path, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                      QFileDevice::ReadGroup);
}

void TestConfigEditor::applyKeepsCommentsOrderAndExport()
{
    ConfigEditor files = editor();
    const auto outcome =
        files.apply({{QStringLiteral("LOG_LEVEL"), QStringLiteral("DEBUG")},
                     {QStringLiteral("MCP_ALLOWED_HOSTS"), QStringLiteral("mcp.example.com")}},
                    QStringLiteral("test"));
    QVERIFY2(outcome.ok(), qPrintable(why(outcome)));
    QCOMPARE(readAll(m_path), QByteArray("# proxmox-mcp configuration\n"
                                         "ENABLE_PROXMOX_API=false\n"
                                         "ENABLE_SSH=false\n"
                                         "\n"
                                         "# how much the daemon logs\n"
                                         "export LOG_LEVEL=DEBUG   # quiet in production\n"
                                         "MCP_TOOLS_DENY=server_info\n"
                                         "SSH_PASSWORD='s3cret pass'\n"
                                         "MCP_ALLOWED_HOSTS=mcp.example.com\n"));
    // The file keeps its permissions (0640 here), not the writer's default.
    QCOMPARE(QFile::permissions(m_path), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                             QFileDevice::ReadGroup | QFileDevice::ReadUser |
                                             QFileDevice::WriteUser);
    QCOMPARE(outcome.value().diff.keys(),
             QStringList({QStringLiteral("LOG_LEVEL"), QStringLiteral("MCP_ALLOWED_HOSTS")}));
    QCOMPARE(outcome.value().live,
             QStringList({QStringLiteral("LOG_LEVEL"), QStringLiteral("MCP_ALLOWED_HOSTS")}));
    QVERIFY(outcome.value().restartNeeded.isEmpty());
}

void TestConfigEditor::applyKeepsThePreviousFileAsAVersion()
{
    ConfigEditor files = editor();
    const auto outcome =
        files.apply({{QStringLiteral("MCP_PORT"), QStringLiteral("9090")}}, QStringLiteral("cli"));
    QVERIFY(outcome.ok());
    QCOMPARE(outcome.value().version.number, 2);
    QCOMPARE(outcome.value().restartNeeded, QStringList{QStringLiteral("MCP_PORT")});
    const QList<ConfigVersion> versions = files.versions().list();
    QCOMPARE(versions.size(), 2);
    QCOMPARE(versions[0].action, QStringLiteral("original"));
    QCOMPARE(files.versions().content(1).value(), kOriginal);
    QCOMPARE(versions[1].action, QStringLiteral("apply"));
    QCOMPARE(versions[1].by, QStringLiteral("cli"));
    QCOMPARE(versions[1].keys, QStringList{QStringLiteral("MCP_PORT")});
    QCOMPARE(files.versions().content(2).value(), readAll(m_path));
    QCOMPARE(files.currentVersion(), 2);
    QCOMPARE(files.previousVersion(), 1);
    // Versions hold secrets (the file's bytes): only the owner reads them.
    QCOMPARE(QFile::permissions(ConfigVersions::directoryIn(m_stateDir) +
                                QStringLiteral("/000001.env")) &
                 (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
}

void TestConfigEditor::emptyValueRemovesTheKey()
{
    ConfigEditor files = editor();
    QVERIFY(files.apply({{QStringLiteral("MCP_TOOLS_DENY"), QString()}}, QString()).ok());
    QVERIFY(!readAll(m_path).contains("MCP_TOOLS_DENY"));
    QVERIFY(readAll(m_path).contains("# how much the daemon logs\n"));
}

void TestConfigEditor::badChangeIsRefusedWithTheKeyAndNothingWritten_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("problemKey");
    QTest::addColumn<QString>("says");

    QTest::newRow("not a port") << "MCP_PORT"
                                << "80a"
                                << "MCP_PORT"
                                << "\"80a\" is not a port number";
    QTest::newRow("unknown key") << "MCP_PROT"
                                 << "80"
                                 << "MCP_PROT"
                                 << "not a setting of proxmox-mcpd";
    QTest::newRow("case mistake") << "log_level"
                                  << "DEBUG"
                                  << "log_level"
                                  << "did you mean LOG_LEVEL?";
    QTest::newRow("cross-key: TLS certificate without its key")
        << "MCP_TLS_CERT" << m_path << "MCP_TLS_KEY"
        << "must be set together with MCP_TLS_CERT";
    QTest::newRow("bad secret, never quoted") << "PROXMOX_TOKEN_VALUE"
                                              << "xxxxxxxx"
                                              << "PROXMOX_TOKEN_VALUE"
                                              << "is not a Proxmox API token secret";
    QTest::newRow("a line break in a value") << "LOG_LEVEL"
                                             << "INFO\nMCP_PORT=1"
                                             << "LOG_LEVEL"
                                             << "control character";
}

void TestConfigEditor::badChangeIsRefusedWithTheKeyAndNothingWritten()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, problemKey);
    QFETCH(QString, says);
    ConfigEditor files = editor();
    QList<ConfigProblem> problems;
    const auto outcome =
        files.apply({{QStringLiteral("LOG_LEVEL"), QStringLiteral("DEBUG")}, {key, value}},
                    QStringLiteral("test"), &problems);
    QVERIFY(!outcome.ok());
    QCOMPARE(outcome.error().code, ErrorCode::InvalidArgument);
    QVERIFY2(outcome.error().message.contains(problemKey + QStringLiteral(": ")),
             qPrintable(outcome.error().message));
    QVERIFY2(outcome.error().message.contains(says), qPrintable(outcome.error().message));
    const auto named = std::find_if(problems.cbegin(), problems.cend(), [&](const auto &p) {
        return p.key == problemKey && p.severity == ConfigProblem::Severity::Error;
    });
    QVERIFY(named != problems.cend());
    QCOMPARE(named->line, 0); // a line of a file that was never written would mislead
    if (key == QLatin1String("PROXMOX_TOKEN_VALUE"))
        QVERIFY(!named->reason.contains(value));
    // Nothing written: the file byte for byte, and no version kept.
    QCOMPARE(readAll(m_path), kOriginal);
    QCOMPARE(files.versions().latest(), 0);
}

void TestConfigEditor::environmentOverrideIsAWarning()
{
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("LOG_LEVEL"), QStringLiteral("ERROR"));
    const ConfigEditor files(m_path, m_stateDir, environment);
    const QList<ConfigProblem> problems =
        files.validate({{QStringLiteral("LOG_LEVEL"), QStringLiteral("DEBUG")}});
    QVERIFY(!ConfigEditor::hasError(problems));
    QVERIFY(std::any_of(problems.cbegin(), problems.cend(), [](const ConfigProblem &p) {
        return p.key == QLatin1String("LOG_LEVEL") && p.reason.contains(u"overrides the file");
    }));
}

void TestConfigEditor::validateReadsOnly()
{
    const ConfigEditor files = editor();
    QByteArray text;
    const QList<ConfigProblem> problems =
        files.validate({{QStringLiteral("LOG_LEVEL"), QStringLiteral("warning")}}, &text);
    QVERIFY(!ConfigEditor::hasError(problems));
    QVERIFY(text.contains("export LOG_LEVEL=warning   # quiet in production\n"));
    QCOMPARE(readAll(m_path), kOriginal);
    QVERIFY(!QDir(ConfigVersions::directoryIn(m_stateDir)).exists());
}

void TestConfigEditor::unchangedFileIsNotRecorded()
{
    ConfigEditor files = editor();
    const auto outcome =
        files.apply({{QStringLiteral("LOG_LEVEL"), QStringLiteral("INFO")}}, QString());
    QVERIFY(outcome.ok());
    QCOMPARE(outcome.value().version.number, 0);
    QVERIFY(outcome.value().diff.isEmpty());
    QCOMPARE(files.versions().latest(), 0);
}

void TestConfigEditor::rollbackRestoresAVersionAsANewOne()
{
    ConfigEditor files = editor();
    QVERIFY(files.apply({{QStringLiteral("LOG_LEVEL"), QStringLiteral("DEBUG")}}, QString()).ok());
    const QByteArray second = readAll(m_path);
    QVERIFY(files.apply({{QStringLiteral("MCP_PORT"), QStringLiteral("9090")}}, QString()).ok());
    const auto outcome = files.rollback(1, QStringLiteral("admin:desk"));
    QVERIFY2(outcome.ok(), qPrintable(why(outcome)));
    QCOMPARE(readAll(m_path), kOriginal);
    QCOMPARE(outcome.value().version.number, 4);
    QCOMPARE(outcome.value().version.rolledBackTo, 1);
    QCOMPARE(outcome.value().diff.keys(),
             QStringList({QStringLiteral("LOG_LEVEL"), QStringLiteral("MCP_PORT")}));
    QCOMPARE(files.versions().list().last().action, QStringLiteral("rollback"));
    // Forward again: every kept version stays reachable.
    QVERIFY(files.rollback(2, QString()).ok());
    QCOMPARE(readAll(m_path), second);
    QCOMPARE(files.rollback(99, QString()).error().code, ErrorCode::NotFound);
}

void TestConfigEditor::rollbackWithoutNumberUndoesTheLastChange()
{
    ConfigEditor files = editor();
    QCOMPARE(files.rollback(0, QString()).error().code, ErrorCode::NotFound);
    QVERIFY(files.apply({{QStringLiteral("LOG_LEVEL"), QStringLiteral("DEBUG")}}, QString()).ok());
    QVERIFY(files.rollback(0, QString()).ok());
    QCOMPARE(readAll(m_path), kOriginal);
}

void TestConfigEditor::rollbackToAnInvalidVersionIsRefused()
{
    // Version 2 names a certificate file that is gone by the time of the rollback.
    const QString cert = m_dir->filePath(QStringLiteral("cert.pem"));
    QVERIFY(writeAll(cert, "x"));
    ConfigEditor files = editor();
    QVERIFY(
        files
            .apply({{QStringLiteral("MCP_TLS_CERT"), cert}, {QStringLiteral("MCP_TLS_KEY"), cert}},
                   QString())
            .ok());
    QVERIFY(files.rollback(1, QString()).ok());
    QVERIFY(QFile::remove(cert));
    const QByteArray before = readAll(m_path);
    QList<ConfigProblem> problems;
    const auto refused = files.rollback(2, QString(), &problems);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message.contains(u"MCP_TLS_CERT"),
             qPrintable(refused.error().message));
    QCOMPARE(readAll(m_path), before);
    QCOMPARE(files.versions().latest(), 3);
}

void TestConfigEditor::editOutsideIsKeptBeforeItIsReplaced()
{
    ConfigEditor files = editor();
    QVERIFY(files.apply({{QStringLiteral("LOG_LEVEL"), QStringLiteral("DEBUG")}}, QString()).ok());
    const QByteArray byHand = readAll(m_path) + "MCP_PORT=9191 # by hand\n";
    QVERIFY(writeAll(m_path, byHand));
    QCOMPARE(files.currentVersion(), 0);
    QCOMPARE(files.previousVersion(), 2); // what `diff` compares with, `rollback` restores
    QCOMPARE(files.diff(0, 0).value().keys(), QStringList{QStringLiteral("MCP_PORT")});
    const auto outcome =
        files.apply({{QStringLiteral("LOG_LEVEL"), QStringLiteral("WARN")}}, QString());
    QVERIFY(outcome.ok());
    const QList<ConfigVersion> versions = files.versions().list();
    QCOMPARE(versions.size(), 4);
    QCOMPARE(versions[2].action, QStringLiteral("external"));
    QCOMPARE(versions[2].keys, QStringList{QStringLiteral("MCP_PORT")});
    QCOMPARE(files.versions().content(3).value(), byHand);
    QVERIFY(readAll(m_path).contains("MCP_PORT=9191 # by hand\n"));
}

void TestConfigEditor::diffNeverShowsSecrets()
{
    ConfigEditor files = editor();
    QVERIFY(files
                .apply({{QStringLiteral("SSH_PASSWORD"), QStringLiteral("other s3cret")},
                        {QStringLiteral("LOG_LEVEL"), QStringLiteral("DEBUG")}},
                       QString())
                .ok());
    const auto diff = files.diff(1, 2);
    QVERIFY(diff.ok());
    const QString shown = diff.value().lines().join(u'\n');
    QVERIFY2(shown.contains(QStringLiteral("~ SSH_PASSWORD: (secret, changed)")),
             qPrintable(shown));
    QVERIFY(shown.contains(QStringLiteral("~ LOG_LEVEL: INFO -> DEBUG")));
    QVERIFY(!shown.contains(QStringLiteral("s3cret")));
    QCOMPARE(files.diff(1, 7).error().code, ErrorCode::NotFound);
}

void TestConfigEditor::splitsKeysByLiveness()
{
    QStringList live;
    QStringList restart;
    ConfigEditor::splitByLiveness({QStringLiteral("LOG_LEVEL"), QStringLiteral("MCP_PORT"),
                                   QStringLiteral("MCP_TOOLS_DENY"), QStringLiteral("NOT_A_KEY")},
                                  &live, &restart);
    QCOMPARE(live, QStringList({QStringLiteral("LOG_LEVEL"), QStringLiteral("MCP_TOOLS_DENY")}));
    QCOMPARE(restart, QStringList({QStringLiteral("MCP_PORT"), QStringLiteral("NOT_A_KEY")}));
}

void TestConfigEditor::parsesAssignments()
{
    const auto parsed = ConfigEditor::parseAssignments(
        {QStringLiteral("A=1"), QStringLiteral("B="), QStringLiteral("C=x=y")});
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value(), (ConfigChanges{{QStringLiteral("A"), QStringLiteral("1")},
                                            {QStringLiteral("B"), QString()},
                                            {QStringLiteral("C"), QStringLiteral("x=y")}}));
    const auto refused = ConfigEditor::parseAssignments({QStringLiteral("LOG_LEVEL")});
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().message.contains(QStringLiteral("\"LOG_LEVEL\" is not KEY=VALUE")));
    QVERIFY(!ConfigEditor::parseAssignments({QStringLiteral("=x")}).ok());
    QVERIFY(!ConfigEditor::parseAssignments({}).ok());
}

void TestConfigEditor::aHeldLockRefusesTheChange()
{
    ConfigEditor files = editor();
    QVERIFY(QDir().mkpath(files.versions().directory()));
    QLockFile held(files.versions().lockPath());
    QVERIFY(held.tryLock(0));
    QElapsedTimer timer;
    timer.start();
    const auto refused =
        files.apply({{QStringLiteral("LOG_LEVEL"), QStringLiteral("DEBUG")}}, QString());
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::Unavailable);
    QVERIFY2(refused.error().message.contains(u"being changed by"),
             qPrintable(refused.error().message));
    QVERIFY(timer.elapsed() >= 4000); // it waited for the other change to finish
    QCOMPARE(readAll(m_path), kOriginal);
    // The daemon waits less.
    files.setLockWaitMs(100);
    timer.restart();
    QCOMPARE(files.apply({{QStringLiteral("LOG_LEVEL"), QStringLiteral("DEBUG")}}, QString())
                 .error()
                 .code,
             ErrorCode::Unavailable);
    QVERIFY(timer.elapsed() < 3000);
    held.unlock();
    QVERIFY(files.apply({{QStringLiteral("LOG_LEVEL"), QStringLiteral("DEBUG")}}, QString()).ok());
}

void TestConfigEditor::killedDuringApplyLeavesTheOldOrTheNewFile()
{
    // A file large enough that writing it takes a while, so kills land mid-write too.
    QByteArray big = kOriginal;
    for (int i = 0; i < 4000; ++i)
        big += "# padding line " + QByteArray::number(i) + " so that a write takes time\n";
    QVERIFY(writeAll(m_path, big));
    const QByteArray debug = QByteArray(big).replace("LOG_LEVEL=INFO", "LOG_LEVEL=DEBUG");
    const QList<QByteArray> whole = {big, debug};

    QSet<QByteArray> seen;
    constexpr int kRounds = 25;
    for (int round = 0; round < kRounds; ++round) {
        QProcess child;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QLatin1String(kChildVariable), m_path + u'|' + m_stateDir);
        child.setProcessEnvironment(environment);
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForStarted(5000));
        // Once it is in its loop of applies (it says so after its first change), kill it at a
        // random moment: while it validates, writes the temporary file, renames, or keeps a
        // version. A loaded machine may take long to start it; its word is awaited, not polled.
        QElapsedTimer started;
        started.start();
        while (!child.canReadLine() && child.state() == QProcess::Running &&
               started.elapsed() < 60000)
            child.waitForReadyRead(1000);
        QVERIFY2(
            child.readLine() == "applying\n",
            qPrintable(QStringLiteral("round %1: the child did not start applying").arg(round)));
        QTest::qWait(int(QRandomGenerator::global()->bounded(0, 60)));
        QCOMPARE(::kill(pid_t(child.processId()), SIGKILL), 0);
        QVERIFY(child.waitForFinished(5000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit); // it was still applying: killed

        const QByteArray now = readAll(m_path);
        QVERIFY2(whole.contains(now), qPrintable(QStringLiteral("round %1: the file is neither "
                                                                "the old nor the new one (%2 "
                                                                "bytes)")
                                                     .arg(round)
                                                     .arg(now.size())));
        seen.insert(now);
        // Every kept version is a whole file too; a half-written temporary file is no version.
        const ConfigVersions versions(m_stateDir);
        for (const ConfigVersion &version : versions.list())
            QVERIFY2(
                whole.contains(versions.content(version.number).value()),
                qPrintable(
                    QStringLiteral("round %1: version %2 is torn").arg(round).arg(version.number)));
        // The lock of the killed process does not block the next change.
        ConfigEditor files = editor();
        const auto next = files.apply({{QStringLiteral("LOG_LEVEL"), QStringLiteral("INFO")}},
                                      QStringLiteral("test"));
        QVERIFY2(next.ok(), qPrintable(why(next)));
        QCOMPARE(readAll(m_path), big);
    }
    // The kills landed while the child was changing the file, not only before its first write.
    QVERIFY(seen.contains(debug));
}

void TestConfigEditor::anOwnerlessLockDoesNotBlockForLong()
{
    // A writer killed between creating the lock file and writing its owner into it leaves an
    // empty lock: QLockFile alone would wait 30 s (its stale time) before taking it over.
    ConfigEditor first = editor();
    QVERIFY(
        first
            .apply({{QStringLiteral("LOG_LEVEL"), QStringLiteral("DEBUG")}}, QStringLiteral("test"))
            .ok());
    const QString lockPath = ConfigVersions(m_stateDir).lockPath();
    QFile empty(lockPath);
    QVERIFY(empty.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QVERIFY(empty.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-3),
                              QFileDevice::FileModificationTime));
    empty.close();
    QElapsedTimer took;
    took.start();
    ConfigEditor files = editor();
    const auto outcome = files.apply({{QStringLiteral("LOG_LEVEL"), QStringLiteral("INFO")}},
                                     QStringLiteral("test"));
    QVERIFY2(outcome.ok(), qPrintable(why(outcome)));
    QVERIFY2(took.elapsed() < 3000, qPrintable(QString::number(took.elapsed())));

    // A young one (its writer may be alive and about to write) is waited for, then taken over.
    QVERIFY(empty.open(QIODevice::WriteOnly | QIODevice::Truncate));
    empty.close();
    files.setLockWaitMs(300);
    const auto refused = files.apply({{QStringLiteral("LOG_LEVEL"), QStringLiteral("DEBUG")}},
                                     QStringLiteral("test"));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::Unavailable);
    files.setLockWaitMs(5000);
    QVERIFY(
        files
            .apply({{QStringLiteral("LOG_LEVEL"), QStringLiteral("DEBUG")}}, QStringLiteral("test"))
            .ok());
}

int main(int argc, char **argv)
{
    const QString child = qEnvironmentVariable(kChildVariable);
    if (!child.isEmpty()) {
        QCoreApplication app(argc, argv);
        return runChild(child);
    }
    QCoreApplication app(argc, argv);
    TestConfigEditor test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "TestConfigEditor.moc"
