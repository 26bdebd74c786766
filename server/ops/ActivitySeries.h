#pragma once

#include <QJsonObject>

#include <array>
#include <functional>

namespace pmcp {

// The daemon's activity over the last hour for the admin dashboard, in memory: 60 one-minute
// buckets of MCP requests, errors, their latency, denied commands and failed authentications,
// plus totals since start. Fixed size whatever the load. Lives on one thread.
class ActivitySeries final {
public:
    using Clock = std::function<qint64()>; // milliseconds since the epoch

    static constexpr int kBuckets = 60;
    static constexpr qint64 kBucketMs = 60 * 1000;

    explicit ActivitySeries(Clock clock = {});

    // One MCP request answered after `seconds`; error: it failed (an error or a tool error).
    void request(double seconds, bool error);
    void deniedCommand();
    void authFailure();

    struct Totals {
        qint64 requests = 0;
        qint64 errors = 0;
        double latencySeconds = 0; // summed
        qint64 deniedCommands = 0;
        qint64 authFailures = 0;
    };
    const Totals &totals() const { return m_totals; }

    // {"bucketSeconds": 60, "start": ISO time of the oldest bucket, "requests": [60 numbers,
    // oldest first], "errors": […], "latencyMs": [mean per bucket, 0 without requests],
    // "deniedCommands": […], "authFailures": […]}
    QJsonObject lastHour() const;
    // {"requests", "errors", "meanLatencyMs", "deniedCommands", "authFailures"} since start.
    QJsonObject totalsJson() const;

private:
    struct Bucket {
        qint64 minute = -1; // since the epoch; -1: empty
        qint64 requests = 0;
        qint64 errors = 0;
        double latencySeconds = 0;
        qint64 deniedCommands = 0;
        qint64 authFailures = 0;
    };
    Bucket &current();

    Clock m_clock;
    std::array<Bucket, kBuckets> m_buckets{};
    Totals m_totals;
};

} // namespace pmcp
