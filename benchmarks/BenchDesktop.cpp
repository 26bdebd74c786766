// The desktop's two figures (docs/PERFORMANCE.md): cold start to the first painted dashboard
// with data, and the UI thread's CPU time per second while live updates arrive. The daemon and
// the Proxmox simulator run in this process on a worker thread, so they do not count as UI time.
// Run under tests/desktop/with-secret-service.sh (the connection keeps its token in a keychain).
#include "desktop/app/ConnectionManager.h"
#include "desktop/app/ConnectionProfiles.h"
#include "desktop/app/Keychain.h"
#include "desktop/ui/DashboardPage.h"
#include "desktop/ui/MainWindow.h"
#include "desktop/ui/SeriesChart.h"
#include "server/app/Daemon.h"
#include "server/auth/AdminTokenStore.h"
#include "server/events/EventBus.h"
#include "server/simulator/PveSimulator.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <cstdio>
#include <ctime>
#include <memory>

using namespace pmcp;

namespace {

// The CPU time of the calling thread, in ns. CPU time, not wall time: on a loaded machine the
// thread waits for a core, and that wait is not the desktop's cost.
qint64 threadCpuNs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

// The daemon's side, living on its own thread.
class Backend final : public QObject {
public:
    QTemporaryDir dir;
    std::unique_ptr<PveSimulator> simulator;
    std::unique_ptr<Daemon> daemon;
    QByteArray adminToken;
    QString baseUrl;
    QTimer publisher{this}; // a child, so it moves to the worker thread with its parent

    void start()
    {
        PveSimulator::Options options;
        simulator = std::make_unique<PveSimulator>(options);
        const auto port = simulator->start();
        const QString state = dir.filePath(QStringLiteral("state"));
        adminToken =
            AdminTokenStore(state).create(QStringLiteral("bench"), false, 0).value().toLatin1();
        Config config = Config::defaults();
        config.set(ConfigKey::StateDir, state);
        config.set(ConfigKey::McpPort, QStringLiteral("0"));
        config.set(ConfigKey::EnableSsh, QStringLiteral("false"));
        config.set(ConfigKey::EnableProxmoxApi, QStringLiteral("true"));
        config.set(ConfigKey::ProxmoxHost, QStringLiteral("127.0.0.1"));
        config.set(ConfigKey::ProxmoxPort, QString::number(port.value()));
        config.set(ConfigKey::ProxmoxUser, PveSimulator::tokenUser());
        config.set(ConfigKey::ProxmoxTokenName, PveSimulator::tokenName());
        config.set(ConfigKey::ProxmoxTokenValue, simulator->tokenSecret());
        config.set(ConfigKey::ProxmoxFingerprint, simulator->fingerprintSha256());
        daemon = std::make_unique<Daemon>(config);
        if (!daemon->startHttp().ok())
            qFatal("the daemon did not start");
        baseUrl = daemon->baseUrl();
    }

    // perSecond events of the kinds the dashboard shows, one in ten a health change (which
    // makes the dashboard ask for the status again).
    void publish(int perSecond)
    {
        int n = 0;
        if (perSecond <= 0)
            return;
        publisher.setInterval(1000 / perSecond);
        QObject::connect(&publisher, &QTimer::timeout, this, [this, n]() mutable {
            if (++n % 10 == 0)
                daemon->events().publish(QStringLiteral("health.changed"),
                                         {{QStringLiteral("status"), QStringLiteral("healthy")}});
            else
                daemon->events().publish(QStringLiteral("command.denied"),
                                         {{QStringLiteral("client"), QStringLiteral("bench")},
                                          {QStringLiteral("rule"), QStringLiteral("core")}});
        });
        publisher.start();
    }

    void stop()
    {
        publisher.stop();
        daemon.reset();
        simulator.reset();
    }
};

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceMain;
    sinceMain.start();
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int eventsPerSecond = argc > 1 ? QByteArray(argv[1]).toInt() : 20;
    const int seconds = argc > 2 ? QByteArray(argv[2]).toInt() : 10;

    QElapsedTimer backendTimer;
    backendTimer.start();
    QThread thread;
    auto *backend = new Backend;
    backend->moveToThread(&thread);
    thread.start();
    QMetaObject::invokeMethod(
        backend, [backend] { backend->start(); }, Qt::BlockingQueuedConnection);
    const qint64 backendMs = backendTimer.elapsed();

    QTemporaryDir settings;
    ConnectionProfiles profiles(std::make_unique<QSettings>(
        settings.filePath(QStringLiteral("desktop.conf")), QSettings::IniFormat));
    Keychain keychain(QStringLiteral("pmcp-bench"));
    ConnectionManager connections(&profiles, &keychain);
    MainWindow window(&connections);
    window.show();
    auto *chart = window.dashboard()->findChild<SeriesChart *>(QStringLiteral("requestsChart"));

    // The first paint of the dashboard's chart after the status arrived.
    qint64 firstPaintMs = -1;
    struct PaintWatch final : QObject {
        std::function<void()> painted;
        bool eventFilter(QObject *, QEvent *event) override
        {
            if (event->type() == QEvent::Paint)
                painted();
            return false;
        }
    } watch;
    watch.painted = [&] {
        if (firstPaintMs < 0 && window.dashboard()->hasStatus()) {
            firstPaintMs = sinceMain.elapsed();
            app.exit(0);
        }
    };
    chart->installEventFilter(&watch);
    connections.connectNew(QStringLiteral("bench"), QUrl(backend->baseUrl), backend->adminToken);
    QTimer::singleShot(30000, &app, [&] { app.exit(1); });
    if (app.exec() != 0) {
        std::fprintf(stderr, "no dashboard with data within 30 s\n");
        return 1;
    }
    std::printf(
        "cold start to the first painted dashboard with data: %lld ms "
        "(of which starting the in-process daemon and simulator: %lld ms; without it: %lld ms)\n",
        static_cast<long long>(firstPaintMs), static_cast<long long>(backendMs),
        static_cast<long long>(firstPaintMs - backendMs));

    // Live updates: events at a steady rate for a while; the UI thread's busy time per second.
    int received = 0;
    QObject::connect(connections.events(), &admin::EventStreamClient::eventReceived, &app,
                     [&received] { ++received; });
    QMetaObject::invokeMethod(backend,
                              [backend, eventsPerSecond] { backend->publish(eventsPerSecond); });
    QTimer::singleShot(1000, &app, [&] { app.exit(0); }); // settle
    app.exec();
    const qint64 busyBefore = threadCpuNs();
    const int receivedBefore = received;
    QElapsedTimer window_;
    window_.start();
    QTimer::singleShot(seconds * 1000, &app, [&] { app.exit(0); });
    app.exec();
    const double elapsedS = double(window_.nsecsElapsed()) / 1e9;
    const double busyMsPerS = double(threadCpuNs() - busyBefore) / 1e6 / elapsedS;
    std::printf("live updates: %.1f events/s received for %.1f s; UI thread CPU %.2f ms per "
                "second\n",
                double(received - receivedBefore) / elapsedS, elapsedS, busyMsPerS);

    QMetaObject::invokeMethod(
        backend, [backend] { backend->stop(); }, Qt::BlockingQueuedConnection);
    thread.quit();
    thread.wait();
    delete backend;
    return 0;
}
