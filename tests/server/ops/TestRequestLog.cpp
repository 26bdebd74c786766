#include "server/ops/RequestLog.h"

#include <QTest>

using namespace pmcp;

namespace {

// What reached the message handler, as "category level: text".
QStringList g_messages;

void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const char *level = type == QtInfoMsg ? "info" : type == QtWarningMsg ? "warning" : "other";
    g_messages.append(
        QStringLiteral("%1 %2: %3")
            .arg(QString::fromLatin1(context.category), QString::fromLatin1(level), message));
}

// Counts what is passed on.
class Next final : public HttpObserver {
public:
    void requestAnswered(const QString &, const QString &, int, double) override { ++answered; }
    void requestRefused(const QString &) override { ++refused; }
    void requestLogged(const HttpRequestLine &) override { ++logged; }
    void tokenRefused(const QString &, const QString &, const QString &) override { ++tokens; }
    int answered = 0, refused = 0, logged = 0, tokens = 0;
};

} // namespace

Q_DECLARE_METATYPE(pmcp::HttpRequestLine)

class TestRequestLog final : public QObject {
    Q_OBJECT

private slots:
    void format_data();
    void format();
    void formatRefusal_data();
    void formatRefusal();
    void logsInTheOpsCategoryAndPassesOn();
};

void TestRequestLog::format_data()
{
    QTest::addColumn<HttpRequestLine>("line");
    QTest::addColumn<QString>("text");
    QTest::newRow("client")
        << HttpRequestLine{QStringLiteral("POST"),   QStringLiteral("/api/mcp"),  200,
                           QStringLiteral("laptop"), QStringLiteral("127.0.0.1"), 0.0123}
        << QStringLiteral("POST /api/mcp 200 client=laptop 12 ms from 127.0.0.1");
    QTest::newRow("fast, nobody") << HttpRequestLine{QStringLiteral("GET"),
                                                     QStringLiteral("/health"),
                                                     200,
                                                     {},
                                                     QStringLiteral("::1"),
                                                     0.00042}
                                  << QStringLiteral("GET /health 200 client=- 0.4 ms from ::1");
    QTest::newRow("refused") << HttpRequestLine{QStringLiteral("POST"),
                                                QStringLiteral("/api/mcp"),
                                                401,
                                                {},
                                                QStringLiteral("10.0.0.7"),
                                                0.001}
                             << QStringLiteral("POST /api/mcp 401 client=- 1.0 ms from 10.0.0.7");
}

void TestRequestLog::format()
{
    QFETCH(HttpRequestLine, line);
    QFETCH(QString, text);
    QCOMPARE(RequestLog::format(line), text);
}

void TestRequestLog::formatRefusal_data()
{
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("text");
    QTest::newRow("invalid") << QStringLiteral("invalid_token")
                             << QStringLiteral("refused a bearer token from 10.0.0.7 for /api/mcp: "
                                               "invalid_token (unknown, revoked or expired)");
    QTest::newRow("missing") << QStringLiteral("missing_token")
                             << QStringLiteral("refused a bearer token from 10.0.0.7 for /api/mcp: "
                                               "missing_token (no Authorization: Bearer header)");
}

void TestRequestLog::formatRefusal()
{
    QFETCH(QString, reason);
    QFETCH(QString, text);
    QCOMPARE(
        RequestLog::formatRefusal(reason, QStringLiteral("10.0.0.7"), QStringLiteral("/api/mcp")),
        text);
}

void TestRequestLog::logsInTheOpsCategoryAndPassesOn()
{
    Next next;
    RequestLog log(&next);
    g_messages.clear();
    const QtMessageHandler previous = qInstallMessageHandler(capture);
    log.requestAnswered(QStringLiteral("/api/mcp"), QStringLiteral("POST"), 200, 0.01);
    log.requestLogged({QStringLiteral("POST"), QStringLiteral("/api/mcp"), 200,
                       QStringLiteral("laptop"), QStringLiteral("127.0.0.1"), 0.01});
    log.requestRefused(QStringLiteral("invalid_token"));
    log.tokenRefused(QStringLiteral("invalid_token"), QStringLiteral("10.0.0.7"),
                     QStringLiteral("/api/mcp"));
    qInstallMessageHandler(previous);
    QCOMPARE(g_messages,
             (QStringList{QStringLiteral("pmcp.ops info: POST /api/mcp 200 client=laptop 10 ms "
                                         "from 127.0.0.1"),
                          QStringLiteral("pmcp.ops warning: refused a bearer token from 10.0.0.7 "
                                         "for /api/mcp: invalid_token (unknown, revoked or "
                                         "expired)")}));
    QCOMPARE(next.answered, 1);
    QCOMPARE(next.logged, 1);
    QCOMPARE(next.refused, 1);
    QCOMPARE(next.tokens, 1);
    RequestLog alone; // without a next observer it only logs
    qInstallMessageHandler(capture);
    alone.requestAnswered(QStringLiteral("/"), QStringLiteral("GET"), 200, 0);
    qInstallMessageHandler(previous);
}

QTEST_GUILESS_MAIN(TestRequestLog)
#include "TestRequestLog.moc"
