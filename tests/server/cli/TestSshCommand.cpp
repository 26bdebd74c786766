#include "server/cli/SshCommand.h"

#include "tests/support/LoopbackSshd.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

// `proxmox-mcpd ssh trust` against a real loopback sshd, in-process with injected stdin.
class TestSshCommand final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void argumentErrorsExitWithTwo_data();
    void argumentErrorsExitWithTwo();
    void confirmation_data();
    void confirmation();
    void yesSkipsTheQuestion();
    void unreachableHostFails();

private:
    QString writeConfig(quint16 port);
    int run(const QStringList &arguments, const QString &input, QString *out, QString *err);

    LoopbackSshd m_sshd;
    QTemporaryDir m_state;
};

void TestSshCommand::initTestCase()
{
    if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
        QSKIP("OpenSSH server (/usr/sbin/sshd) is not installed");
    QVERIFY2(m_sshd.start(), qPrintable(m_sshd.error()));
    QVERIFY(m_state.isValid());
}

QString TestSshCommand::writeConfig(quint16 port)
{
    QFile file(m_state.filePath(QStringLiteral("proxmox-mcp.env")));
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(QStringLiteral("SSH_HOST=127.0.0.1\nSSH_PORT=%1\nSTATE_DIR=%2\n")
                       .arg(port)
                       .arg(m_state.path())
                       .toUtf8());
    QFile::remove(m_state.filePath(QStringLiteral("known_hosts")));
    return file.fileName();
}

int TestSshCommand::run(const QStringList &arguments, const QString &input, QString *out,
                        QString *err)
{
    QString inputText = input;
    QTextStream outStream(out);
    QTextStream errStream(err);
    QTextStream inStream(&inputText);
    return SshCommand(outStream, errStream, &inStream).run(arguments);
}

void TestSshCommand::argumentErrorsExitWithTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("no action") << QStringList{} << QStringLiteral("needs an action");
    QTest::newRow("unknown action")
        << QStringList{QStringLiteral("forget")} << QStringLiteral("needs an action");
    QTest::newRow("config without file")
        << QStringList{QStringLiteral("trust"), QStringLiteral("--config")}
        << QStringLiteral("--config needs a FILE");
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("trust"), QStringLiteral("--force")}
        << QStringLiteral("unknown option --force for `ssh`");
    QTest::newRow("stray argument") << QStringList{QStringLiteral("trust"), QStringLiteral("now")}
                                    << QStringLiteral("unexpected argument \"now\"");
}

void TestSshCommand::argumentErrorsExitWithTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QString out;
    QString err;
    QCOMPARE(run(arguments, {}, &out, &err), 2);
    QVERIFY2(err.contains(message), qPrintable(err));
}

void TestSshCommand::confirmation_data()
{
    QTest::addColumn<QString>("answer");
    QTest::addColumn<bool>("trusted");
    QTest::newRow("yes") << QStringLiteral("yes\n") << true;
    QTest::newRow("y") << QStringLiteral("y\n") << true;
    QTest::newRow("no") << QStringLiteral("n\n") << false;
    QTest::newRow("empty line") << QStringLiteral("\n") << false;
    QTest::newRow("end of input") << QString() << false;
}

void TestSshCommand::confirmation()
{
    QFETCH(QString, answer);
    QFETCH(bool, trusted);
    const QString config = writeConfig(m_sshd.port());
    QString out;
    QString err;
    const int code =
        run({QStringLiteral("trust"), QStringLiteral("--config"), config}, answer, &out, &err);
    QVERIFY2(out.contains(m_sshd.hostKeyFingerprint()), qPrintable(out));
    QVERIFY(out.contains(QStringLiteral("[y/N]")));
    QCOMPARE(code, trusted ? 0 : 1);
    QCOMPARE(QFile::exists(m_state.filePath(QStringLiteral("known_hosts"))), trusted);
    if (!trusted)
        QVERIFY(err.contains(QStringLiteral("nothing was written")));
}

void TestSshCommand::yesSkipsTheQuestion()
{
    const QString config = writeConfig(m_sshd.port());
    QString out;
    QString err;
    QCOMPARE(run({QStringLiteral("trust"), QStringLiteral("--config=") + config,
                  QStringLiteral("--yes")},
                 {}, &out, &err),
             0);
    QVERIFY(!out.contains(QStringLiteral("[y/N]")));
    QVERIFY(out.contains(m_sshd.hostKeyFingerprint()));
    QFile knownHosts(m_state.filePath(QStringLiteral("known_hosts")));
    QVERIFY(knownHosts.open(QIODevice::ReadOnly));
    QVERIFY(knownHosts.readAll().startsWith(
        QStringLiteral("[127.0.0.1]:%1 ").arg(m_sshd.port()).toUtf8()));
}

void TestSshCommand::unreachableHostFails()
{
    const QString config = writeConfig(1); // nothing listens on port 1
    QString out;
    QString err;
    QCOMPARE(
        run({QStringLiteral("trust"), QStringLiteral("--config"), config, QStringLiteral("--yes")},
            {}, &out, &err),
        1);
    QVERIFY2(err.contains(QStringLiteral("cannot connect")), qPrintable(err));
    QVERIFY(!QFile::exists(m_state.filePath(QStringLiteral("known_hosts"))));
}

QTEST_MAIN(TestSshCommand)
#include "TestSshCommand.moc"
