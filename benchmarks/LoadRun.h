#pragma once

#include <QByteArray>
#include <QString>

#include <vector>

// Latency figures of one benchmark scenario.
struct LoadFigures {
    double callsPerSecond = 0;
    double p50Ms = 0;
    double p99Ms = 0;
    double meanMs = 0;
    qint64 calls = 0;
};

// Helpers shared by the MCP benchmarks: summing up latencies, and running keep-alive MCP
// clients (McpLoadClient) against a daemon until each has made its calls.
class LoadRun final {
public:
    // latencies in nanoseconds; seconds: the wall time they took together
    static LoadFigures summarize(std::vector<qint64> latencies, double seconds);
    // statelessHeaders: the header lines of a 2026-07-28 request (no session); empty: 2025.
    static LoadFigures runClients(quint16 port, const QByteArray &token, const QByteArray &body,
                                  int clients, qint64 callsPerClient, QString *error,
                                  const QByteArray &statelessHeaders = {});
};
