#include "server/ops/ActivitySeries.h"

#include <QJsonArray>
#include <QTest>

using namespace pmcp;

namespace {

// 2026-12-04T10:00:00Z, on a minute boundary.
constexpr qint64 kStart = 1796378400000;

int at(const QJsonObject &series, const char *name, int index)
{
    return series[QLatin1String(name)].toArray().at(index).toInt();
}

} // namespace

class TestActivitySeries final : public QObject {
    Q_OBJECT
private slots:
    void countsIntoTheCurrentMinute()
    {
        qint64 now = kStart + 5000;
        ActivitySeries series([&now] { return now; });
        series.request(0.010, false);
        series.request(0.030, true);
        series.deniedCommand();
        series.authFailure();
        const QJsonObject hour = series.lastHour();
        QCOMPARE(hour[QLatin1String("bucketSeconds")].toInt(), 60);
        QCOMPARE(hour[QLatin1String("requests")].toArray().size(), ActivitySeries::kBuckets);
        const int last = ActivitySeries::kBuckets - 1;
        QCOMPARE(at(hour, "requests", last), 2);
        QCOMPARE(at(hour, "errors", last), 1);
        QCOMPARE(at(hour, "latencyMs", last), 20);
        QCOMPARE(at(hour, "deniedCommands", last), 1);
        QCOMPARE(at(hour, "authFailures", last), 1);
        QCOMPARE(at(hour, "requests", last - 1), 0);
        QCOMPARE(hour[QLatin1String("start")].toString(),
                 QStringLiteral("2026-12-04T09:01:00.000Z"));
    }

    void olderMinutesMoveLeftAndFallOffAfterAnHour()
    {
        qint64 now = kStart;
        ActivitySeries series([&now] { return now; });
        series.request(0.1, false);
        now += 2 * ActivitySeries::kBucketMs;
        series.request(0.1, false);
        series.request(0.1, false);
        QJsonObject hour = series.lastHour();
        const int last = ActivitySeries::kBuckets - 1;
        QCOMPARE(at(hour, "requests", last), 2);
        QCOMPARE(at(hour, "requests", last - 2), 1);
        // An hour later the slot of the first minute is reused, not added to.
        now = kStart + qint64(ActivitySeries::kBuckets) * ActivitySeries::kBucketMs;
        series.request(0.1, true);
        hour = series.lastHour();
        QCOMPARE(at(hour, "requests", last), 1);
        QCOMPARE(at(hour, "errors", last), 1);
        QCOMPARE(at(hour, "requests", last - ActivitySeries::kBuckets + 2), 2);
        // The totals keep everything since start.
        QCOMPARE(series.totals().requests, 4);
        QCOMPARE(series.totalsJson()[QLatin1String("meanLatencyMs")].toInt(), 100);
        QCOMPARE(series.totalsJson()[QLatin1String("errors")].toInt(), 1);
    }

    void aQuietHourIsAllZeros()
    {
        qint64 now = kStart;
        ActivitySeries series([&now] { return now; });
        series.authFailure();
        now += 2 * qint64(ActivitySeries::kBuckets) * ActivitySeries::kBucketMs;
        const QJsonObject hour = series.lastHour();
        for (const QJsonValue &value : hour[QLatin1String("authFailures")].toArray())
            QCOMPARE(value.toInt(), 0);
        QCOMPARE(series.totals().authFailures, 1);
    }
};

QTEST_GUILESS_MAIN(TestActivitySeries)
#include "TestActivitySeries.moc"
