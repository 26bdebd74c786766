#include "server/tools/shell/ShellOperationGuard.h"

#include "server/mcp/McpServer.h"
#include "server/mcp/McpSession.h"
#include "server/policy/CommandPolicy.h"
#include "server/proxmox/ProxmoxTargets.h"
#include "server/simulator/PveSimulator.h"
#include "server/simulator/SimShell.h"
#include "server/simulator/SimState.h"
#include "server/tools/shell/ShellTools.h"
#include "tests/support/RecordingChannel.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

namespace {

// The error of a result, or "" (QVERIFY2 evaluates its message even when it passes).
template <typename T>
QString why(const Result<T> &result)
{
    return result.ok() ? QString() : result.error().message;
}

ApiOperation mapped(const QString &line)
{
    const PolicyDecision decision = CommandPolicy::defaults(false).evaluate(line);
    return decision.operations.value(0);
}

} // namespace

// ShellOperationGuard against the simulator: where a mapped qm/pct operation really runs, what
// the typed tool would say of it, protected guests, and the resources a line changed, through
// execute_command on the engine.
class TestShellOperationGuard final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void guestOperationsArePlacedOnTheGuestsNode();
    void nodeOperationsArePlacedOnTheLocalNode();
    void protectedGuestIsRefusedAsTheTypedToolRefusesIt();
    void unknownGuestRunsNothing();
    void refusesProtectedOnlyDestroyAndRestore_data();
    void refusesProtectedOnlyDestroyAndRestore();
    void stateChangingCommandAnnouncesItsResources();
    void readingCommandAnnouncesNothing();

private:
    Result<ShellOperationGuard::Plan> plan(const QString &line);
    // Runs execute_command lines on the simulated shell of pve1, one after the other, and
    // returns the URIs announced once at least expected came.
    QStringList announcedAfter(const QStringList &lines, int expected);

    std::unique_ptr<PveSimulator> m_simulator;
    std::unique_ptr<ProxmoxTargets> m_targets;
    std::unique_ptr<ShellOperationGuard> m_guard;
};

void TestShellOperationGuard::init()
{
    m_simulator = std::make_unique<PveSimulator>(PveSimulator::Options{.timeScale = 0.05});
    QVERIFY(m_simulator->start().ok());
    ProxmoxTarget target;
    target.name = QStringLiteral("lab");
    target.hosts = {QStringLiteral("127.0.0.1")};
    target.port = m_simulator->port();
    target.user = PveSimulator::tokenUser();
    target.tokenName = PveSimulator::tokenName();
    target.tokenSecret = m_simulator->tokenSecret();
    target.fingerprint = m_simulator->fingerprintSha256();
    auto made = ProxmoxTargets::fromTargets({target});
    QVERIFY(made.ok());
    m_targets = std::make_unique<ProxmoxTargets>(std::move(made).value());
    m_guard = std::make_unique<ShellOperationGuard>(m_targets->client(), QStringLiteral("lab"));
}

void TestShellOperationGuard::cleanup()
{
    m_guard.reset();
    m_targets.reset();
    m_simulator.reset();
}

Result<ShellOperationGuard::Plan> TestShellOperationGuard::plan(const QString &line)
{
    std::optional<Result<ShellOperationGuard::Plan>> planned;
    m_guard->plan(mapped(line), [&](Result<ShellOperationGuard::Plan> p) { planned = p; });
    if (!QTest::qWaitFor([&] { return planned.has_value(); }, 10000))
        return Error::internal(QStringLiteral("no plan in time"));
    return *planned;
}

void TestShellOperationGuard::guestOperationsArePlacedOnTheGuestsNode()
{
    // VM 302 lives on pve3, whatever node the shell runs on.
    const auto planned = plan(QStringLiteral("qm destroy 302 --purge"));
    QVERIFY2(planned.ok(), qPrintable(why(planned)));
    QCOMPARE(planned.value().request.method, QByteArray("DELETE"));
    QCOMPARE(planned.value().request.path, QStringLiteral("/nodes/pve3/qemu/302"));
    QCOMPARE(planned.value().affects.value(QLatin1String("name")).toString(),
             QStringLiteral("test-vm"));
    QCOMPARE(planned.value().what,
             QStringLiteral("delete VM 302 (\"test-vm\", stopped) on node pve3 with its disks "
                            "(scsi0) for good, purging it from backup jobs, replication and HA"));
    QVERIFY(planned.value().refusal.isEmpty());
}

void TestShellOperationGuard::nodeOperationsArePlacedOnTheLocalNode()
{
    const auto planned =
        plan(QStringLiteral("pvesm free local:backup/vzdump-lxc-103-2026_11_20-18_30_12.tar.zst"));
    QVERIFY2(planned.ok(), qPrintable(why(planned)));
    QVERIFY2(planned.value().request.path.startsWith(
                 QLatin1String("/nodes/pve1/storage/local/content/")),
             qPrintable(planned.value().request.path));
    QVERIFY(planned.value().affects.isEmpty());
}

void TestShellOperationGuard::protectedGuestIsRefusedAsTheTypedToolRefusesIt()
{
    // VM 101 (db-01) has protection=1 in the simulated cluster.
    const auto destroy = plan(QStringLiteral("qm destroy 101"));
    QVERIFY2(destroy.ok(), qPrintable(why(destroy)));
    QCOMPARE(destroy.value().refusal,
             QStringLiteral("Refused: guest 101 (db-01) has protection: 1 in its configuration; "
                            "protected guests are never deleted. Nothing was done."));
    // Restoring over it too; stopping it is not refused (as qemu_stop does not refuse it).
    const auto restore = plan(QStringLiteral("qmrestore local:backup/x.vma.zst 101 --force 1"));
    QVERIFY2(restore.ok(), qPrintable(why(restore)));
    QVERIFY(!restore.value().refusal.isEmpty());
    const auto stop = plan(QStringLiteral("qm stop 101"));
    QVERIFY2(stop.ok(), qPrintable(why(stop)));
    QVERIFY(stop.value().refusal.isEmpty());
    QCOMPARE(stop.value().affects.value(QLatin1String("protection")).toBool(), true);
}

void TestShellOperationGuard::unknownGuestRunsNothing()
{
    const auto planned = plan(QStringLiteral("qm destroy 4242"));
    QVERIFY(!planned.ok());
    QVERIFY2(why(planned).contains(QLatin1String("4242")), qPrintable(why(planned)));
}

void TestShellOperationGuard::refusesProtectedOnlyDestroyAndRestore_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("refuses");
    QTest::newRow("qm destroy") << QStringLiteral("qm destroy 100") << true;
    QTest::newRow("pct destroy") << QStringLiteral("pct destroy 102") << true;
    QTest::newRow("qmrestore") << QStringLiteral("qmrestore local:backup/x.vma.zst 100") << true;
    QTest::newRow("pct restore") << QStringLiteral("pct restore 102 local:backup/x.tar.zst")
                                 << true;
    QTest::newRow("qm stop") << QStringLiteral("qm stop 100") << false;
    QTest::newRow("qm delsnapshot") << QStringLiteral("qm delsnapshot 100 pre") << false;
    QTest::newRow("qm set --delete") << QStringLiteral("qm set 100 --delete scsi1") << false;
}

void TestShellOperationGuard::refusesProtectedOnlyDestroyAndRestore()
{
    QFETCH(QString, line);
    QFETCH(bool, refuses);
    QCOMPARE(ShellOperationGuard::refusesProtected(mapped(line)), refuses);
}

QStringList TestShellOperationGuard::announcedAfter(const QStringList &lines, int expected)
{
    McpServer server({QStringLiteral("proxmox-mcp"), {}, QStringLiteral("test"), {}});
    auto shell = std::make_shared<SimShell>(m_simulator.get(), QStringLiteral("pve1"));
    auto guard =
        std::make_shared<const ShellOperationGuard>(m_targets->client(), QStringLiteral("lab"));
    ShellTools::registerAll(server.tools(), shell,
                            std::make_shared<const CommandPolicy>(CommandPolicy::defaults(false)),
                            {}, {}, guard,
                            [&server](const QString &uri) { server.notifyResourceUpdated(uri); });
    QSignalSpy updated(&server, &McpServer::resourceUpdated);
    McpSession session(QStringLiteral("s"));
    initializeSession(server, &session, {});
    int id = 0;
    for (const QString &line : lines) {
        auto channel = sendRequest(
            server, &session, ++id, QStringLiteral("tools/call"),
            {{QStringLiteral("name"), QStringLiteral("execute_command")},
             {QStringLiteral("arguments"), QJsonObject{{QStringLiteral("command"), line}}}});
        [&] { QTRY_VERIFY_WITH_TIMEOUT(channel->isFinished(), 10000); }();
        [&] {
            QVERIFY2(!channel->result().value(QLatin1String("isError")).toBool(),
                     QJsonDocument(channel->result()).toJson().constData());
        }();
    }
    [&] { QTRY_VERIFY_WITH_TIMEOUT(updated.size() >= expected, 10000); }();
    QStringList uris;
    for (const QList<QVariant> &u : updated)
        uris.append(u.at(0).toString());
    return uris;
}

void TestShellOperationGuard::stateChangingCommandAnnouncesItsResources()
{
    QVERIFY(!m_simulator->state().guest(103)->running);
    const QStringList uris = announcedAfter({QStringLiteral("pct start 103")}, 2);
    QVERIFY(m_simulator->state().guest(103)->running);
    QCOMPARE(uris, (QStringList{QStringLiteral("proxmox://lab/cluster/resources"),
                                QStringLiteral("proxmox://lab/nodes/pve1/lxc/103/config")}));
}

void TestShellOperationGuard::readingCommandAnnouncesNothing()
{
    QVERIFY(
        CommandPolicy::defaults(false).evaluate(QStringLiteral("qm list")).operations.isEmpty());
    // The start after it is the positive control: only its two resources are announced.
    QCOMPARE(announcedAfter({QStringLiteral("qm list"), QStringLiteral("pct start 103")}, 2),
             (QStringList{QStringLiteral("proxmox://lab/cluster/resources"),
                          QStringLiteral("proxmox://lab/nodes/pve1/lxc/103/config")}));
}

QTEST_GUILESS_MAIN(TestShellOperationGuard)
#include "TestShellOperationGuard.moc"
