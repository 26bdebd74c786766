#include "server/mcp/RequestContext.h"

#include "tests/support/RecordingChannel.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using namespace pmcp;
using namespace pmcp::test;

namespace {

QJsonObject withProgressToken(const QJsonValue &token)
{
    return {{QStringLiteral("_meta"), QJsonObject{{QStringLiteral("progressToken"), token}}}};
}

struct Fixture {
    McpSession session{QStringLiteral("s1")};
    std::shared_ptr<RecordingChannel> channel = std::make_shared<RecordingChannel>();

    std::shared_ptr<RequestContext> context(const QJsonObject &params = {},
                                            const QJsonValue &id = 1)
    {
        auto ctx = std::make_shared<RequestContext>(
            &session, requestMessage(id, QStringLiteral("tools/call"), params), channel);
        session.addInFlight(ctx);
        return ctx;
    }
};

} // namespace

class TestRequestContext final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void progressToken_data();
    void progressToken();
    void progressIsStrictlyIncreasing();
    void progressNeedsAToken();
    void nothingAfterTheResponse();
    void logIsFilteredBySessionLevel();
    void respondOnce();
    void failOnce();
    void doneHookOutcomes_data();
    void doneHookOutcomes();
    void requestToTheClient();
    void requestTimesOut();
    void requestAfterTheEnd();
    void cancel();
    void cancelAfterRespondDoesNothing();
    void closeStream();
    void outlivesItsSession();
};

void TestRequestContext::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void TestRequestContext::progressToken_data()
{
    QTest::addColumn<QJsonValue>("token");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QByteArray>("echoed"); // how the token reads in the notification
    QTest::newRow("string") << QJsonValue(QStringLiteral("tok-1")) << true
                            << QByteArray(R"("progressToken":"tok-1")");
    QTest::newRow("integer") << QJsonValue(7) << true << QByteArray(R"("progressToken":7)");
    QTest::newRow("large integer")
        << QJsonValue(qint64(1) << 40) << true << QByteArray(R"("progressToken":1099511627776)");
    QTest::newRow("string that looks like a number")
        << QJsonValue(QStringLiteral("7")) << true << QByteArray(R"("progressToken":"7")");
    QTest::newRow("null") << QJsonValue() << false << QByteArray();
    QTest::newRow("bool") << QJsonValue(true) << false << QByteArray();
    QTest::newRow("object") << QJsonValue(QJsonObject()) << false << QByteArray();
}

void TestRequestContext::progressToken()
{
    QFETCH(QJsonValue, token);
    QFETCH(bool, valid);
    QFETCH(QByteArray, echoed);
    Fixture f;
    const auto context = f.context(withProgressToken(token));
    QCOMPARE(context->progressToken().has_value(), valid);
    context->progress(1, 10, QStringLiteral("one of ten"));
    if (!valid) {
        QVERIFY(f.channel->sent.isEmpty());
        return;
    }
    QCOMPARE(*context->progressToken(), token);
    QCOMPARE(f.channel->sent.size(), 1);
    const QJsonObject notification = f.channel->sent.at(0);
    QCOMPARE(notification.value(QLatin1String("method")).toString(),
             QStringLiteral("notifications/progress"));
    // The token goes back exactly as it came: same type, same value.
    QVERIFY2(compact(notification).contains(echoed), compact(notification).constData());
}

void TestRequestContext::progressIsStrictlyIncreasing()
{
    Fixture f;
    const auto context = f.context(withProgressToken(QStringLiteral("p")));
    context->progress(0);
    context->progress(0); // not an increase
    context->progress(0.5, 2);
    context->progress(0.4, 2); // backwards
    context->progress(0.5, 2); // same again
    context->progress(2, 2, QStringLiteral("done"));
    QCOMPARE(f.channel->sent.size(), 3);
    QList<double> values;
    for (const QJsonObject &message : std::as_const(f.channel->sent))
        values.append(message.value(QLatin1String("params"))
                          .toObject()
                          .value(QLatin1String("progress"))
                          .toDouble());
    QCOMPARE(values, QList<double>({0, 0.5, 2}));

    const QJsonObject first = f.channel->sent.at(0).value(QLatin1String("params")).toObject();
    QVERIFY(!first.contains(QLatin1String("total")));
    QVERIFY(!first.contains(QLatin1String("message")));
    const QJsonObject last = f.channel->sent.at(2).value(QLatin1String("params")).toObject();
    QCOMPARE(last.value(QLatin1String("total")).toDouble(), 2.0);
    QCOMPARE(last.value(QLatin1String("message")).toString(), QStringLiteral("done"));
}

void TestRequestContext::progressNeedsAToken()
{
    Fixture f;
    const auto context = f.context({{QStringLiteral("name"), QStringLiteral("x")}});
    QCOMPARE(context->progressToken(), std::nullopt);
    context->progress(1);
    context->progress(2, 3, QStringLiteral("x"));
    QVERIFY(f.channel->sent.isEmpty());
    // A token outside _meta is not a progress token.
    const auto misplaced = f.context({{QStringLiteral("progressToken"), QStringLiteral("p")}}, 2);
    misplaced->progress(1);
    QVERIFY(f.channel->sent.isEmpty());
}

void TestRequestContext::nothingAfterTheResponse()
{
    Fixture f;
    const auto context = f.context(withProgressToken(QStringLiteral("p")));
    context->progress(1);
    context->respond({});
    context->progress(2);
    context->log(LogLevel::Emergency, QStringLiteral("x"), QStringLiteral("late"));
    context->notify(QStringLiteral("notifications/message"), {});
    QCOMPARE(f.channel->sent.size(), 1);
    QCOMPARE(f.channel->finishCount, 1);
}

void TestRequestContext::logIsFilteredBySessionLevel()
{
    Fixture f;
    const auto context = f.context();
    QCOMPARE(f.session.logLevel(), LogLevel::Info); // the default
    context->log(LogLevel::Debug, QStringLiteral("pve"), QStringLiteral("dropped"));
    context->log(LogLevel::Info, QStringLiteral("pve"), QStringLiteral("info"));
    QCOMPARE(f.channel->sent.size(), 1);

    f.session.setLogLevel(LogLevel::Warning);
    context->log(LogLevel::Info, QStringLiteral("pve"), QStringLiteral("dropped"));
    context->log(LogLevel::Notice, QStringLiteral("pve"), QStringLiteral("dropped"));
    context->log(LogLevel::Warning, QStringLiteral("pve"), QStringLiteral("warning"));
    context->log(LogLevel::Error, QString(), QJsonObject{{QStringLiteral("vmid"), 100}});
    QCOMPARE(f.channel->sent.size(), 3);

    const QJsonObject warning = f.channel->sent.at(1);
    QCOMPARE(warning.value(QLatin1String("method")).toString(),
             QStringLiteral("notifications/message"));
    QCOMPARE(warning.value(QLatin1String("params")).toObject(),
             (QJsonObject{{QStringLiteral("level"), QStringLiteral("warning")},
                          {QStringLiteral("logger"), QStringLiteral("pve")},
                          {QStringLiteral("data"), QStringLiteral("warning")}}));
    // No logger: no logger key; data may be any JSON.
    QCOMPARE(f.channel->sent.at(2).value(QLatin1String("params")).toObject(),
             (QJsonObject{{QStringLiteral("level"), QStringLiteral("error")},
                          {QStringLiteral("data"), QJsonObject{{QStringLiteral("vmid"), 100}}}}));

    f.session.setLogLevel(LogLevel::Debug);
    context->log(LogLevel::Debug, QStringLiteral("pve"), QStringLiteral("debug"));
    QCOMPARE(f.channel->sent.size(), 4);
}

void TestRequestContext::respondOnce()
{
    Fixture f;
    const auto context = f.context({}, QStringLiteral("req-1"));
    QCOMPARE(f.session.inFlightCount(), 1);
    QVERIFY(!context->isDone());
    context->respond({{QStringLiteral("n"), 1}});
    QVERIFY(context->isDone());
    QCOMPARE(f.session.inFlightCount(), 0);
    context->respond({{QStringLiteral("n"), 2}});
    context->fail({rpc::kInternalError, QStringLiteral("late"), {}});
    QCOMPARE(f.channel->finishCount, 1);
    QCOMPARE(f.channel->abandonCount, 0);
    QCOMPARE(f.channel->response,
             JsonRpc::result(QStringLiteral("req-1"), {{QStringLiteral("n"), 1}}));
}

void TestRequestContext::failOnce()
{
    Fixture f;
    const auto context = f.context({}, 9);
    context->fail({rpc::kInvalidParams, QStringLiteral("bad vmid"), {}});
    context->respond({});
    context->fail({rpc::kInternalError, QStringLiteral("second"), {}});
    QCOMPARE(f.channel->finishCount, 1);
    QCOMPARE(f.channel->response,
             JsonRpc::error(9, {rpc::kInvalidParams, QStringLiteral("bad vmid"), {}}));
    QCOMPARE(f.session.inFlightCount(), 0);
}

void TestRequestContext::doneHookOutcomes_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<QString>("outcome");
    QTest::newRow("respond") << QStringLiteral("respond") << QStringLiteral("ok");
    QTest::newRow("fail") << QStringLiteral("fail") << QStringLiteral("error");
    QTest::newRow("tool error") << QStringLiteral("toolError") << QStringLiteral("tool_error");
    QTest::newRow("cancel") << QStringLiteral("cancel") << QStringLiteral("cancelled");
}

void TestRequestContext::doneHookOutcomes()
{
    QFETCH(QString, how);
    QFETCH(QString, outcome);
    Fixture f;
    const auto context = f.context();
    context->setLabel(QStringLiteral("list_vms"));
    QStringList outcomes;
    QString label;
    context->onDone([&](const RequestContext &done, const QString &result) {
        outcomes.append(result);
        label = done.label();
    });
    if (how == QLatin1String("respond")) {
        context->respond({});
    } else if (how == QLatin1String("fail")) {
        context->fail({rpc::kInternalError, QStringLiteral("x"), {}});
    } else if (how == QLatin1String("toolError")) {
        context->markToolError();
        context->respond({});
    } else {
        context->cancel(QStringLiteral("user"));
    }
    context->respond({});
    context->cancel(QStringLiteral("again"));
    QCOMPARE(outcomes, QStringList{outcome});
    QCOMPARE(label, QStringLiteral("list_vms"));
}

void TestRequestContext::requestToTheClient()
{
    Fixture f;
    const auto context = f.context();
    std::optional<Result<QJsonObject>> answer;
    context->request(QStringLiteral("elicitation/create"),
                     {{QStringLiteral("message"), QStringLiteral("Delete VM 100?")}},
                     [&](Result<QJsonObject> result) { answer = std::move(result); });
    QCOMPARE(f.channel->sent.size(), 1);
    const QJsonObject request = f.channel->sent.at(0);
    QCOMPARE(request.value(QLatin1String("method")).toString(),
             QStringLiteral("elicitation/create"));
    QCOMPARE(request.value(QLatin1String("params")).toObject().value(QLatin1String("message")),
             QJsonValue(QStringLiteral("Delete VM 100?")));
    const QJsonValue id = request.value(QLatin1String("id"));
    QVERIFY(id.isString() || id.isDouble());
    QVERIFY(!answer);

    // The answer arrives (on another POST) and resolves the callback, once.
    QVERIFY(f.session.resolveOutgoing(
        id, QJsonObject{{QStringLiteral("action"), QStringLiteral("accept")}}));
    QVERIFY(answer);
    QVERIFY(answer->ok());
    QCOMPARE(answer->value().value(QLatin1String("action")).toString(), QStringLiteral("accept"));
    QVERIFY(!f.session.resolveOutgoing(id, QJsonObject()));

    // A second request gets a different id.
    context->request(QStringLiteral("sampling/createMessage"), {}, [](Result<QJsonObject>) {});
    QCOMPARE(f.channel->sent.size(), 2);
    QVERIFY(f.channel->sent.at(1).value(QLatin1String("id")) != id);
}

void TestRequestContext::requestTimesOut()
{
    Fixture f;
    const auto context = f.context();
    std::optional<Result<QJsonObject>> answer;
    context->request(
        QStringLiteral("elicitation/create"), {},
        [&](Result<QJsonObject> result) { answer = std::move(result); }, 20);
    QVERIFY(!answer);
    QTRY_VERIFY(answer.has_value());
    QVERIFY(!answer->ok());
    QCOMPARE(answer->error().code, ErrorCode::Timeout);
    // A late answer finds nothing to resolve.
    QVERIFY(!f.session.resolveOutgoing(f.channel->sent.at(0).value(QLatin1String("id")),
                                       QJsonObject()));
}

void TestRequestContext::requestAfterTheEnd()
{
    Fixture f;
    const auto context = f.context();
    context->respond({});
    std::optional<Result<QJsonObject>> answer;
    context->request(QStringLiteral("elicitation/create"), {},
                     [&](Result<QJsonObject> result) { answer = std::move(result); });
    QVERIFY(answer);
    QCOMPARE(answer->error().code, ErrorCode::Cancelled);
    QVERIFY(f.channel->sent.isEmpty());
}

void TestRequestContext::cancel()
{
    Fixture f;
    const auto context = f.context(withProgressToken(QStringLiteral("p")));
    int cancelCallbacks = 0;
    context->onCancel([&] { ++cancelCallbacks; });
    context->cancel(QStringLiteral("user pressed stop"));
    QVERIFY(context->isCancelled());
    QVERIFY(context->isDone());
    QCOMPARE(cancelCallbacks, 1);
    // A cancelled request gets no response at all.
    QCOMPARE(f.channel->finishCount, 0);
    QCOMPARE(f.channel->abandonCount, 1);
    QCOMPARE(f.session.inFlightCount(), 0);

    // The handler finishing later changes nothing.
    context->progress(1);
    context->respond({});
    context->fail({rpc::kInternalError, QStringLiteral("x"), {}});
    context->cancel(QStringLiteral("again"));
    QCOMPARE(cancelCallbacks, 1);
    QCOMPARE(f.channel->finishCount, 0);
    QCOMPARE(f.channel->abandonCount, 1);
    QVERIFY(f.channel->sent.isEmpty());
}

void TestRequestContext::cancelAfterRespondDoesNothing()
{
    Fixture f;
    const auto context = f.context();
    int cancelCallbacks = 0;
    context->onCancel([&] { ++cancelCallbacks; });
    context->respond({});
    context->cancel(QStringLiteral("too late"));
    QVERIFY(!context->isCancelled());
    QCOMPARE(cancelCallbacks, 0);
    QCOMPARE(f.channel->finishCount, 1);
    QCOMPARE(f.channel->abandonCount, 0);
}

void TestRequestContext::closeStream()
{
    Fixture f;
    const auto context = f.context();
    context->closeStream();
    QCOMPARE(f.channel->closeStreamCount, 1);
    context->respond({});
    context->closeStream();
    QCOMPARE(f.channel->closeStreamCount, 1);
}

void TestRequestContext::outlivesItsSession()
{
    auto channel = std::make_shared<RecordingChannel>();
    std::shared_ptr<RequestContext> context;
    {
        McpSession session(QStringLiteral("gone"));
        session.setLogLevel(LogLevel::Debug);
        context = std::make_shared<RequestContext>(
            &session, requestMessage(1, QStringLiteral("tools/call")), channel);
    }
    QCOMPARE(context->session(), nullptr);
    context->log(LogLevel::Emergency, QStringLiteral("x"), QStringLiteral("nobody listens"));
    QVERIFY(channel->sent.isEmpty());
    std::optional<Result<QJsonObject>> answer;
    context->request(QStringLiteral("sampling/createMessage"), {},
                     [&](Result<QJsonObject> result) { answer = std::move(result); });
    QVERIFY(answer);
    QCOMPARE(answer->error().code, ErrorCode::Cancelled);
    context->respond({});
    QCOMPARE(channel->finishCount, 1);
}

QTEST_GUILESS_MAIN(TestRequestContext)
#include "TestRequestContext.moc"
