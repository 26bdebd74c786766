#include "server/ops/HttpMetrics.h"

#include "server/ops/ActivitySeries.h"
#include "server/ops/AuthFailureHistory.h"
#include "server/ops/MetricsRegistry.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

class TestHttpMetrics final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void answersBecomeRequestsAndLatency();
    void refusalsAreCountedByReason();
    void refusedTokensAreCountedByRealmAndReason();
};

void TestHttpMetrics::init()
{
    // An undeclared series or a wrong label count warns: none may happen.
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void TestHttpMetrics::answersBecomeRequestsAndLatency()
{
    MetricsRegistry metrics;
    HttpMetrics::declare(metrics);
    HttpMetrics observer(&metrics);
    observer.requestAnswered(QStringLiteral("/api/mcp"), QStringLiteral("POST"), 200, 0.002);
    observer.requestAnswered(QStringLiteral("/api/mcp"), QStringLiteral("POST"), 200, 0.004);
    observer.requestAnswered(QStringLiteral("/api/mcp"), QStringLiteral("POST"), 401, 0.001);

    QCOMPARE(
        metrics.value(QStringLiteral("pmcp_http_requests_total"),
                      {QStringLiteral("/api/mcp"), QStringLiteral("POST"), QStringLiteral("200")}),
        2.0);
    QCOMPARE(
        metrics.value(QStringLiteral("pmcp_http_requests_total"),
                      {QStringLiteral("/api/mcp"), QStringLiteral("POST"), QStringLiteral("401")}),
        1.0);
    QCOMPARE(metrics.histogramCount(QStringLiteral("pmcp_http_request_duration_seconds"),
                                    {QStringLiteral("/api/mcp")}),
             quint64(3));
    QVERIFY(metrics.render().contains(
        "pmcp_http_request_duration_seconds_sum{route=\"/api/mcp\"} 0.007"));
}

void TestHttpMetrics::refusalsAreCountedByReason()
{
    MetricsRegistry metrics;
    HttpMetrics::declare(metrics);
    HttpMetrics observer(&metrics);
    observer.requestRefused(QStringLiteral("invalid_token"));
    observer.requestRefused(QStringLiteral("invalid_token"));
    observer.requestRefused(QStringLiteral("origin"));

    QCOMPARE(metrics.value(QStringLiteral("pmcp_auth_failures_total"),
                           {QStringLiteral("invalid_token")}),
             2.0);
    QCOMPARE(metrics.value(QStringLiteral("pmcp_auth_failures_total"), {QStringLiteral("origin")}),
             1.0);
    QCOMPARE(metrics.value(QStringLiteral("pmcp_auth_failures_total"), {QStringLiteral("host")}),
             0.0);
}

void TestHttpMetrics::refusedTokensAreCountedByRealmAndReason()
{
    MetricsRegistry metrics;
    HttpMetrics::declare(metrics);
    HttpMetrics observer(&metrics);
    ActivitySeries activity;
    observer.setActivity(&activity);
    QTemporaryDir dir;
    AuthFailureHistory history(dir.path());
    observer.setAuthFailureHistory(&history);
    const QString peer = QStringLiteral("192.0.2.1");
    const QString path = QStringLiteral("/x");
    for (const char *reason : {"missing_token", "invalid_token", "invalid_token", "throttled",
                               "missing_admin_token", "invalid_admin_token", "throttled_admin"})
        observer.tokenRefused(QString::fromLatin1(reason), peer, path);
    const auto count = [&](const char *realm, const char *reason) {
        return metrics.value(QStringLiteral("pmcp_authentication_failures_total"),
                             {QString::fromLatin1(realm), QString::fromLatin1(reason)});
    };
    QCOMPARE(count("mcp", "missing_token"), 1.0);
    QCOMPARE(count("mcp", "invalid_token"), 2.0);
    QCOMPARE(count("mcp", "throttled"), 1.0);
    QCOMPARE(count("admin", "missing_token"), 1.0);
    QCOMPARE(count("admin", "invalid_token"), 1.0);
    QCOMPARE(count("admin", "throttled"), 1.0);
    // The dashboard counts guesses, not requests that simply came without a token.
    QCOMPARE(activity.totals().authFailures, 5);
    QCOMPARE(history.lastDay(), 5); // and the daily report, across restarts
}

QTEST_GUILESS_MAIN(TestHttpMetrics)
#include "TestHttpMetrics.moc"
