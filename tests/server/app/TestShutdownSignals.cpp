#include "server/app/ShutdownSignals.h"

#include <QSignalSpy>
#include <QTest>

#include <csignal>

using namespace pmcp;

namespace {

bool handlerIsDefault(int signal)
{
    struct sigaction current = {};
    sigaction(signal, nullptr, &current);
    return current.sa_handler == SIG_DFL;
}

} // namespace

class TestShutdownSignals final : public QObject {
    Q_OBJECT

private slots:
    void signalBecomesQtSignal_data();
    void signalBecomesQtSignal();
    void repeatedSignalsAreEachDelivered();
    void destructorRestoresDefaultHandlers();
    void sighupBecomesAReloadOnceWatched();
    void sighupIsLeftAloneUntilWatched();
};

void TestShutdownSignals::signalBecomesQtSignal_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void TestShutdownSignals::signalBecomesQtSignal()
{
    QFETCH(int, signal);
    ShutdownSignals watcher;
    QSignalSpy spy(&watcher, &ShutdownSignals::shutdownRequested);
    QVERIFY(spy.isValid());
    // Without the handler, this would end the test process.
    QCOMPARE(std::raise(signal), 0);
    // Delivered through the event loop, never from inside the signal handler.
    QCOMPARE(spy.count(), 0);
    QVERIFY(spy.wait(5000));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.first().first().toInt(), signal);
}

void TestShutdownSignals::repeatedSignalsAreEachDelivered()
{
    ShutdownSignals watcher;
    QSignalSpy spy(&watcher, &ShutdownSignals::shutdownRequested);
    std::raise(SIGTERM);
    std::raise(SIGINT);
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 2, 5000);
    QCOMPARE(spy.at(0).first().toInt(), int(SIGTERM));
    QCOMPARE(spy.at(1).first().toInt(), int(SIGINT));
}

void TestShutdownSignals::destructorRestoresDefaultHandlers()
{
    {
        ShutdownSignals watcher;
        QVERIFY(!handlerIsDefault(SIGTERM));
        QVERIFY(!handlerIsDefault(SIGINT));
    }
    QVERIFY(handlerIsDefault(SIGTERM));
    QVERIFY(handlerIsDefault(SIGINT));
}

void TestShutdownSignals::sighupBecomesAReloadOnceWatched()
{
    {
        ShutdownSignals watcher;
        watcher.watchReload();
        QSignalSpy reload(&watcher, &ShutdownSignals::reloadRequested);
        QSignalSpy shutdown(&watcher, &ShutdownSignals::shutdownRequested);
        // Without the handler, SIGHUP would end the test process.
        QCOMPARE(std::raise(SIGHUP), 0);
        QVERIFY(reload.wait(5000));
        QCOMPARE(reload.count(), 1);
        // A shutdown signal after it arrives as a shutdown: the reload was not one.
        std::raise(SIGTERM);
        QVERIFY(shutdown.wait(5000));
        QCOMPARE(reload.count(), 1);
        QCOMPARE(shutdown.first().first().toInt(), int(SIGTERM));
    }
    QVERIFY(handlerIsDefault(SIGHUP));
}

void TestShutdownSignals::sighupIsLeftAloneUntilWatched()
{
    // stdio clients keep SIGHUP's default: their terminal went away.
    ShutdownSignals watcher;
    QVERIFY(handlerIsDefault(SIGHUP));
    watcher.watchReload();
    QVERIFY(!handlerIsDefault(SIGHUP));
}

QTEST_GUILESS_MAIN(TestShutdownSignals)
#include "TestShutdownSignals.moc"
