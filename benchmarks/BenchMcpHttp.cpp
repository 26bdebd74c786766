// pmcp-bench-mcp: MCP over HTTP keep-alive against a real proxmox-mcpd process.
// Prints calls/s and p50/p99 latency for tools/list and a trivial tools/call with 1, 8 and
// 32 concurrent clients, and the daemon's RSS idle and after many calls.
#include "DaemonProcess.h"
#include "McpLoadClient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace {

struct Figures {
    double callsPerSecond = 0;
    double p50Ms = 0;
    double p99Ms = 0;
    qint64 calls = 0;
};

Figures run(quint16 port, const QByteArray &token, const QByteArray &body, int clients,
            qint64 callsPerClient, QString *error)
{
    std::vector<std::unique_ptr<McpLoadClient>> pool;
    QEventLoop loop;
    int running = clients;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < clients; ++i) {
        pool.push_back(std::make_unique<McpLoadClient>(port, token, body));
        QObject::connect(pool.back().get(), &McpLoadClient::done, &loop, [&] {
            if (--running == 0)
                loop.quit();
        });
        pool.back()->start(callsPerClient);
    }
    loop.exec();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    std::vector<qint64> all;
    for (const auto &client : pool) {
        if (!client->error().isEmpty())
            *error = client->error();
        all.insert(all.end(), client->latencies().begin(), client->latencies().end());
    }
    std::sort(all.begin(), all.end());
    Figures figures;
    figures.calls = qint64(all.size());
    if (!all.empty()) {
        figures.callsPerSecond = double(all.size()) / seconds;
        figures.p50Ms = double(all[all.size() / 2]) / 1e6;
        figures.p99Ms = double(all[std::min(all.size() - 1, all.size() * 99 / 100)]) / 1e6;
    }
    return figures;
}

} // namespace

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

    DaemonProcess daemon(parser.value(QStringLiteral("daemon")));
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

    // Warm-up, so that the first scenario does not pay for first-use costs.
    run(daemon.port(), daemon.token(), list, 2, 500, &error);

    std::printf("%-12s %8s %12s %10s %10s\n", "request", "clients", "calls/s", "p50 ms", "p99 ms");
    for (const auto &[name, body] :
         {std::pair{"tools/list", list}, std::pair{"tools/call", call}}) {
        for (int clients : {1, 8, 32}) {
            const Figures f = run(daemon.port(), daemon.token(), body, clients,
                                  std::max<qint64>(1, calls / clients), &error);
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
    run(daemon.port(), daemon.token(), call, 8, soak / 8, &error);
    const qint64 afterSoak = daemon.rssKiB();
    run(daemon.port(), daemon.token(), call, 8, soak / 8, &error);
    const qint64 afterSecondSoak = daemon.rssKiB();
    std::printf("\nRSS idle after start:          %6.1f MiB\n", double(idleRss) / 1024);
    std::printf("RSS after the scenarios:       %6.1f MiB\n", double(beforeSoak) / 1024);
    std::printf("RSS after %lld more calls:   %6.1f MiB\n", static_cast<long long>(soak),
                double(afterSoak) / 1024);
    std::printf("RSS after %lld more calls:   %6.1f MiB\n", static_cast<long long>(soak),
                double(afterSecondSoak) / 1024);
    return error.isEmpty() ? 0 : 1;
}
