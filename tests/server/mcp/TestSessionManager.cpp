#include "server/mcp/SessionManager.h"

#include "server/mcp/RequestContext.h"
#include "tests/support/RecordingChannel.h"

#include <QPointer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

namespace {

ToolDefinition makeTool(const QString &name)
{
    ToolDefinition tool;
    tool.name = name;
    tool.description = QStringLiteral("A tool.");
    tool.inputSchema = ToolDefinition::emptyInputSchema();
    tool.handler = [](const std::shared_ptr<ToolCall> &) {};
    return tool;
}

} // namespace

class TestSessionManager final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void sessionIds();
    void createFindRemove();
    void sessionLimit();
    void fullManagerExpiresIdleSessionsToMakeRoom();
    void perClientLimit();
    void perClientLimitExpiresIdleSessionsOfThatClient();
    void limitsChangeWhileSessionsStay();
    void idleExpiry();
    void nothingExpiresBeforeTheLimit();
    void broadcastReachesInitializedSessions();
    void resourceUpdatesReachSubscribers();
    void sessionLogsFollowEachSessionsLevel();

private:
    ServerIdentity m_identity{QStringLiteral("test"), {}, QStringLiteral("1"), {}};
};

void TestSessionManager::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void TestSessionManager::sessionIds()
{
    const QRegularExpression hex32(QStringLiteral("^[0-9a-f]{32}$"));
    QSet<QString> ids;
    for (int i = 0; i < 10000; ++i) {
        const QString id = SessionManager::newSessionId();
        if (!hex32.match(id).hasMatch())
            QFAIL(qPrintable(QStringLiteral("not 32 hex characters: ") + id));
        ids.insert(id);
    }
    QCOMPARE(ids.size(), 10000);
}

void TestSessionManager::createFindRemove()
{
    McpServer server(m_identity);
    SessionManager manager(&server, 3600);
    QSignalSpy counts(&manager, &SessionManager::countChanged);
    McpSession *a = manager.create();
    McpSession *b = manager.create();
    QVERIFY(a && b);
    QVERIFY(a->id() != b->id());
    QCOMPARE(manager.count(), 2);
    QCOMPARE(manager.find(a->id()), a);
    QCOMPARE(manager.find(QStringLiteral("nope")), nullptr);

    QPointer<McpSession> removed = a;
    const QString id = a->id();
    QVERIFY(manager.remove(id));
    QVERIFY(!manager.remove(id));
    QCOMPARE(manager.find(id), nullptr);
    QCOMPARE(manager.count(), 1);
    QTRY_VERIFY(removed.isNull()); // deleted later, not under a caller's feet
    QCOMPARE(counts.count(), 3);
    QCOMPARE(counts.at(2).at(0).toInt(), 1);
}

void TestSessionManager::sessionLimit()
{
    McpServer server(m_identity);
    SessionManager manager(&server, 3600, 2);
    McpSession *a = manager.create();
    QVERIFY(a);
    QVERIFY(manager.create());
    QCOMPARE(manager.create(), nullptr);
    QCOMPARE(manager.count(), 2);
    QVERIFY(manager.remove(a->id()));
    QVERIFY(manager.create());
    QCOMPARE(manager.create(), nullptr);
}

void TestSessionManager::fullManagerExpiresIdleSessionsToMakeRoom()
{
    McpServer server(m_identity);
    SessionManager manager(&server, 0, 1);
    McpSession *old = manager.create();
    QVERIFY(old);
    const QString oldId = old->id();
    QTRY_VERIFY(old->idleMs() > 0);
    McpSession *fresh = manager.create();
    QVERIFY(fresh);
    QCOMPARE(manager.count(), 1);
    QCOMPARE(manager.find(oldId), nullptr);
}

void TestSessionManager::perClientLimit()
{
    McpServer server(m_identity);
    SessionManager manager(&server, 3600, 5, 2);
    const ClientIdentity alice{QStringLiteral("alice"), false};
    const ClientIdentity bob{QStringLiteral("bob"), true};
    SessionManager::Limit refusedBy = SessionManager::Limit::Total;
    McpSession *first = manager.create(alice, &refusedBy);
    QVERIFY(first);
    QCOMPARE(refusedBy, SessionManager::Limit::None);
    QCOMPARE(first->identity(), alice);
    QVERIFY(manager.create(alice));
    QCOMPARE(manager.create(alice, &refusedBy), nullptr);
    QCOMPARE(refusedBy, SessionManager::Limit::PerClient);
    QCOMPARE(manager.countFor(QStringLiteral("alice")), 2);

    // Alice at her limit does not stop Bob; the total limit still holds for everyone.
    QVERIFY(manager.create(bob));
    QVERIFY(manager.create(bob));
    QVERIFY(manager.create(ClientIdentity{QStringLiteral("carol"), false}));
    QCOMPARE(manager.count(), 5);
    QCOMPARE(manager.create(ClientIdentity{QStringLiteral("dave"), false}, &refusedBy), nullptr);
    QCOMPARE(refusedBy, SessionManager::Limit::Total);

    // A closed session gives its client room again.
    QVERIFY(manager.remove(first->id()));
    QVERIFY(manager.create(alice));
}

void TestSessionManager::perClientLimitExpiresIdleSessionsOfThatClient()
{
    McpServer server(m_identity);
    SessionManager manager(&server, 0, 10, 1);
    const ClientIdentity alice{QStringLiteral("alice"), false};
    McpSession *old = manager.create(alice);
    QVERIFY(old);
    const QString oldId = old->id();
    QTRY_VERIFY(old->idleMs() > 0);
    QVERIFY(manager.create(alice));
    QCOMPARE(manager.find(oldId), nullptr);
    QCOMPARE(manager.countFor(QStringLiteral("alice")), 1);
}

void TestSessionManager::limitsChangeWhileSessionsStay()
{
    McpServer server(m_identity);
    SessionManager manager(&server, 3600, 10, 3);
    const ClientIdentity alice{QStringLiteral("alice"), false};
    McpSession *first = manager.create(alice);
    McpSession *second = manager.create(alice);
    QVERIFY(first && second);
    const QString firstId = first->id();
    // A lower limit (a configuration reload) keeps the open sessions and refuses new ones.
    manager.setMaxSessionsPerClient(1);
    QCOMPARE(manager.maxSessionsPerClient(), 1);
    QCOMPARE(manager.countFor(QStringLiteral("alice")), 2);
    SessionManager::Limit refusedBy = SessionManager::Limit::None;
    QCOMPARE(manager.create(alice, &refusedBy), nullptr);
    QCOMPARE(refusedBy, SessionManager::Limit::PerClient);
    manager.setMaxSessionsPerClient(5);
    QVERIFY(manager.create(alice));
    // A shorter idle time expires sessions idle longer than it from then on.
    QVERIFY(manager.find(firstId));
    manager.setIdleSeconds(0);
    QTRY_VERIFY(first->idleMs() > 0);
    QVERIFY(manager.expireIdle() >= 1);
    QCOMPARE(manager.find(firstId), nullptr);
}

void TestSessionManager::idleExpiry()
{
    McpServer server(m_identity);
    SessionManager manager(&server, 0);
    McpSession *idle = manager.create();
    McpSession *working = manager.create();
    McpSession *listening = manager.create();
    McpSession *streamGone = manager.create();
    const QString idleId = idle->id();
    const QString streamGoneId = streamGone->id();

    auto requestChannel = std::make_shared<RecordingChannel>();
    const auto context = std::make_shared<RequestContext>(
        working, requestMessage(1, QStringLiteral("tools/call")), requestChannel);
    working->addInFlight(context);
    auto openStream = std::make_shared<RecordingChannel>();
    listening->addStandaloneChannel(openStream);
    auto closedStream = std::make_shared<RecordingChannel>();
    closedStream->open = false;
    streamGone->addStandaloneChannel(closedStream);

    QTRY_VERIFY(idle->idleMs() > 0 && working->idleMs() > 0 && listening->idleMs() > 0 &&
                streamGone->idleMs() > 0);
    QCOMPARE(manager.expireIdle(), 2);
    QCOMPARE(manager.find(idleId), nullptr);
    QCOMPARE(manager.find(streamGoneId), nullptr);
    QCOMPARE(manager.find(working->id()), working);
    QCOMPARE(manager.find(listening->id()), listening);
    QVERIFY(!context->isCancelled());

    // Once the work is done and the stream closed, they go too.
    context->respond({});
    openStream->open = false;
    QCOMPARE(manager.expireIdle(), 2);
    QCOMPARE(manager.count(), 0);
}

void TestSessionManager::nothingExpiresBeforeTheLimit()
{
    McpServer server(m_identity);
    SessionManager manager(&server, 3600);
    McpSession *session = manager.create();
    QTRY_VERIFY(session->idleMs() > 0);
    QCOMPARE(manager.expireIdle(), 0);
    QCOMPARE(manager.count(), 1);
}

void TestSessionManager::broadcastReachesInitializedSessions()
{
    McpServer server(m_identity);
    SessionManager manager(&server, 3600);
    McpSession *ready = manager.create();
    McpSession *handshaking = manager.create();
    auto readyStream = std::make_shared<RecordingChannel>();
    auto handshakingStream = std::make_shared<RecordingChannel>();
    ready->addStandaloneChannel(readyStream);
    handshaking->addStandaloneChannel(handshakingStream);
    initializeSession(server, ready);
    // handshaking sent initialize but not yet notifications/initialized.
    sendRequest(server, handshaking, 1, QStringLiteral("initialize"),
                {{QStringLiteral("protocolVersion"), McpServer::latestVersion()}});

    QVERIFY(server.tools().add(makeTool(QStringLiteral("new_tool"))).ok());
    QCOMPARE(readyStream->sent.size(), 1);
    QCOMPARE(readyStream->sent.at(0),
             JsonRpc::notification(QStringLiteral("notifications/tools/list_changed"), {}));
    QVERIFY(handshakingStream->sent.isEmpty());
}

void TestSessionManager::resourceUpdatesReachSubscribers()
{
    McpServer server(m_identity);
    SessionManager manager(&server, 3600);
    McpSession *subscriber = manager.create();
    McpSession *other = manager.create();
    auto subscriberStream = std::make_shared<RecordingChannel>();
    auto otherStream = std::make_shared<RecordingChannel>();
    subscriber->addStandaloneChannel(subscriberStream);
    other->addStandaloneChannel(otherStream);
    initializeSession(server, subscriber);
    initializeSession(server, other);
    subscriber->subscriptions().insert(QStringLiteral("pve://cluster/status"));
    other->subscriptions().insert(QStringLiteral("pve://cluster/tasks"));

    server.notifyResourceUpdated(QStringLiteral("pve://cluster/status"));
    QCOMPARE(subscriberStream->sent.size(), 1);
    QCOMPARE(
        subscriberStream->sent.at(0),
        JsonRpc::notification(QStringLiteral("notifications/resources/updated"),
                              {{QStringLiteral("uri"), QStringLiteral("pve://cluster/status")}}));
    QVERIFY(otherStream->sent.isEmpty());
}

void TestSessionManager::sessionLogsFollowEachSessionsLevel()
{
    McpServer server(m_identity);
    SessionManager manager(&server, 3600);
    McpSession *watcher = manager.create();
    McpSession *quiet = manager.create();
    auto watcherStream = std::make_shared<RecordingChannel>();
    auto quietStream = std::make_shared<RecordingChannel>();
    watcher->addStandaloneChannel(watcherStream);
    quiet->addStandaloneChannel(quietStream);
    initializeSession(server, watcher);
    initializeSession(server, quiet);
    watcher->setLogLevel(LogLevel::Warning);
    quiet->setLogLevel(LogLevel::Error);

    server.logToSessions(LogLevel::Warning, QStringLiteral("proxmox"), QStringLiteral("failover"));
    QCOMPARE(watcherStream->sent.size(), 1);
    QCOMPARE(watcherStream->sent.at(0).value(QLatin1String("method")).toString(),
             QStringLiteral("notifications/message"));
    QVERIFY(quietStream->sent.isEmpty());
    // The quiet session hears what reaches its level: it would have seen the first one.
    server.logToSessions(LogLevel::Error, QStringLiteral("proxmox"), QStringLiteral("down"));
    QCOMPARE(quietStream->sent.size(), 1);
    QCOMPARE(watcherStream->sent.size(), 2);
}

QTEST_GUILESS_MAIN(TestSessionManager)
#include "TestSessionManager.moc"
