#include "server/app/SystemdNotifier.h"

#include "tests/support/NotifySocket.h"

#include <QCoreApplication>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

namespace {

// NOTIFY_SOCKET (and the watchdog's variables) for one test, then as they were.
class NotifyEnvironment final {
public:
    explicit NotifyEnvironment(const QString &socket, qint64 watchdogUsec = 0)
    {
        qputenv("NOTIFY_SOCKET", socket.toLocal8Bit());
        if (watchdogUsec > 0) {
            qputenv("WATCHDOG_USEC", QByteArray::number(watchdogUsec));
            qputenv("WATCHDOG_PID", QByteArray::number(QCoreApplication::applicationPid()));
        }
    }
    ~NotifyEnvironment()
    {
        qunsetenv("NOTIFY_SOCKET");
        qunsetenv("WATCHDOG_USEC");
        qunsetenv("WATCHDOG_PID");
    }
    Q_DISABLE_COPY_MOVE(NotifyEnvironment)
};

} // namespace

// What the daemon tells systemd, read from a notify socket the test owns.
class TestSystemdNotifier final : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        if (!SystemdNotifier::available())
            QSKIP("built without libsystemd: the notifier sends nothing");
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_socket = std::make_unique<NotifySocket>(m_dir->path());
        QVERIFY(m_socket->isValid());
    }
    void cleanup()
    {
        m_socket.reset();
        m_dir.reset();
    }

    void readyReloadingStoppingInOrder()
    {
        NotifyEnvironment environment(m_socket->path());
        SystemdNotifier notifier;
        notifier.ready(QStringLiteral("listening on http://127.0.0.1:8080/api/mcp"));
        notifier.reloading();
        notifier.ready();
        notifier.stopping();
        const QList<QByteArray> messages = m_socket->messages();
        QCOMPARE(messages.size(), 4);
        QCOMPARE(messages.at(0),
                 QByteArray("READY=1\nSTATUS=listening on http://127.0.0.1:8080/api/mcp"));
        QVERIFY2(messages.at(1).startsWith("RELOADING=1\nMONOTONIC_USEC="), messages.at(1));
        QVERIFY(messages.at(1).mid(messages.at(1).indexOf("=", 12) + 1).toLongLong() > 0);
        QCOMPARE(messages.at(2), QByteArray("READY=1"));
        QCOMPARE(messages.at(3), QByteArray("STOPPING=1"));
    }

    void statusAlone()
    {
        NotifyEnvironment environment(m_socket->path());
        SystemdNotifier().status(QStringLiteral("backing up"));
        QCOMPARE(m_socket->messages(), QList<QByteArray>{"STATUS=backing up"});
    }

    void silentWithoutNotifySocket()
    {
        // Started by hand or by a test: nothing to tell, and nothing fails.
        qunsetenv("NOTIFY_SOCKET");
        SystemdNotifier notifier;
        notifier.ready();
        notifier.stopping();
        QCOMPARE(m_socket->waitFor("READY=1", 50), -1);
        QVERIFY(m_socket->messages().isEmpty());
    }

    void watchdogPingsFromTheEventLoop()
    {
        NotifyEnvironment environment(m_socket->path(), 100000); // WatchdogSec=100ms
        SystemdNotifier notifier;
        QCOMPARE(notifier.watchdogInterval(), std::chrono::microseconds(100000));
        notifier.startWatchdog();
        QVERIFY(notifier.watchdogRunning());
        // Nothing is sent outside the loop: the ping proves the loop turns.
        QCOMPARE(m_socket->messages().size(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(m_socket->messages().count("WATCHDOG=1") >= 3, 5000);
        notifier.stopping();
        QVERIFY(!notifier.watchdogRunning());
    }

    void noWatchdogUnlessAsked()
    {
        NotifyEnvironment environment(m_socket->path());
        SystemdNotifier notifier;
        QCOMPARE(notifier.watchdogInterval(), std::chrono::microseconds(0));
        notifier.startWatchdog();
        QVERIFY(!notifier.watchdogRunning());
    }

    void watchdogOfAnotherProcessIsNotOurs()
    {
        // WATCHDOG_PID names the main process: a child that inherited the variables is silent.
        NotifyEnvironment environment(m_socket->path(), 100000);
        qputenv("WATCHDOG_PID", "1");
        SystemdNotifier notifier;
        QCOMPARE(notifier.watchdogInterval(), std::chrono::microseconds(0));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<NotifySocket> m_socket;
};

QTEST_GUILESS_MAIN(TestSystemdNotifier)
#include "TestSystemdNotifier.moc"
