#include "server/cli/BackupCommand.h"

#include "server/audit/AuditLog.h"
#include "server/auth/ClientStore.h"
#include "server/backup/BackupStore.h"
#include "server/backup/BackupVerifier.h"
#include "server/cli/AuditCommand.h"
#include "tests/support/SampleState.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTest>

#include <csignal>

using namespace pmcp;

namespace {

struct Outcome {
    int code = -1;
    QString out;
    QString err;
};

template <typename Command>
Outcome runCommand(const QStringList &arguments)
{
    Outcome outcome;
    {
        QTextStream out(&outcome.out);
        QTextStream err(&outcome.err);
        outcome.code = Command(out, err).run(arguments);
    }
    return outcome;
}

Outcome backup(const test::SampleState &state, QStringList arguments)
{
    arguments << QStringLiteral("--config") << state.configPath();
    return runCommand<BackupCommand>(arguments);
}

QStringList words(const char *text)
{
    return QString::fromLatin1(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

QString firstBackupName(const test::SampleState &state)
{
    const auto entries = BackupStore(state.backupDir()).list();
    return entries.isEmpty() ? QString() : entries.first().name;
}

} // namespace

class TestBackupCommand final : public QObject {
    Q_OBJECT
private slots:
    void createListVerify()
    {
        test::SampleState state;
        QVERIFY(state.isValid());
        const Outcome created = backup(state, {QStringLiteral("create")});
        QVERIFY2(created.code == 0, qPrintable(created.err));
        QVERIFY(created.out.startsWith(QStringLiteral("created ") + state.backupDir()));
        QVERIFY(created.out.contains(QStringLiteral("verified")));
        const QString name = firstBackupName(state);
        QVERIFY(!name.isEmpty());

        const Outcome listed = backup(state, {QStringLiteral("list")});
        QCOMPARE(listed.code, 0);
        QVERIFY(listed.out.startsWith(QStringLiteral("NAME")));
        QVERIFY(listed.out.contains(name));
        QVERIFY(listed.out.contains(QStringLiteral(" yes")));

        const Outcome json = backup(state, {QStringLiteral("list"), QStringLiteral("--json")});
        const QJsonArray array = QJsonDocument::fromJson(json.out.toUtf8()).array();
        QCOMPARE(array.size(), 1);
        QCOMPARE(array.first()[QLatin1String("name")].toString(), name);
        QCOMPARE(array.first()[QLatin1String("verification")].toString(),
                 QStringLiteral("verified"));
        QVERIFY(array.first()[QLatin1String("size")].toInteger() > 0);

        const Outcome verified = backup(state, {QStringLiteral("verify"), name});
        QCOMPARE(verified.code, 0);
        QVERIFY(verified.out.contains(QStringLiteral("verified: ")));
    }

    void createIntoAnOutputFolder()
    {
        test::SampleState state;
        const QString output = QDir(state.root()).filePath(QStringLiteral("offsite"));
        const Outcome created =
            backup(state, {QStringLiteral("create"), QStringLiteral("--output"), output});
        QCOMPARE(created.code, 0);
        QCOMPARE(BackupStore(output).list().size(), 1);
        QCOMPARE(BackupStore(state.backupDir()).list().size(), 0);
    }

    void verifyNamesTheFirstBadFile()
    {
        test::SampleState state;
        QCOMPARE(backup(state, {QStringLiteral("create")}).code, 0);
        const QString path = BackupStore(state.backupDir()).list().first().path;
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray bytes = file.readAll();
        file.close();
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(bytes.left(bytes.size() - 40));
        file.close();
        const Outcome verified = backup(state, {QStringLiteral("verify"), path});
        QCOMPARE(verified.code, 1);
        QVERIFY2(verified.out.contains(QStringLiteral("FAILED")), qPrintable(verified.out));
        const Outcome listed = backup(state, {QStringLiteral("list")});
        QVERIFY(listed.out.contains(QStringLiteral("FAILED")));
    }

    // The guide's recovery: STATE_DIR lost entirely, restored from the backup; the client
    // token works again and `audit verify` passes.
    void restoreAfterStateDirWasDeleted()
    {
        test::SampleState state(50);
        QTcpServer probe; // a port where nothing listens
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        QFile config(state.configPath());
        QVERIFY(config.open(QIODevice::Append));
        config.write("MCP_PORT=" + QByteArray::number(port) + '\n');
        config.close();
        QCOMPARE(backup(state, {QStringLiteral("create"), QStringLiteral("--output"),
                                QDir(state.root()).filePath(QStringLiteral("safe"))})
                     .code,
                 0);
        const QString archive =
            BackupStore(QDir(state.root()).filePath(QStringLiteral("safe"))).list().first().path;
        QVERIFY(QDir(state.stateDir()).removeRecursively());

        const Outcome restored = backup(state, {QStringLiteral("restore"), archive});
        QVERIFY2(restored.code == 0, qPrintable(restored.err + restored.out));
        QVERIFY(restored.out.contains(QStringLiteral("restored config, keys, clients, audit")));
        QVERIFY2(restored.out.contains(
                     QStringLiteral("No daemon answers on http://127.0.0.1:%1").arg(port)),
                 qPrintable(restored.out));
        QVERIFY(ClientStore(state.stateDir()).authenticate(state.clientToken()).has_value());
        const Outcome audit = runCommand<AuditCommand>(
            {QStringLiteral("verify"), QStringLiteral("--config"), state.configPath()});
        QVERIFY2(audit.code == 0, qPrintable(audit.out + audit.err));
        QVERIFY(audit.out.startsWith(QStringLiteral("50 entries verified")));
        // The configuration file was there, so it was saved first.
        QVERIFY(restored.out.contains(QStringLiteral("-pre-restore.tar.gz")));
    }

    void restoreOnlyAPart()
    {
        test::SampleState state;
        QCOMPARE(backup(state, {QStringLiteral("create")}).code, 0);
        const QString name = firstBackupName(state);
        QVERIFY(ClientStore(state.stateDir()).revoke(QStringLiteral("alice")).ok());
        const QByteArray key = "rotated key";
        QFile keyFile(state.keyPath());
        QVERIFY(keyFile.open(QIODevice::WriteOnly | QIODevice::Truncate));
        keyFile.write(key);
        keyFile.close();
        const Outcome restored =
            backup(state, {QStringLiteral("restore"), name, QStringLiteral("--only"),
                           QStringLiteral("clients")});
        QVERIFY2(restored.code == 0, qPrintable(restored.err));
        QVERIFY(ClientStore(state.stateDir()).authenticate(state.clientToken()).has_value());
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        QCOMPARE(keyFile.readAll(), key);
    }

    void commandLineMistakes_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no action") << QStringList() << QStringLiteral("needs an action");
        QTest::newRow("unknown action") << words("copy") << QStringLiteral("needs an action");
        QTest::newRow("verify without file") << words("verify") << QStringLiteral("needs the FILE");
        QTest::newRow("two files") << words("verify a b") << QStringLiteral("b");
        QTest::newRow("bad part") << words("restore a --only all")
                                  << QStringLiteral("no part \"all\"");
        QTest::newRow("only on create") << words("create --only audit") << QStringLiteral("--only");
        QTest::newRow("json on create") << words("create --json") << QStringLiteral("--json");
    }

    void commandLineMistakes()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        test::SampleState state;
        const Outcome outcome = backup(state, arguments);
        QCOMPARE(outcome.code, 2);
        QVERIFY2(outcome.err.contains(message), qPrintable(outcome.err));
    }

    // kill -9 of `backup create` at random moments never leaves an archive that lists or
    // verifies as good; the next run cleans up and succeeds.
    void aKilledBackupNeverLeavesAGoodLookingArchive()
    {
        test::SampleState state(20000);
        QVERIFY(state.isValid());
        const QStringList arguments{QStringLiteral("backup"), QStringLiteral("create"),
                                    QStringLiteral("--config"), state.configPath()};
        QElapsedTimer timer;
        timer.start();
        QProcess whole;
        whole.start(QStringLiteral(PMCP_DAEMON_BINARY), arguments);
        QVERIFY(whole.waitForFinished(60000));
        QCOMPARE(whole.exitCode(), 0);
        const qint64 duration = qMax<qint64>(timer.elapsed(), 50);
        QVERIFY(QFile::remove(BackupStore(state.backupDir()).list().first().path));
        int killedMidway = 0;
        for (int round = 0; round < 12; ++round) {
            QProcess run;
            run.start(QStringLiteral(PMCP_DAEMON_BINARY), arguments);
            QVERIFY(run.waitForStarted(10000));
            // The moment is the point of this test: anywhere from start to the end of a run.
            QTest::qWait(int(QRandomGenerator::global()->bounded(duration + 1)));
            // Only by the child's own id: a finished QProcess reports 0, and kill(0) would
            // signal the whole process group.
            const qint64 pid = run.processId();
            const bool wasRunning = run.state() == QProcess::Running && pid > 0;
            if (wasRunning)
                QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
            // (waitForFinished is false for a process that had already finished.)
            QVERIFY(run.state() == QProcess::NotRunning || run.waitForFinished(10000));
            if (wasRunning && run.exitStatus() == QProcess::CrashExit)
                ++killedMidway;
            for (const BackupEntry &entry : BackupStore(state.backupDir()).list()) {
                const BackupCheck check = BackupVerifier::verify(entry.path);
                QVERIFY2(check.ok, qPrintable(entry.name + QStringLiteral(": ") + check.message()));
                QVERIFY(QFile::remove(entry.path)); // a complete run; start clean again
            }
        }
        QVERIFY2(killedMidway > 0, "no run was killed while it was writing");
        QProcess after;
        after.start(QStringLiteral(PMCP_DAEMON_BINARY), arguments);
        QVERIFY(after.waitForFinished(60000));
        QCOMPARE(after.exitCode(), 0);
        const auto left = QDir(state.backupDir()).entryList(QDir::Files | QDir::Hidden);
        for (const QString &name : left)
            QVERIFY2(!name.endsWith(QLatin1String(".partial")), qPrintable(name));
        QCOMPARE(BackupStore(state.backupDir()).list().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestBackupCommand)
#include "TestBackupCommand.moc"
