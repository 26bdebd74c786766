#include "server/app/ProxmoxHealthProbe.h"

#include "server/proxmox/ProxmoxTargets.h"
#include "server/simulator/PveSimulator.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <memory>

using namespace pmcp;

// The /health "proxmox" check against an in-process simulator over HTTPS.
class TestProxmoxHealthProbe final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void okWithPinnedFingerprint();
    void warnsBeforeTheFirstAnswer();
    void warnsWhenTlsVerificationIsOff();
    void failsWhenTheSimulatorIsStopped();
    void failsWhileTheNodeIsDownAndRecovers();
    void reportsTheNodesTheClusterHasOffline();
    void failsOnAWrongFingerprint();
    void worstTargetWins();

private:
    ProxmoxTarget target(const QString &name = QStringLiteral("default")) const;
    // Targets from the given list; the probe does not refresh by timer during a test.
    std::unique_ptr<ProxmoxHealthProbe> probe(const QList<ProxmoxTarget> &targets);

    std::unique_ptr<PveSimulator> m_simulator;
    std::unique_ptr<ProxmoxTargets> m_targets;
};

void TestProxmoxHealthProbe::init()
{
    PveSimulator::Options options;
    options.timeScale = 0.05;
    m_simulator = std::make_unique<PveSimulator>(options);
    const auto port = m_simulator->start();
    QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
}

void TestProxmoxHealthProbe::cleanup()
{
    m_targets.reset();
    m_simulator.reset();
}

ProxmoxTarget TestProxmoxHealthProbe::target(const QString &name) const
{
    ProxmoxTarget target;
    target.name = name;
    target.hosts = {QStringLiteral("127.0.0.1")};
    target.port = m_simulator->port();
    target.user = PveSimulator::tokenUser();
    target.tokenName = PveSimulator::tokenName();
    target.tokenSecret = m_simulator->tokenSecret();
    target.fingerprint = m_simulator->fingerprintSha256();
    target.timeoutMs = 5000;
    return target;
}

std::unique_ptr<ProxmoxHealthProbe>
TestProxmoxHealthProbe::probe(const QList<ProxmoxTarget> &targets)
{
    auto made = ProxmoxTargets::fromTargets(targets);
    if (!made.ok())
        qFatal("targets: %s", qPrintable(made.error().message));
    m_targets = std::make_unique<ProxmoxTargets>(std::move(made.value()));
    return std::make_unique<ProxmoxHealthProbe>(m_targets.get(), 3600 * 1000);
}

void TestProxmoxHealthProbe::okWithPinnedFingerprint()
{
    const auto health = probe({target()});
    QTRY_COMPARE(health->check().status, QStringLiteral("ok"));
    const HealthCheck check = health->check();
    QCOMPARE(check.name, QStringLiteral("proxmox"));
    QVERIFY2(check.detail.startsWith(QStringLiteral("default: Proxmox VE ")),
             qPrintable(check.detail));
    QVERIFY2(check.detail.endsWith(QStringLiteral(" at 127.0.0.1")), qPrintable(check.detail));
    // The version Proxmox reported, e.g. "8.4.1".
    QVERIFY2(check.detail.contains(QRegularExpression(QStringLiteral("VE \\d+\\.\\d+"))),
             qPrintable(check.detail));
}

void TestProxmoxHealthProbe::warnsBeforeTheFirstAnswer()
{
    const auto health = probe({target()});
    // The probe asked in its constructor; the answer comes later on the event loop.
    const HealthCheck check = health->check();
    QCOMPARE(check.status, QStringLiteral("warn"));
    QCOMPARE(check.detail, QStringLiteral("default: not checked yet"));
    QTRY_COMPARE(health->check().status, QStringLiteral("ok"));
}

void TestProxmoxHealthProbe::warnsWhenTlsVerificationIsOff()
{
    ProxmoxTarget insecure = target();
    insecure.fingerprint.clear();
    insecure.verifyTls = false;
    const auto health = probe({insecure});
    QTRY_VERIFY(health->check().detail.contains(QLatin1String("Proxmox VE")));
    const HealthCheck check = health->check();
    QCOMPARE(check.status, QStringLiteral("warn"));
    QVERIFY2(check.detail.contains(QLatin1String("TLS verification is off "
                                                 "(PROXMOX_VERIFY_SSL=false)")),
             qPrintable(check.detail));
}

void TestProxmoxHealthProbe::failsWhenTheSimulatorIsStopped()
{
    const auto health = probe({target()});
    QTRY_COMPARE(health->check().status, QStringLiteral("ok"));
    m_simulator.reset();
    health->refresh();
    QTRY_COMPARE_WITH_TIMEOUT(health->check().status, QStringLiteral("fail"), 10000);
    const QString detail = health->check().detail;
    QVERIFY2(detail.startsWith(QStringLiteral("default: ")), qPrintable(detail));
    QVERIFY2(detail.contains(QLatin1String("127.0.0.1")), qPrintable(detail));
}

void TestProxmoxHealthProbe::reportsTheNodesTheClusterHasOffline()
{
    const auto health = probe({target()});
    QTRY_COMPARE(health->check().status, QStringLiteral("ok"));
    QCOMPARE(health->targets().first()[QLatin1String("offlineNodes")].toArray(), QJsonArray());
    m_simulator->setNodeDown(QStringLiteral("pve2"), true);
    health->refresh();
    QTRY_COMPARE(health->targets().first()[QLatin1String("offlineNodes")].toArray(),
                 QJsonArray{QStringLiteral("pve2")});
    m_simulator->setNodeDown(QStringLiteral("pve2"), false);
    health->refresh();
    QTRY_COMPARE(health->targets().first()[QLatin1String("offlineNodes")].toArray(), QJsonArray());
}

void TestProxmoxHealthProbe::failsWhileTheNodeIsDownAndRecovers()
{
    const auto health = probe({target()});
    QTRY_COMPARE(health->check().status, QStringLiteral("ok"));
    // The node behind the API address does not answer: pveproxy says 595.
    m_simulator->failNext(QStringLiteral("/version"), 595, 1);
    health->refresh();
    QTRY_COMPARE(health->check().status, QStringLiteral("fail"));
    const QString detail = health->check().detail;
    QVERIFY2(detail.contains(QLatin1String("595")) || detail.contains(QLatin1String("No route")),
             qPrintable(detail));
    health->refresh();
    QTRY_COMPARE(health->check().status, QStringLiteral("ok"));
}

void TestProxmoxHealthProbe::failsOnAWrongFingerprint()
{
    ProxmoxTarget pinned = target();
    // Change the first byte rather than set it: the certificate may be made anew each run.
    const bool startsWithZero = pinned.fingerprint.startsWith(QLatin1String("00"));
    pinned.fingerprint =
        (startsWithZero ? QStringLiteral("01") : QStringLiteral("00")) + pinned.fingerprint.mid(2);
    const auto health = probe({pinned});
    QTRY_COMPARE(health->check().status, QStringLiteral("fail"));
    QVERIFY2(health->check().detail.contains(QLatin1String("pinned fingerprint")),
             qPrintable(health->check().detail));
}

void TestProxmoxHealthProbe::worstTargetWins()
{
    ProxmoxTarget insecure = target(QStringLiteral("lab"));
    insecure.fingerprint.clear();
    insecure.verifyTls = false;
    ProxmoxTarget unreachable = target(QStringLiteral("gone"));
    unreachable.port = 1; // nothing listens there
    const auto health = probe({target(), insecure, unreachable});
    QTRY_VERIFY(health->check().detail.contains(QLatin1String("lab: Proxmox VE")) &&
                health->check().detail.contains(QLatin1String("default: Proxmox VE")) &&
                !health->check().detail.contains(QLatin1String("not checked yet")));
    const HealthCheck check = health->check();
    QCOMPARE(check.status, QStringLiteral("fail"));
    QVERIFY2(check.detail.contains(QLatin1String(
                 "gone: Proxmox API /version: cannot reach the Proxmox API at 127.0.0.1:1")),
             qPrintable(check.detail));
}

QTEST_GUILESS_MAIN(TestProxmoxHealthProbe)
#include "TestProxmoxHealthProbe.moc"
