#include "server/ssh/SshExecutor.h"

#include "tests/support/LoopbackSshd.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTimer>
#include <QtTest>

#include <algorithm>
#include <memory>
#include <optional>

using namespace pmcp;

// Runs one command and waits (on the event loop) for its result.
#define RUN_COMMAND(executor, command, timeoutMs, result)                                          \
    std::optional<CommandResult> result;                                                           \
    (executor).run((command), (timeoutMs), [&result](const CommandResult &r) { result = r; });     \
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 30000)

class TestSshExecutor final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void echoGoesToStdout();
    void keyTypes_data();
    void keyTypes();
    void exitStatusAndStderrSeparately();
    void timeoutEndsTheRemoteCommand();
    void largeOutputIsCappedAndFlagged();
    void sessionIsReused();
    void reconnectsAfterSshdRestart();
    void unknownHostKeyIsRefused();
    void changedHostKeyIsRefused();
    void pinnedFingerprint_data();
    void pinnedFingerprint();
    void passphraseProtectedKey_data();
    void passphraseProtectedKey();
    void unauthorizedKeyFailsAuthentication();
    void refusedConnectionIsReported();
    void concurrentCommandsAllComplete();
    void eventLoopStaysResponsive();
    void hostReceivesTheExactBytes_data();
    void hostReceivesTheExactBytes();
    void controlCharactersNeverReachTheHost_data();
    void controlCharactersNeverReachTheHost();
    void forcedCommandTimeoutClosesTheChannel();

private:
    QByteArray wrapperLog() const;
    SshConfig config(const QString &key = QStringLiteral("id_ed25519")) const;
    QString writeKnownHosts(const QString &name, const QString &content) const;

    LoopbackSshd m_sshd;
};

SshConfig TestSshExecutor::config(const QString &key) const
{
    SshConfig ssh;
    ssh.host = QStringLiteral("127.0.0.1");
    ssh.port = m_sshd.port();
    ssh.user = LoopbackSshd::userName();
    ssh.keyPath = m_sshd.path(key);
    ssh.knownHostsPath = m_sshd.path(QStringLiteral("known_hosts"));
    return ssh;
}

QString TestSshExecutor::writeKnownHosts(const QString &name, const QString &content) const
{
    QFile file(m_sshd.path(name));
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(content.toUtf8());
    return file.fileName();
}

void TestSshExecutor::initTestCase()
{
    if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
        QSKIP("OpenSSH server (/usr/sbin/sshd) is not installed");
    QVERIFY2(m_sshd.start(), qPrintable(m_sshd.error()));
    QVERIFY(m_sshd.addClientKey(QStringLiteral("id_ed25519"), QStringLiteral("ed25519")));
    QVERIFY(m_sshd.addClientKey(QStringLiteral("id_ecdsa"), QStringLiteral("ecdsa")));
    QVERIFY(m_sshd.addClientKey(QStringLiteral("id_rsa"), QStringLiteral("rsa")));
    QVERIFY(m_sshd.addClientKey(QStringLiteral("id_locked"), QStringLiteral("ed25519"),
                                QStringLiteral("correct horse")));
    QVERIFY(
        m_sshd.addClientKey(QStringLiteral("id_stranger"), QStringLiteral("ed25519"), {}, false));
    writeKnownHosts(QStringLiteral("known_hosts"), m_sshd.knownHostsLine());
    // A host-side forced-command wrapper, as an administrator might install: it logs the
    // command it was asked to run, byte for byte, then runs it.
    QFile wrapper(m_sshd.path(QStringLiteral("wrapper.sh")));
    QVERIFY(wrapper.open(QIODevice::WriteOnly));
    wrapper.write("#!/bin/sh\nprintf '%s' \"$SSH_ORIGINAL_COMMAND\" >> '" +
                  m_sshd.path(QStringLiteral("wrapper.log")).toUtf8() +
                  "'\nexec /bin/sh -c \"$SSH_ORIGINAL_COMMAND\"\n");
    wrapper.close();
    QVERIFY(wrapper.setPermissions(QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    QVERIFY(m_sshd.addClientKey(QStringLiteral("id_wrapped"), QStringLiteral("ed25519"), {}, true,
                                wrapper.fileName()));
}

QByteArray TestSshExecutor::wrapperLog() const
{
    QFile log(m_sshd.path(QStringLiteral("wrapper.log")));
    return log.open(QIODevice::ReadOnly) ? log.readAll() : QByteArray();
}

void TestSshExecutor::echoGoesToStdout()
{
    SshExecutor executor(config());
    QCOMPARE(
        executor.describe(),
        QStringLiteral("ssh %1@127.0.0.1:%2").arg(LoopbackSshd::userName()).arg(m_sshd.port()));
    RUN_COMMAND(executor, QStringLiteral("echo hi"), 10000, result);
    QVERIFY2(result->status == CommandResult::Status::Success, qPrintable(result->error));
    QCOMPARE(result->exitStatus, 0);
    QCOMPARE(result->stdoutData, QByteArray("hi\n"));
    QVERIFY(result->stderrData.isEmpty());
    QVERIFY(!result->stdoutTruncated);
}

void TestSshExecutor::keyTypes_data()
{
    QTest::addColumn<QString>("key");
    QTest::newRow("ed25519") << QStringLiteral("id_ed25519");
    QTest::newRow("ecdsa") << QStringLiteral("id_ecdsa");
    QTest::newRow("rsa") << QStringLiteral("id_rsa");
}

void TestSshExecutor::keyTypes()
{
    QFETCH(QString, key);
    SshExecutor executor(config(key));
    RUN_COMMAND(executor, QStringLiteral("echo ok"), 10000, result);
    QVERIFY2(result->status == CommandResult::Status::Success, qPrintable(result->error));
    QCOMPARE(result->stdoutData, QByteArray("ok\n"));
}

void TestSshExecutor::exitStatusAndStderrSeparately()
{
    SshExecutor executor(config());
    RUN_COMMAND(executor, QStringLiteral("echo out; echo err >&2; exit 3"), 10000, result);
    QCOMPARE(result->status, CommandResult::Status::NonZeroExit);
    QCOMPARE(result->exitStatus, 3);
    QCOMPARE(result->stdoutData, QByteArray("out\n"));
    QCOMPARE(result->stderrData, QByteArray("err\n"));
}

void TestSshExecutor::timeoutEndsTheRemoteCommand()
{
    const QString marker =
        QStringLiteral("30.%1").arg(QRandomGenerator::global()->bounded(100000, 999999));
    const QString pattern = QStringLiteral("sleep ") + marker;
    SshExecutor executor(config());
    // A child in the background and the trailing echo (which keeps the shell from exec'ing
    // sleep): the shell and both sleeps must end, through the signal sent to the process group.
    RUN_COMMAND(executor,
                pattern + QStringLiteral(" & ") + pattern + QStringLiteral("; echo never"), 500,
                result);
    QCOMPARE(result->status, CommandResult::Status::Timeout);
    QCOMPARE(result->exitStatus, -1);
    QVERIFY(result->error.contains(QStringLiteral("500 ms")));
    QVERIFY2(result->error.contains(QStringLiteral("SIGTERM")), qPrintable(result->error));
    QVERIFY2(result->durationMs < 5000, qPrintable(QString::number(result->durationMs)));
    QTRY_COMPARE_WITH_TIMEOUT(
        LoopbackSshd::runTool(QStringLiteral("pgrep"), {QStringLiteral("-f"), pattern}),
        QByteArray(), 5000);
    // The session survives a timeout.
    RUN_COMMAND(executor, QStringLiteral("echo after"), 10000, after);
    QCOMPARE(after->stdoutData, QByteArray("after\n"));
    QCOMPARE(executor.connectCount(), 1);
}

void TestSshExecutor::largeOutputIsCappedAndFlagged()
{
    SshExecutor executor(config());
    RUN_COMMAND(executor, QStringLiteral("head -c 5242880 /dev/zero | tr '\\0' x; echo small >&2"),
                30000, result);
    QVERIFY2(result->status == CommandResult::Status::Success, qPrintable(result->error));
    QCOMPARE(result->stdoutData.size(), qsizetype(1024 * 1024));
    QVERIFY(result->stdoutTruncated);
    QCOMPARE(result->stdoutData.count('x'), qsizetype(1024 * 1024));
    QCOMPARE(result->stderrData, QByteArray("small\n"));
    QVERIFY(!result->stderrTruncated);
}

void TestSshExecutor::sessionIsReused()
{
    SshExecutor executor(config());
    for (int i = 0; i < 5; ++i) {
        RUN_COMMAND(executor, QStringLiteral("echo %1").arg(i), 10000, result);
        QCOMPARE(result->stdoutData, QByteArray::number(i) + '\n');
    }
    QCOMPARE(executor.connectCount(), 1);
}

void TestSshExecutor::reconnectsAfterSshdRestart()
{
    SshExecutor executor(config());
    RUN_COMMAND(executor, QStringLiteral("echo before"), 10000, before);
    QVERIFY2(before->status == CommandResult::Status::Success, qPrintable(before->error));
    QVERIFY2(m_sshd.restart(), qPrintable(m_sshd.error()));
    RUN_COMMAND(executor, QStringLiteral("echo after"), 10000, after);
    QVERIFY2(after->status == CommandResult::Status::Success, qPrintable(after->error));
    QCOMPARE(after->stdoutData, QByteArray("after\n"));
    QCOMPARE(executor.connectCount(), 2);
}

void TestSshExecutor::unknownHostKeyIsRefused()
{
    SshConfig ssh = config();
    ssh.knownHostsPath = writeKnownHosts(QStringLiteral("empty_known_hosts"), {});
    SshExecutor executor(ssh);
    RUN_COMMAND(executor, QStringLiteral("touch should-not-run"), 10000, result);
    QCOMPARE(result->status, CommandResult::Status::ConnectionFailure);
    QVERIFY2(result->error.contains(m_sshd.hostKeyFingerprint()), qPrintable(result->error));
    QVERIFY(result->error.contains(QStringLiteral("unknown host key")));
    QVERIFY(result->error.contains(QStringLiteral("proxmox-mcpd ssh trust --config FILE")));
}

void TestSshExecutor::changedHostKeyIsRefused()
{
    QVERIFY(m_sshd.addClientKey(QStringLiteral("other_host_key"), QStringLiteral("ed25519"), {},
                                false));
    QFile other(m_sshd.path(QStringLiteral("other_host_key.pub")));
    QVERIFY(other.open(QIODevice::ReadOnly));
    const QList<QByteArray> fields = other.readAll().split(' ');
    SshConfig ssh = config();
    ssh.knownHostsPath =
        writeKnownHosts(QStringLiteral("changed_known_hosts"),
                        QStringLiteral("[127.0.0.1]:%1 %2 %3\n")
                            .arg(m_sshd.port())
                            .arg(QString::fromLatin1(fields[0]), QString::fromLatin1(fields[1])));
    SshExecutor executor(ssh);
    RUN_COMMAND(executor, QStringLiteral("echo no"), 10000, result);
    QCOMPARE(result->status, CommandResult::Status::ConnectionFailure);
    QVERIFY2(result->error.contains(QStringLiteral("HOST KEY CHANGED")), qPrintable(result->error));
    QVERIFY(result->error.contains(m_sshd.hostKeyFingerprint()));
    QVERIFY(result->stdoutData.isEmpty());
}

void TestSshExecutor::pinnedFingerprint_data()
{
    QTest::addColumn<bool>("matching");
    QTest::newRow("matching pin accepted") << true;
    QTest::newRow("other pin refused") << false;
}

void TestSshExecutor::pinnedFingerprint()
{
    QFETCH(bool, matching);
    SshConfig ssh = config();
    // The pin alone decides: known_hosts does not even exist.
    ssh.knownHostsPath = m_sshd.path(QStringLiteral("no_such_known_hosts"));
    ssh.hostKeyFingerprint =
        matching ? m_sshd.hostKeyFingerprint() : QStringLiteral("SHA256:") + QString(43, u'A');
    SshExecutor executor(ssh);
    RUN_COMMAND(executor, QStringLiteral("echo pinned"), 10000, result);
    if (matching) {
        QVERIFY2(result->status == CommandResult::Status::Success, qPrintable(result->error));
        QCOMPARE(result->stdoutData, QByteArray("pinned\n"));
    } else {
        QCOMPARE(result->status, CommandResult::Status::ConnectionFailure);
        QVERIFY2(result->error.contains(m_sshd.hostKeyFingerprint()), qPrintable(result->error));
        QVERIFY(result->error.contains(QStringLiteral("SSH_HOST_KEY_FINGERPRINT")));
    }
}

void TestSshExecutor::passphraseProtectedKey_data()
{
    QTest::addColumn<QString>("passphrase");
    QTest::addColumn<bool>("works");
    QTest::newRow("right passphrase") << QStringLiteral("correct horse") << true;
    QTest::newRow("no passphrase") << QString() << false;
    QTest::newRow("wrong passphrase") << QStringLiteral("battery staple") << false;
}

void TestSshExecutor::passphraseProtectedKey()
{
    QFETCH(QString, passphrase);
    QFETCH(bool, works);
    SshConfig ssh = config(QStringLiteral("id_locked"));
    ssh.keyPassphrase = passphrase;
    SshExecutor executor(ssh);
    RUN_COMMAND(executor, QStringLiteral("echo unlocked"), 10000, result);
    if (works) {
        QVERIFY2(result->status == CommandResult::Status::Success, qPrintable(result->error));
        return;
    }
    QCOMPARE(result->status, CommandResult::Status::ConnectionFailure);
    QVERIFY2(result->error.contains(QStringLiteral("SSH_KEY_PASSPHRASE")),
             qPrintable(result->error));
}

void TestSshExecutor::unauthorizedKeyFailsAuthentication()
{
    SshExecutor executor(config(QStringLiteral("id_stranger")));
    RUN_COMMAND(executor, QStringLiteral("echo no"), 10000, result);
    QCOMPARE(result->status, CommandResult::Status::ConnectionFailure);
    QVERIFY2(result->error.contains(QStringLiteral("authentication failed")),
             qPrintable(result->error));
}

void TestSshExecutor::refusedConnectionIsReported()
{
    QTcpServer reserve;
    QVERIFY(reserve.listen(QHostAddress::LocalHost, 0));
    SshConfig ssh = config();
    ssh.port = reserve.serverPort();
    reserve.close(); // nothing listens there now
    SshExecutor executor(ssh);
    RUN_COMMAND(executor, QStringLiteral("echo no"), 10000, result);
    QCOMPARE(result->status, CommandResult::Status::ConnectionFailure);
    QVERIFY2(result->error.contains(QStringLiteral("cannot connect")), qPrintable(result->error));
}

void TestSshExecutor::concurrentCommandsAllComplete()
{
    SshExecutor executor(config());
    constexpr int count = 10;
    QList<std::optional<CommandResult>> results(count);
    for (int i = 0; i < count; ++i)
        executor.run(QStringLiteral("echo %1").arg(i), 10000,
                     [&results, i](const CommandResult &r) { results[i] = r; });
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(results.cbegin(), results.cend(), [](const auto &r) { return r.has_value(); }),
        30000);
    for (int i = 0; i < count; ++i)
        QCOMPARE(results[i]->stdoutData, QByteArray::number(i) + '\n');
    QCOMPARE(executor.connectCount(), 1);
}

void TestSshExecutor::eventLoopStaysResponsive()
{
    SshExecutor executor(config());
    int ticks = 0;
    QTimer timer;
    timer.setInterval(20);
    connect(&timer, &QTimer::timeout, this, [&ticks] { ++ticks; });
    timer.start();
    RUN_COMMAND(executor, QStringLiteral("sleep 1"), 10000, result);
    QVERIFY2(result->status == CommandResult::Status::Success, qPrintable(result->error));
    // About 50 ticks fit into the second the command sleeps (plus the login).
    QVERIFY2(ticks >= 30, qPrintable(QString::number(ticks)));
}

void TestSshExecutor::hostReceivesTheExactBytes_data()
{
    QTest::addColumn<QString>("command");
    QTest::newRow("plain") << QStringLiteral("echo hi");
    QTest::newRow("quotes and $") << QStringLiteral(
        "printf '%s\\n' \"$HOME\" '$(id)' \"a'b\" `echo x` ${USER:-none} \\$ \\\\");
    QTest::newRow("unicode") << QStringLiteral("echo \u00e9t\u00e9 \u20ac \U0001F600 \u4e2d\u6587");
    QTest::newRow("tabs and newlines") << QStringLiteral("echo a\tb\necho 'c\td'\n\necho e\n");
    QTest::newRow("leading and trailing space") << QStringLiteral("  echo spaced  ");
}

void TestSshExecutor::hostReceivesTheExactBytes()
{
    QFETCH(QString, command);
    QFile::remove(m_sshd.path(QStringLiteral("wrapper.log")));
    SshExecutor executor(config(QStringLiteral("id_wrapped")));
    RUN_COMMAND(executor, command, 10000, result);
    QVERIFY2(result->status == CommandResult::Status::Success,
             qPrintable(result->error + QString::fromUtf8(result->stderrData)));
    QCOMPARE(wrapperLog(), command.toUtf8());
}

void TestSshExecutor::controlCharactersNeverReachTheHost_data()
{
    QTest::addColumn<QString>("command");
    QTest::newRow("NUL") << QStringLiteral("echo dangerous") + QChar(0) + QStringLiteral(" tail");
    QTest::newRow("ESC") << QStringLiteral("echo \x1b]0;title\x07");
    QTest::newRow("CR") << QStringLiteral("echo a\rb");
    QTest::newRow("lone surrogate") << QStringLiteral("echo ") + QChar(char16_t(0xd800));
}

void TestSshExecutor::controlCharactersNeverReachTheHost()
{
    QFETCH(QString, command);
    QFile::remove(m_sshd.path(QStringLiteral("wrapper.log")));
    SshExecutor executor(config(QStringLiteral("id_wrapped")));
    RUN_COMMAND(executor, command, 10000, result);
    QCOMPARE(result->status, CommandResult::Status::Denied);
    QVERIFY2(result->error.contains(QStringLiteral("refused before sending")),
             qPrintable(result->error));
    QCOMPARE(executor.connectCount(), 0); // not even a connection
    RUN_COMMAND(executor, QStringLiteral("true"), 10000, after);
    QCOMPARE(after->status, CommandResult::Status::Success);
    QCOMPARE(wrapperLog(), QByteArray("true"));
}

void TestSshExecutor::forcedCommandTimeoutClosesTheChannel()
{
    // sshd refuses signals for a forced command: the timeout still ends the call (after the
    // signal graces) with the channel closed, and says that the command may run on.
    SshExecutor executor(config(QStringLiteral("id_wrapped")));
    RUN_COMMAND(executor, QStringLiteral("sleep 5"), 300, result);
    QCOMPARE(result->status, CommandResult::Status::Timeout);
    QVERIFY2(result->durationMs < 8000, qPrintable(QString::number(result->durationMs)));
    QVERIFY2(result->error.contains(QStringLiteral("refused the signals")),
             qPrintable(result->error));
}

QTEST_MAIN(TestSshExecutor)
#include "TestSshExecutor.moc"
