// pmcp-bench-proxmox: the Proxmox tool path end to end. An MCP client calls list_vms on a real
// proxmox-mcpd process, which calls the Proxmox VE simulator (in this process) over HTTPS.
// Prints calls/s and p50/p99 with 1 and 8 clients, the simulator's own time for the REST calls
// behind one list_vms, the daemon's overhead per call, and how many TLS handshakes (TCP
// connections) the daemon made to the simulator for all those calls.
#include "CountingTcpProxy.h"
#include "DaemonProcess.h"
#include "LoadRun.h"
#include "McpLoadClient.h"

#include "server/simulator/PveSimulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>

#include <algorithm>
#include <cstdio>
#include <memory>

using pmcp::PveSimulator;

namespace {

using Figures = LoadFigures;

// The REST calls behind one list_vms, sent one after another on one keep-alive connection,
// `rounds` times; the latency of each round (all its calls).
Figures timeRest(const PveSimulator &simulator, quint16 port, const QStringList &paths, int rounds,
                 QString *error)
{
    QNetworkAccessManager network;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates({simulator.certificate()});
    const QByteArray auth = "PVEAPIToken=" + PveSimulator::tokenUser().toUtf8() + '!' +
                            PveSimulator::tokenName().toUtf8() + '=' +
                            simulator.tokenSecret().toUtf8();
    std::vector<qint64> all;
    QElapsedTimer total;
    total.start();
    for (int round = 0; round < rounds; ++round) {
        QElapsedTimer timer;
        timer.start();
        for (const QString &path : paths) {
            QNetworkRequest request(
                QUrl(QStringLiteral("https://127.0.0.1:%1/api2/json%2").arg(port).arg(path)));
            request.setSslConfiguration(tls);
            request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
            request.setRawHeader("Authorization", auth);
            QNetworkReply *reply = network.get(request);
            QEventLoop loop;
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            loop.exec();
            if (reply->error() != QNetworkReply::NoError)
                *error = QStringLiteral("GET %1: %2").arg(path, reply->errorString());
            reply->deleteLater();
        }
        all.push_back(timer.nsecsElapsed());
    }
    return LoadRun::summarize(std::move(all), double(total.nsecsElapsed()) / 1e9);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("list_vms through proxmox-mcpd against the Proxmox VE simulator"));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("daemon"), QStringLiteral("proxmox-mcpd to run"),
                      QStringLiteral("path"), QStringLiteral(PMCP_DAEMON_PATH)});
    parser.addOption({QStringLiteral("calls"), QStringLiteral("list_vms calls per scenario"),
                      QStringLiteral("n"), QStringLiteral("4000")});
    parser.process(app);
    const qint64 calls = std::max<qint64>(8, parser.value(QStringLiteral("calls")).toLongLong());

    PveSimulator simulator(PveSimulator::Options{});
    const auto simulatorPort = simulator.start();
    if (!simulatorPort.ok()) {
        std::fprintf(stderr, "simulator: %s\n", qPrintable(simulatorPort.error().message));
        return 1;
    }
    CountingTcpProxy proxy(simulatorPort.value());
    if (!proxy.start()) {
        std::fprintf(stderr, "proxy: %s\n", qPrintable(proxy.errorString()));
        return 1;
    }
    qint64 served = 0;
    qint64 failed = 0;
    QStringList paths; // of the REST calls, recorded during one list_vms
    bool recording = false;
    QObject::connect(&simulator, &PveSimulator::requestServed,
                     [&](const QByteArray &method, const QString &path, int status) {
                         ++served;
                         if (status != 200)
                             ++failed;
                         if (recording && method == "GET")
                             paths.append(path);
                     });

    DaemonProcess daemon(parser.value(QStringLiteral("daemon")),
                         "ENABLE_PROXMOX_API=true\nPROXMOX_HOST=127.0.0.1\nPROXMOX_PORT=" +
                             QByteArray::number(proxy.serverPort()) +
                             "\nPROXMOX_USER=" + PveSimulator::tokenUser().toUtf8() +
                             "\nPROXMOX_TOKEN_NAME=" + PveSimulator::tokenName().toUtf8() +
                             "\nPROXMOX_TOKEN_VALUE=" + simulator.tokenSecret().toUtf8() +
                             "\nPROXMOX_FINGERPRINT=" + simulator.fingerprintSha256().toUtf8() +
                             "\n");
    QString error;
    if (!daemon.start(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    const QByteArray listVms =
        R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_vms","arguments":{}}})";

    // A warm-up (the health probe's first /version goes by meanwhile), then one call on its own
    // records the REST calls behind it.
    LoadRun::runClients(daemon.port(), daemon.token(), listVms, 2, 200, &error);
    recording = true;
    const qint64 servedBefore = served;
    LoadRun::runClients(daemon.port(), daemon.token(), listVms, 1, 1, &error);
    recording = false;
    const qint64 restPerCall = served - servedBefore;
    if (!error.isEmpty() || failed > 0 || restPerCall == 0) {
        std::fprintf(stderr, "list_vms failed: %s (%lld REST errors, %lld REST calls)\n",
                     qPrintable(error), static_cast<long long>(failed),
                     static_cast<long long>(restPerCall));
        return 1;
    }

    std::printf("list_vms: %lld REST call(s) to the simulator per call: %s\n\n",
                static_cast<long long>(restPerCall), qPrintable(paths.join(u' ')));
    std::printf("%-28s %8s %10s %10s %10s %10s\n", "scenario", "clients", "calls/s", "mean ms",
                "p50 ms", "p99 ms");
    const qint64 connectionsBefore = proxy.connections();
    const qint64 servedBeforeRuns = served;
    qint64 mcpCalls = 0;
    Figures single;
    for (int clients : {1, 8}) {
        const Figures f = LoadRun::runClients(daemon.port(), daemon.token(), listVms, clients,
                                              std::max<qint64>(1, calls / clients), &error);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "error: %s\n", qPrintable(error));
            return 1;
        }
        if (clients == 1)
            single = f;
        mcpCalls += f.calls;
        std::printf("%-28s %8d %10.0f %10.3f %10.3f %10.3f\n", "list_vms via MCP", clients,
                    f.callsPerSecond, f.meanMs, f.p50Ms, f.p99Ms);
        std::fflush(stdout);
    }
    const qint64 handshakes = proxy.connections() - connectionsBefore;
    const qint64 restCalls = served - servedBeforeRuns;

    const int rounds = int(std::min<qint64>(calls, 4000));
    const Figures direct = timeRest(simulator, simulatorPort.value(), paths, rounds, &error);
    const Figures proxied = timeRest(simulator, proxy.serverPort(), paths, rounds, &error);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "REST error: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("%-28s %8d %10.0f %10.3f %10.3f %10.3f\n", "REST direct to simulator", 1,
                direct.callsPerSecond, direct.meanMs, direct.p50Ms, direct.p99Ms);
    std::printf("%-28s %8d %10.0f %10.3f %10.3f %10.3f\n", "REST through the proxy", 1,
                proxied.callsPerSecond, proxied.meanMs, proxied.p50Ms, proxied.p99Ms);
    std::printf("\nDaemon overhead per list_vms (1 client, p50): %.3f ms "
                "(end to end %.3f ms minus REST through the proxy %.3f ms; the proxy hop costs "
                "%.3f ms)\n",
                single.p50Ms - proxied.p50Ms, single.p50Ms, proxied.p50Ms,
                proxied.p50Ms - direct.p50Ms);
    std::printf("TLS handshakes (TCP connections) to the simulator: %lld for %lld list_vms "
                "calls (%lld REST calls); %lld in all since the daemon started\n",
                static_cast<long long>(handshakes), static_cast<long long>(mcpCalls),
                static_cast<long long>(restCalls), static_cast<long long>(proxy.connections()));
    return 0;
}
