#include "LoadRun.h"

#include "McpLoadClient.h"

#include <QElapsedTimer>
#include <QEventLoop>

#include <algorithm>
#include <memory>

LoadFigures LoadRun::summarize(std::vector<qint64> latencies, double seconds)
{
    std::sort(latencies.begin(), latencies.end());
    LoadFigures figures;
    figures.calls = qint64(latencies.size());
    if (latencies.empty())
        return figures;
    qint64 sum = 0;
    for (qint64 value : latencies)
        sum += value;
    figures.callsPerSecond = double(latencies.size()) / seconds;
    figures.p50Ms = double(latencies[latencies.size() / 2]) / 1e6;
    figures.p99Ms =
        double(latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)]) / 1e6;
    figures.meanMs = double(sum) / double(latencies.size()) / 1e6;
    return figures;
}

LoadFigures LoadRun::runClients(quint16 port, const QByteArray &token, const QByteArray &body,
                                int clients, qint64 callsPerClient, QString *error,
                                const QByteArray &statelessHeaders)
{
    std::vector<std::unique_ptr<McpLoadClient>> pool;
    QEventLoop loop;
    int running = clients;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < clients; ++i) {
        pool.push_back(std::make_unique<McpLoadClient>(port, token, body, statelessHeaders));
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
    return summarize(std::move(all), seconds);
}
