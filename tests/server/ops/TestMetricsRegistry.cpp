#include "server/ops/MetricsRegistry.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTest>

using namespace pmcp;

class TestMetricsRegistry final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void countersAccumulatePerSeries();
    void gaugesAreSetAndIncremented();
    void declaringIsIdempotent();
    void invalidDeclarationsAreRefused_data();
    void invalidDeclarationsAreRefused();
    void misuseWarnsOnceAndIsIgnored();
    void labelValuesAreEscaped_data();
    void labelValuesAreEscaped();
    void histogramBucketsAreCumulative();
    void renderOrdersFamiliesAndSeries();
    void promtoolAcceptsRender();
};

void TestMetricsRegistry::init()
{
    // Every warning a test does not announce with ignoreMessage() is a failure.
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void TestMetricsRegistry::countersAccumulatePerSeries()
{
    MetricsRegistry metrics;
    metrics.declareCounter(QStringLiteral("pmcp_tool_calls_total"), QStringLiteral("Tool calls."),
                           {QStringLiteral("tool"), QStringLiteral("outcome")});
    metrics.increment(QStringLiteral("pmcp_tool_calls_total"),
                      {QStringLiteral("list_vms"), QStringLiteral("ok")});
    metrics.increment(QStringLiteral("pmcp_tool_calls_total"),
                      {QStringLiteral("list_vms"), QStringLiteral("ok")}, 2.5);
    metrics.increment(QStringLiteral("pmcp_tool_calls_total"),
                      {QStringLiteral("list_vms"), QStringLiteral("error")});

    QCOMPARE(metrics.value(QStringLiteral("pmcp_tool_calls_total"),
                           {QStringLiteral("list_vms"), QStringLiteral("ok")}),
             3.5);
    QCOMPARE(metrics.value(QStringLiteral("pmcp_tool_calls_total"),
                           {QStringLiteral("list_vms"), QStringLiteral("error")}),
             1.0);
    QCOMPARE(metrics.value(QStringLiteral("pmcp_tool_calls_total"),
                           {QStringLiteral("other"), QStringLiteral("ok")}),
             0.0);
}

void TestMetricsRegistry::gaugesAreSetAndIncremented()
{
    MetricsRegistry metrics;
    metrics.declareGauge(QStringLiteral("pmcp_sessions"), QStringLiteral("Open MCP sessions."));
    QCOMPARE(metrics.value(QStringLiteral("pmcp_sessions")), 0.0);
    metrics.setGauge(QStringLiteral("pmcp_sessions"), 4);
    metrics.increment(QStringLiteral("pmcp_sessions"), {}, -1);
    QCOMPARE(metrics.value(QStringLiteral("pmcp_sessions")), 3.0);
    metrics.setGauge(QStringLiteral("pmcp_sessions"), -0.5);
    QCOMPARE(metrics.value(QStringLiteral("pmcp_sessions")), -0.5);
    QVERIFY(metrics.render().contains("\npmcp_sessions -0.5\n"));
}

void TestMetricsRegistry::declaringIsIdempotent()
{
    MetricsRegistry metrics;
    metrics.declareCounter(QStringLiteral("a_total"), QStringLiteral("A."), {QStringLiteral("x")});
    metrics.increment(QStringLiteral("a_total"), {QStringLiteral("1")});
    metrics.declareCounter(QStringLiteral("a_total"), QStringLiteral("A."), {QStringLiteral("x")});
    QCOMPARE(metrics.value(QStringLiteral("a_total"), {QStringLiteral("1")}), 1.0);
    QCOMPARE(metrics.render().count("# TYPE a_total counter"), 1);

    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("^metric a_total declared again")));
    metrics.declareGauge(QStringLiteral("a_total"), QStringLiteral("A."));
    QCOMPARE(metrics.render().count("# TYPE a_total counter"), 1);
}

void TestMetricsRegistry::invalidDeclarationsAreRefused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("help");
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<QString>("warning");

    QTest::newRow("counter without _total")
        << "counter"
        << "pmcp_requests"
        << "R." << QStringList() << "counter names must end in _total";
    QTest::newRow("gauge with _total")
        << "gauge"
        << "pmcp_open_total"
        << "O." << QStringList() << "only counter names may end in _total";
    QTest::newRow("bad metric name") << "gauge"
                                     << "pmcp-open"
                                     << "O." << QStringList() << "not a valid metric name";
    QTest::newRow("no help") << "gauge"
                             << "pmcp_open"
                             << " " << QStringList() << "help text is required";
    QTest::newRow("reserved label")
        << "gauge"
        << "pmcp_open"
        << "O." << QStringList{QStringLiteral("__x")} << "invalid or repeated label name";
    QTest::newRow("repeated label") << "gauge"
                                    << "pmcp_open"
                                    << "O." << QStringList{QStringLiteral("a"), QStringLiteral("a")}
                                    << "invalid or repeated label name";
    QTest::newRow("le on histogram")
        << "histogram"
        << "pmcp_wait_seconds"
        << "W." << QStringList{QStringLiteral("le")} << "invalid or repeated label name";
}

void TestMetricsRegistry::invalidDeclarationsAreRefused()
{
    QFETCH(QString, kind);
    QFETCH(QString, name);
    QFETCH(QString, help);
    QFETCH(QStringList, labels);
    QFETCH(QString, warning);

    MetricsRegistry metrics;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QRegularExpression::escape(warning)));
    if (kind == u"counter")
        metrics.declareCounter(name, help, labels);
    else if (kind == u"gauge")
        metrics.declareGauge(name, help, labels);
    else
        metrics.declareHistogram(name, help, MetricsRegistry::latencyBuckets(), labels);
    QCOMPARE(metrics.render(), QByteArray());
}

void TestMetricsRegistry::misuseWarnsOnceAndIsIgnored()
{
    MetricsRegistry metrics;
    metrics.declareCounter(QStringLiteral("c_total"), QStringLiteral("C."),
                           {QStringLiteral("route")});
    metrics.declareHistogram(QStringLiteral("h_seconds"), QStringLiteral("H."), {1});

    QTest::ignoreMessage(QtWarningMsg, "metric nope_total was never declared; ignored");
    QTest::ignoreMessage(QtWarningMsg,
                         "metric c_total takes 1 label values (route), got 2; ignored");
    QTest::ignoreMessage(QtWarningMsg,
                         "metric c_total counters only go up; ignoring an increment by -1");
    QTest::ignoreMessage(QtWarningMsg, "metric c_total is not a histogram: observe() ignored");
    QTest::ignoreMessage(QtWarningMsg, "metric c_total is not a gauge: setGauge() ignored");
    QTest::ignoreMessage(QtWarningMsg, "metric h_seconds is a histogram: use observe()");
    QTest::ignoreMessage(QtWarningMsg, "metric h_seconds NaN observation ignored");
    // Each twice: the second time must stay silent (failOnWarning would catch it).
    for (int i = 0; i < 2; ++i) {
        metrics.increment(QStringLiteral("nope_total"));
        metrics.increment(QStringLiteral("c_total"), {QStringLiteral("a"), QStringLiteral("b")});
        metrics.increment(QStringLiteral("c_total"), {QStringLiteral("a")}, -1);
        metrics.observe(QStringLiteral("c_total"), 1, {QStringLiteral("a")});
        metrics.setGauge(QStringLiteral("c_total"), 1, {QStringLiteral("a")});
        metrics.increment(QStringLiteral("h_seconds"));
        metrics.observe(QStringLiteral("h_seconds"), qQNaN());
    }
    QCOMPARE(metrics.value(QStringLiteral("c_total"), {QStringLiteral("a")}), 0.0);
    QCOMPARE(metrics.histogramCount(QStringLiteral("h_seconds")), 0u);
}

void TestMetricsRegistry::labelValuesAreEscaped_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("line");

    QTest::newRow("plain") << "/api/mcp" << QByteArray(R"(x_total{v="/api/mcp"} 1)");
    QTest::newRow("double quote") << "say \"hi\"" << QByteArray(R"(x_total{v="say \"hi\""} 1)");
    QTest::newRow("backslash") << "C:\\dir" << QByteArray(R"(x_total{v="C:\\dir"} 1)");
    QTest::newRow("newline") << "a\nb" << QByteArray(R"(x_total{v="a\nb"} 1)");
    QTest::newRow("all at once") << "\\\"\n" << QByteArray(R"(x_total{v="\\\"\n"} 1)");
    QTest::newRow("utf-8") << QStringLiteral("pr\u00fcfen")
                           << QByteArray("x_total{v=\"pr\xc3\xbc"
                                         "fen\"} 1");
    QTest::newRow("empty") << "" << QByteArray(R"(x_total{v=""} 1)");
}

void TestMetricsRegistry::labelValuesAreEscaped()
{
    QFETCH(QString, value);
    QFETCH(QByteArray, line);

    MetricsRegistry metrics;
    metrics.declareCounter(QStringLiteral("x_total"), QStringLiteral("Help with \\ and\nnewline."),
                           {QStringLiteral("v")});
    metrics.increment(QStringLiteral("x_total"), {value});
    QCOMPARE(metrics.render(),
             "# HELP x_total Help with \\\\ and\\nnewline.\n# TYPE x_total counter\n" + line +
                 '\n');
}

void TestMetricsRegistry::histogramBucketsAreCumulative()
{
    MetricsRegistry metrics;
    // Unsorted, repeated and +Inf bounds are normalised.
    metrics.declareHistogram(QStringLiteral("pmcp_call_seconds"), QStringLiteral("Call time."),
                             {1, 0.5, qInf(), 0.5}, {QStringLiteral("tool")});
    const QStringList tool{QStringLiteral("t")};
    for (const double v : {0.1, 0.5, 0.7, 1.0, 3.0})
        metrics.observe(QStringLiteral("pmcp_call_seconds"), v, tool);

    QCOMPARE(metrics.histogramCount(QStringLiteral("pmcp_call_seconds"), tool), 5u);
    QCOMPARE(metrics.histogramCount(QStringLiteral("pmcp_call_seconds"), {QStringLiteral("other")}),
             0u);
    QCOMPARE(metrics.render(), QByteArray("# HELP pmcp_call_seconds Call time.\n"
                                          "# TYPE pmcp_call_seconds histogram\n"
                                          "pmcp_call_seconds_bucket{tool=\"t\",le=\"0.5\"} 2\n"
                                          "pmcp_call_seconds_bucket{tool=\"t\",le=\"1\"} 4\n"
                                          "pmcp_call_seconds_bucket{tool=\"t\",le=\"+Inf\"} 5\n"
                                          "pmcp_call_seconds_sum{tool=\"t\"} 5.3\n"
                                          "pmcp_call_seconds_count{tool=\"t\"} 5\n"));
}

void TestMetricsRegistry::renderOrdersFamiliesAndSeries()
{
    MetricsRegistry metrics;
    metrics.declareGauge(QStringLiteral("z_up"), QStringLiteral("Declared first."));
    metrics.declareCounter(QStringLiteral("a_requests_total"), QStringLiteral("Declared second."),
                           {QStringLiteral("route"), QStringLiteral("status")});
    metrics.declareHistogram(QStringLiteral("m_wait_seconds"),
                             QStringLiteral("No labels, no observations."), {0.25});
    metrics.declareCounter(QStringLiteral("b_unused_total"), QStringLiteral("Labels, no series."),
                           {QStringLiteral("x")});
    metrics.increment(QStringLiteral("a_requests_total"),
                      {QStringLiteral("/mcp"), QStringLiteral("500")});
    metrics.increment(QStringLiteral("a_requests_total"),
                      {QStringLiteral("/health"), QStringLiteral("200")});
    metrics.increment(QStringLiteral("a_requests_total"),
                      {QStringLiteral("/mcp"), QStringLiteral("200")}, 1e20);
    metrics.setGauge(QStringLiteral("z_up"), 1);

    QCOMPARE(metrics.render(), QByteArray("# HELP z_up Declared first.\n"
                                          "# TYPE z_up gauge\n"
                                          "z_up 1\n"
                                          "# HELP a_requests_total Declared second.\n"
                                          "# TYPE a_requests_total counter\n"
                                          "a_requests_total{route=\"/health\",status=\"200\"} 1\n"
                                          "a_requests_total{route=\"/mcp\",status=\"200\"} 1e+20\n"
                                          "a_requests_total{route=\"/mcp\",status=\"500\"} 1\n"
                                          "# HELP m_wait_seconds No labels, no observations.\n"
                                          "# TYPE m_wait_seconds histogram\n"
                                          "m_wait_seconds_bucket{le=\"0.25\"} 0\n"
                                          "m_wait_seconds_bucket{le=\"+Inf\"} 0\n"
                                          "m_wait_seconds_sum 0\n"
                                          "m_wait_seconds_count 0\n"
                                          "# HELP b_unused_total Labels, no series.\n"
                                          "# TYPE b_unused_total counter\n"));
}

void TestMetricsRegistry::promtoolAcceptsRender()
{
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    if (promtool.isEmpty())
        QSKIP("promtool is not installed (Debian package prometheus): cannot lint the exposition "
              "text");

    MetricsRegistry metrics;
    metrics.declareGauge(QStringLiteral("pmcp_build_info"),
                         QStringLiteral("Version of the running daemon."),
                         {QStringLiteral("version")});
    metrics.declareCounter(
        QStringLiteral("pmcp_http_requests_total"),
        QStringLiteral("HTTP requests answered, by route, method and status."),
        {QStringLiteral("route"), QStringLiteral("method"), QStringLiteral("status")});
    metrics.declareHistogram(QStringLiteral("pmcp_http_request_duration_seconds"),
                             QStringLiteral("Time to the first byte of the HTTP response."),
                             MetricsRegistry::latencyBuckets(), {QStringLiteral("route")});
    metrics.declareGauge(QStringLiteral("pmcp_sessions"), QStringLiteral("Open MCP sessions."));
    metrics.declareGauge(QStringLiteral("pmcp_audit_log_bytes"),
                         QStringLiteral("Size of the audit log."));
    metrics.declareCounter(QStringLiteral("pmcp_auth_failures_total"),
                           QStringLiteral("Refused requests, by \"reason\" (see docs\\ops)."),
                           {QStringLiteral("reason")});
    metrics.declareHistogram(QStringLiteral("pmcp_tool_call_duration_seconds"),
                             QStringLiteral("Tool call time."), MetricsRegistry::latencyBuckets(),
                             {QStringLiteral("tool")});

    metrics.setGauge(QStringLiteral("pmcp_build_info"), 1, {QStringLiteral(PMCP_VERSION)});
    const QStringList routes{QStringLiteral("/api/mcp"), QStringLiteral("/health"),
                             QStringLiteral("other")};
    for (const QString &route : routes) {
        metrics.increment(QStringLiteral("pmcp_http_requests_total"),
                          {route, QStringLiteral("GET"), QStringLiteral("200")});
        metrics.increment(QStringLiteral("pmcp_http_requests_total"),
                          {route, QStringLiteral("POST"), QStringLiteral("401")});
        for (const double seconds : {0.0003, 0.004, 0.2, 7.0, 45.0})
            metrics.observe(QStringLiteral("pmcp_http_request_duration_seconds"), seconds, {route});
    }
    metrics.setGauge(QStringLiteral("pmcp_sessions"), 2);
    metrics.setGauge(QStringLiteral("pmcp_audit_log_bytes"), 123456789);
    metrics.increment(QStringLiteral("pmcp_auth_failures_total"),
                      {QStringLiteral("quote \" back\\slash\nnewline")});

    QTemporaryFile file;
    QVERIFY(file.open());
    QVERIFY(file.write(metrics.render()) > 0);
    file.close();

    QProcess process;
    process.setStandardInputFile(file.fileName());
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    QVERIFY2(process.waitForFinished(60000), qPrintable(process.errorString()));
    const QByteArray output = process.readAll();
    QVERIFY2(output.isEmpty(), output.constData());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestMetricsRegistry)
#include "TestMetricsRegistry.moc"
