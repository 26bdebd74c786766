// pmcp-bench-mcp: MCP over HTTP keep-alive against a real proxmox-mcpd process.
// Prints calls/s and p50/p99 latency for tools/list and a trivial tools/call with 1, 8 and
// 32 concurrent clients, in a 2025-11-25 session and as stateless 2026-07-28 requests, and the
// daemon's RSS idle and after many calls.
#include "DaemonProcess.h"
#include "LoadRun.h"
#include "McpLoadClient.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using Figures = LoadFigures;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("MCP over HTTP benchmark for proxmox-mcpd"));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("daemon"), QStringLiteral("proxmox-mcpd to run"),
                      QStringLiteral("path"), QStringLiteral(PMCP_DAEMON_PATH)});
    parser.addOption({QStringLiteral("calls"), QStringLiteral("calls per scenario"),
                      QStringLiteral("n"), QStringLiteral("20000")});
    parser.addOption({QStringLiteral("soak"), QStringLiteral("calls before the second RSS reading"),
                      QStringLiteral("n"), QStringLiteral("100000")});
    parser.process(app);

    // The benchmark's clients never end their sessions (a real client would DELETE), so one
    // token holds more of them than the default limit of 32 allows.
    DaemonProcess daemon(parser.value(QStringLiteral("daemon")),
                         "MCP_MAX_SESSIONS_PER_CLIENT=1000\n");
    QString error;
    if (!daemon.start(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    const qint64 idleRss = daemon.rssKiB();
    const qint64 calls = parser.value(QStringLiteral("calls")).toLongLong();
    const QByteArray list = R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})";
    const QByteArray call =
        R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"server_info","arguments":{}}})";

    const QByteArray meta = R"("_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",)"
                            R"("io.modelcontextprotocol/clientCapabilities":{}})";
    const QByteArray statelessList =
        R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":{)" + meta + "}}";
    const QByteArray statelessCall =
        R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"server_info",)"
        R"("arguments":{},)" +
        meta + "}}";
    const QByteArray listHeaders = "MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/list\r\n";
    const QByteArray callHeaders = "MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: "
                                   "tools/call\r\nMcp-Name: server_info\r\n";
    struct Scenario {
        const char *name;
        QByteArray body;
        QByteArray headers;
    };
    const Scenario scenarios[] = {{"tools/list", list, {}},
                                  {"tools/call", call, {}},
                                  {"list 2026", statelessList, listHeaders},
                                  {"call 2026", statelessCall, callHeaders}};

    // Warm-up, so that the first scenario does not pay for first-use costs.
    LoadRun::runClients(daemon.port(), daemon.token(), list, 2, 500, &error);

    std::printf("%-12s %8s %12s %10s %10s\n", "request", "clients", "calls/s", "p50 ms", "p99 ms");
    for (const Scenario &scenario : scenarios) {
        const char *name = scenario.name;
        for (int clients : {1, 8, 32}) {
            const Figures f =
                LoadRun::runClients(daemon.port(), daemon.token(), scenario.body, clients,
                                    std::max<qint64>(1, calls / clients), &error, scenario.headers);
            if (!error.isEmpty()) {
                std::fprintf(stderr, "error: %s\n", qPrintable(error));
                return 1;
            }
            std::printf("%-12s %8d %12.0f %10.3f %10.3f\n", name, clients, f.callsPerSecond,
                        f.p50Ms, f.p99Ms);
            std::fflush(stdout);
        }
    }
    const qint64 soak = parser.value(QStringLiteral("soak")).toLongLong();
    const qint64 beforeSoak = daemon.rssKiB();
    LoadRun::runClients(daemon.port(), daemon.token(), call, 8, soak / 8, &error);
    const qint64 afterSoak = daemon.rssKiB();
    LoadRun::runClients(daemon.port(), daemon.token(), call, 8, soak / 8, &error);
    const qint64 afterSecondSoak = daemon.rssKiB();
    std::printf("\nRSS idle after start:          %6.1f MiB\n", double(idleRss) / 1024);
    std::printf("RSS after the scenarios:       %6.1f MiB\n", double(beforeSoak) / 1024);
    std::printf("RSS after %lld more calls:   %6.1f MiB\n", static_cast<long long>(soak),
                double(afterSoak) / 1024);
    std::printf("RSS after %lld more calls:   %6.1f MiB\n", static_cast<long long>(soak),
                double(afterSecondSoak) / 1024);
    return error.isEmpty() ? 0 : 1;
}
