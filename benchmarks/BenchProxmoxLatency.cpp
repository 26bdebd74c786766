// pmcp-bench-proxmox-latency: list_vms over HTTP at 1 and 8 concurrent MCP clients against the
// Proxmox VE simulator (in this process) with 0 ms and 20 ms injected latency per Proxmox
// request, for two daemons side by side in one run: the defaults (PROXMOX_MAX_CONNECTIONS=16,
// identical concurrent GETs shared) and the old behaviour (PROXMOX_MAX_CONNECTIONS=6, one
// access manager, PROXMOX_COALESCE_READS=false). Prints calls/s, p50/p99 and Proxmox requests
// per call, and the ratio of the two.
#include "DaemonProcess.h"
#include "LoadRun.h"

#include "server/simulator/PveSimulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <map>
#include <memory>

using pmcp::PveSimulator;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("list_vms through proxmox-mcpd against the simulator at 0 and 20 ms"));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("daemon"), QStringLiteral("proxmox-mcpd to run"),
                      QStringLiteral("path"), QStringLiteral(PMCP_DAEMON_PATH)});
    parser.addOption({QStringLiteral("calls"), QStringLiteral("list_vms calls per scenario"),
                      QStringLiteral("n"), QStringLiteral("2000")});
    parser.addOption({QStringLiteral("latency"), QStringLiteral("injected latency in ms"),
                      QStringLiteral("ms"), QStringLiteral("20")});
    parser.process(app);
    const qint64 calls = std::max<qint64>(8, parser.value(QStringLiteral("calls")).toLongLong());
    const int latency = parser.value(QStringLiteral("latency")).toInt();

    PveSimulator simulator(PveSimulator::Options{});
    const auto simulatorPort = simulator.start();
    if (!simulatorPort.ok()) {
        std::fprintf(stderr, "simulator: %s\n", qPrintable(simulatorPort.error().message));
        return 1;
    }
    qint64 served = 0;
    qint64 failed = 0;
    QObject::connect(&simulator, &PveSimulator::requestServed,
                     [&](const QByteArray &, const QString &, int status) {
                         ++served;
                         if (status != 200)
                             ++failed;
                     });
    const QByteArray common = "ENABLE_PROXMOX_API=true\nPROXMOX_HOST=127.0.0.1\nPROXMOX_PORT=" +
                              QByteArray::number(simulatorPort.value()) +
                              "\nPROXMOX_USER=" + PveSimulator::tokenUser().toUtf8() +
                              "\nPROXMOX_TOKEN_NAME=" + PveSimulator::tokenName().toUtf8() +
                              "\nPROXMOX_TOKEN_VALUE=" + simulator.tokenSecret().toUtf8() +
                              "\nPROXMOX_FINGERPRINT=" + simulator.fingerprintSha256().toUtf8() +
                              "\n";
    struct Mode {
        const char *name;
        QByteArray settings;
    };
    const Mode modes[] = {
        {"pool 16, coalescing", "PROXMOX_MAX_CONNECTIONS=16\nPROXMOX_COALESCE_READS=true\n"},
        {"1 manager (6), none", "PROXMOX_MAX_CONNECTIONS=6\nPROXMOX_COALESCE_READS=false\n"},
    };
    std::vector<std::unique_ptr<DaemonProcess>> daemons;
    QString error;
    for (const Mode &mode : modes) {
        daemons.push_back(std::make_unique<DaemonProcess>(parser.value(QStringLiteral("daemon")),
                                                          common + mode.settings));
        if (!daemons.back()->start(&error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
    }
    const QByteArray listVms =
        R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_vms","arguments":{}}})";
    for (const auto &daemon : daemons) // warm-up: connections, the health probe's first call
        LoadRun::runClients(daemon->port(), daemon->token(), listVms, 2, 100, &error);

    std::printf("%-22s %8s %8s %10s %10s %10s %14s\n", "mode", "latency", "clients", "calls/s",
                "p50 ms", "p99 ms", "REST per call");
    std::map<std::pair<int, int>, double> baseline;
    std::map<std::pair<int, int>, double> pooled;
    for (int ms : {0, latency}) {
        simulator.setLatencyMs(ms);
        for (int clients : {1, 8}) {
            for (size_t m = 0; m < daemons.size(); ++m) {
                const qint64 before = served;
                const qint64 perClient = std::max<qint64>(1, calls / clients);
                const LoadFigures f = LoadRun::runClients(daemons[m]->port(), daemons[m]->token(),
                                                          listVms, clients, perClient, &error);
                if (!error.isEmpty() || failed > 0) {
                    std::fprintf(stderr, "error: %s (%lld REST errors)\n", qPrintable(error),
                                 static_cast<long long>(failed));
                    return 1;
                }
                const double restPerCall = double(served - before) / double(f.calls);
                std::printf("%-22s %6d ms %8d %10.0f %10.3f %10.3f %14.3f\n", modes[m].name, ms,
                            clients, f.callsPerSecond, f.p50Ms, f.p99Ms, restPerCall);
                std::fflush(stdout);
                (m == 0 ? pooled : baseline)[{ms, clients}] = f.callsPerSecond;
            }
        }
    }
    std::printf("\nratio pool/coalescing over 1 manager/none (calls/s):\n");
    for (const auto &[key, value] : pooled)
        std::printf("  %3d ms, %d client(s): %.2f\n", key.first, key.second, value / baseline[key]);
    if (latency > 0)
        std::printf("target at 8 clients, %d ms: %.0f calls/s (0.9 x 8 / latency)\n", latency,
                    0.9 * 8 / (latency / 1000.0));
    return 0;
}
