#include "server/ops/MetricsRegistry.h"

#include "server/ops/OpsLogCategory.h"

#include <QLocale>
#include <QtGlobal>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <utility>

namespace pmcp {

namespace {

bool isMetricName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[a-zA-Z_:][a-zA-Z0-9_:]*$"));
    return re.match(name).hasMatch();
}

bool isLabelName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[a-zA-Z_][a-zA-Z0-9_]*$"));
    return re.match(name).hasMatch() && !name.startsWith(QStringLiteral("__"));
}

// Prometheus floats: integers without a fraction, others shortest round-trip, +Inf/-Inf/NaN.
QByteArray number(double v)
{
    if (std::isnan(v))
        return QByteArrayLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");
    if (std::floor(v) == v && std::abs(v) < 1e15)
        return QByteArray::number(qint64(v));
    return QByteArray::number(v, 'g', QLocale::FloatingPointShortest);
}

QByteArray escapeHelp(const QString &help)
{
    QString s = help;
    s.replace(u'\\', QStringLiteral("\\\\")).replace(u'\n', QStringLiteral("\\n"));
    return s.toUtf8();
}

QByteArray escapeLabelValue(const QString &value)
{
    QString s = value;
    s.replace(u'\\', QStringLiteral("\\\\"))
        .replace(u'"', QStringLiteral("\\\""))
        .replace(u'\n', QStringLiteral("\\n"));
    return s.toUtf8();
}

// {a="x",b="y"} with an optional extra label (le for histogram buckets); "" without labels.
QByteArray labelSet(const QStringList &names, const QStringList &values,
                    const QByteArray &extraName = {}, const QByteArray &extraValue = {})
{
    if (names.isEmpty() && extraName.isEmpty())
        return {};
    QByteArray out = "{";
    for (qsizetype i = 0; i < names.size(); ++i) {
        if (i > 0)
            out += ',';
        out += names.at(i).toUtf8() + "=\"" + escapeLabelValue(values.value(i)) + '"';
    }
    if (!extraName.isEmpty()) {
        if (!names.isEmpty())
            out += ',';
        out += extraName + "=\"" + extraValue + '"';
    }
    return out + '}';
}

} // namespace

void MetricsRegistry::declareCounter(const QString &name, const QString &help,
                                     const QStringList &labelNames)
{
    declare(Kind::Counter, name, help, {}, labelNames);
}

void MetricsRegistry::declareGauge(const QString &name, const QString &help,
                                   const QStringList &labelNames)
{
    declare(Kind::Gauge, name, help, {}, labelNames);
}

void MetricsRegistry::declareHistogram(const QString &name, const QString &help,
                                       const QList<double> &buckets, const QStringList &labelNames)
{
    declare(Kind::Histogram, name, help, buckets, labelNames);
}

void MetricsRegistry::declare(Kind kind, const QString &name, const QString &help,
                              QList<double> buckets, const QStringList &labelNames)
{
    if (const auto it = m_index.constFind(name); it != m_index.constEnd()) {
        const Family &existing = m_families[size_t(it.value())];
        if (existing.kind != kind || existing.labelNames != labelNames)
            warnOnce(name,
                     QStringLiteral(
                         "declared again with a different kind or labels; keeping the first"));
        return;
    }
    QString problem;
    if (!isMetricName(name))
        problem = QStringLiteral("not a valid metric name");
    else if (kind == Kind::Counter && !name.endsWith(QStringLiteral("_total")))
        problem = QStringLiteral("counter names must end in _total");
    else if (kind != Kind::Counter && name.endsWith(QStringLiteral("_total")))
        problem = QStringLiteral("only counter names may end in _total");
    else if (help.trimmed().isEmpty())
        problem = QStringLiteral("help text is required");
    for (const QString &label : labelNames) {
        if (!isLabelName(label) || (kind == Kind::Histogram && label == u"le") ||
            labelNames.count(label) > 1)
            problem = QStringLiteral("invalid or repeated label name \"%1\"").arg(label);
    }
    if (!problem.isEmpty())
        return warnOnce(name, problem + QStringLiteral("; not declared"));

    buckets.erase(
        std::remove_if(buckets.begin(), buckets.end(), [](double b) { return !std::isfinite(b); }),
        buckets.end());
    std::sort(buckets.begin(), buckets.end());
    buckets.erase(std::unique(buckets.begin(), buckets.end()), buckets.end());

    m_index.insert(name, qsizetype(m_families.size()));
    m_families.push_back(Family{name, help, kind, labelNames, buckets, {}});
}

void MetricsRegistry::increment(const QString &name, const QStringList &labelValues, double by)
{
    Family *f = find(name, labelValues);
    if (!f)
        return;
    if (f->kind == Kind::Histogram)
        return warnOnce(name, QStringLiteral("is a histogram: use observe()"));
    if (f->kind == Kind::Counter && !(by >= 0))
        return warnOnce(name,
                        QStringLiteral("counters only go up; ignoring an increment by %1").arg(by));
    f->series[labelValues].value += by;
}

void MetricsRegistry::setGauge(const QString &name, double value, const QStringList &labelValues)
{
    Family *f = find(name, labelValues);
    if (!f)
        return;
    if (f->kind != Kind::Gauge)
        return warnOnce(name, QStringLiteral("is not a gauge: setGauge() ignored"));
    f->series[labelValues].value = value;
}

void MetricsRegistry::observe(const QString &name, double value, const QStringList &labelValues)
{
    Family *f = find(name, labelValues);
    if (!f)
        return;
    if (f->kind != Kind::Histogram)
        return warnOnce(name, QStringLiteral("is not a histogram: observe() ignored"));
    if (std::isnan(value))
        return warnOnce(name, QStringLiteral("NaN observation ignored"));
    Series &s = f->series[labelValues];
    if (s.bucketHits.isEmpty())
        s.bucketHits.resize(f->buckets.size() + 1);
    // le semantics: a value lands in the first bucket whose upper bound is >= the value.
    const auto bucket = std::lower_bound(f->buckets.cbegin(), f->buckets.cend(), value);
    ++s.bucketHits[bucket - f->buckets.cbegin()];
    s.sum += value;
    ++s.count;
}

double MetricsRegistry::value(const QString &name, const QStringList &labelValues) const
{
    const Family *f = find(name, labelValues);
    if (!f || f->kind == Kind::Histogram)
        return 0;
    const auto it = f->series.constFind(labelValues);
    return it == f->series.constEnd() ? 0 : it->value;
}

quint64 MetricsRegistry::histogramCount(const QString &name, const QStringList &labelValues) const
{
    const Family *f = find(name, labelValues);
    if (!f || f->kind != Kind::Histogram)
        return 0;
    const auto it = f->series.constFind(labelValues);
    return it == f->series.constEnd() ? 0 : it->count;
}

QByteArray MetricsRegistry::render() const
{
    QByteArray out;
    for (const Family &f : m_families)
        renderFamily(out, f);
    return out;
}

QList<double> MetricsRegistry::latencyBuckets()
{
    return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
}

const MetricsRegistry::Family *MetricsRegistry::find(const QString &name,
                                                     const QStringList &labelValues) const
{
    const auto it = m_index.constFind(name);
    if (it == m_index.constEnd()) {
        warnOnce(name, QStringLiteral("was never declared; ignored"));
        return nullptr;
    }
    const Family &f = m_families[size_t(it.value())];
    if (labelValues.size() != f.labelNames.size()) {
        warnOnce(name, QStringLiteral("takes %1 label values (%2), got %3; ignored")
                           .arg(f.labelNames.size())
                           .arg(f.labelNames.join(QStringLiteral(", ")))
                           .arg(labelValues.size()));
        return nullptr;
    }
    return &f;
}

MetricsRegistry::Family *MetricsRegistry::find(const QString &name, const QStringList &labelValues)
{
    return const_cast<Family *>(std::as_const(*this).find(name, labelValues));
}

void MetricsRegistry::warnOnce(const QString &name, const QString &problem) const
{
    const QString key = name + u'\n' + problem;
    if (m_warned.contains(key))
        return;
    m_warned.insert(key);
    qCWarning(lcOps, "metric %s %s", qPrintable(name), qPrintable(problem));
}

void MetricsRegistry::renderFamily(QByteArray &out, const Family &f) const
{
    static const char *const typeNames[] = {"counter", "gauge", "histogram"};
    const QByteArray name = f.name.toUtf8();
    out += "# HELP " + name + ' ' + escapeHelp(f.help) + '\n';
    out += "# TYPE " + name + ' ' + typeNames[int(f.kind)] + '\n';

    QList<QStringList> keys = f.series.keys();
    // A family without labels always has its one series, so a fresh counter reads 0, not absent.
    if (f.labelNames.isEmpty() && keys.isEmpty())
        keys.append(QStringList());
    std::sort(keys.begin(), keys.end(), [](const QStringList &a, const QStringList &b) {
        return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
    });

    for (const QStringList &key : keys) {
        const Series s = f.series.value(key);
        if (f.kind != Kind::Histogram) {
            out += name + labelSet(f.labelNames, key) + ' ' + number(s.value) + '\n';
            continue;
        }
        quint64 cumulative = 0;
        for (qsizetype i = 0; i <= f.buckets.size(); ++i) {
            cumulative += s.bucketHits.value(i);
            const QByteArray le =
                i < f.buckets.size() ? number(f.buckets.at(i)) : QByteArrayLiteral("+Inf");
            out += name + "_bucket" + labelSet(f.labelNames, key, "le", le) + ' ' +
                   QByteArray::number(cumulative) + '\n';
        }
        out += name + "_sum" + labelSet(f.labelNames, key) + ' ' + number(s.sum) + '\n';
        out += name + "_count" + labelSet(f.labelNames, key) + ' ' + QByteArray::number(s.count) +
               '\n';
    }
}

} // namespace pmcp
