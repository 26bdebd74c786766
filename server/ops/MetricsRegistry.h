#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <vector>

namespace pmcp {

// The daemon's Prometheus metrics: counters, gauges and histograms with fixed label names per
// family, rendered as text exposition format 0.0.4 for GET /metrics.
//
// Single-threaded by design: the daemon updates and renders metrics on its event loop only, so
// there is no locking. Updates are on the hot path (every HTTP request) and cost two hash
// lookups; all formatting happens in render(). Misuse (an undeclared name, a wrong label count,
// the wrong kind of update, an invalid name) is logged once per name and otherwise ignored.
class MetricsRegistry final {
public:
    // Declaring is idempotent: the same name again keeps the first declaration. Counter names
    // must end in "_total"; names and label names must be valid Prometheus names.
    void declareCounter(const QString &name, const QString &help,
                        const QStringList &labelNames = {});
    void declareGauge(const QString &name, const QString &help, const QStringList &labelNames = {});
    // Buckets are upper bounds; they are sorted, and +Inf is always added.
    void declareHistogram(const QString &name, const QString &help, const QList<double> &buckets,
                          const QStringList &labelNames = {});

    void increment(const QString &name, const QStringList &labelValues = {}, double by = 1.0);
    void setGauge(const QString &name, double value, const QStringList &labelValues = {});
    void observe(const QString &name, double value, const QStringList &labelValues = {});

    // Current value of a counter or gauge series (0 when the series has not been touched).
    double value(const QString &name, const QStringList &labelValues = {}) const;
    quint64 histogramCount(const QString &name, const QStringList &labelValues = {}) const;

    // Families in declaration order, series sorted by label values.
    QByteArray render() const;

    // Seconds, for request and call latencies.
    static QList<double> latencyBuckets();

private:
    enum class Kind { Counter, Gauge, Histogram };

    struct Series final {
        double value = 0; // counter or gauge
        QList<quint64>
            bucketHits; // histogram: observations per bucket, not cumulative; last is +Inf
        double sum = 0;
        quint64 count = 0;
    };

    struct Family final {
        QString name;
        QString help;
        Kind kind = Kind::Counter;
        QStringList labelNames;
        QList<double> buckets;
        QHash<QStringList, Series> series;
    };

    void declare(Kind kind, const QString &name, const QString &help, QList<double> buckets,
                 const QStringList &labelNames);
    // The family of name when declared and labelValues fit it; otherwise warns once, nullptr.
    const Family *find(const QString &name, const QStringList &labelValues) const;
    Family *find(const QString &name, const QStringList &labelValues);
    void warnOnce(const QString &name, const QString &problem) const;
    void renderFamily(QByteArray &out, const Family &family) const;

    std::vector<Family> m_families;
    QHash<QString, qsizetype> m_index;
    mutable QSet<QString> m_warned;
};

} // namespace pmcp
