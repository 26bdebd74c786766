#include "shared/admin/SseParser.h"

#include <QTest>

using namespace pmcp::admin;

// The event-stream format, fed whole and one byte at a time (a network splits anywhere).
class TestSseParser final : public QObject {
    Q_OBJECT
private slots:
    void parsesEvents_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QStringList>("expected"); // "id|event|data" per event
        QTest::addColumn<int>("comments");
        QTest::newRow("one event") << QByteArray("id: 7\nevent: client.requested\ndata: {}\n\n")
                                   << QStringList{QStringLiteral("7|client.requested|{}")} << 0;
        QTest::newRow("comment then event")
            << QByteArray(": connected\n\nid: 8\nevent: x\ndata: a\n\n")
            << QStringList{QStringLiteral("8|x|a")} << 1;
        QTest::newRow("two data lines are joined")
            << QByteArray("data: a\ndata: b\n\n") << QStringList{QStringLiteral("|message|a\nb")}
            << 0;
        QTest::newRow("CRLF and CR line ends")
            << QByteArray("id: 1\r\nevent: e\r\ndata: d\r\n\r\nid: 2\revent: f\rdata: g\r\r")
            << QStringList{QStringLiteral("1|e|d"), QStringLiteral("2|f|g")} << 0;
        QTest::newRow("no space after the colon")
            << QByteArray("event:e\ndata:d\n\n") << QStringList{QStringLiteral("|e|d")} << 0;
        QTest::newRow("an event without data is not dispatched")
            << QByteArray("event: resync\n\nevent: e\ndata: d\n\n")
            << QStringList{QStringLiteral("|e|d")} << 0;
        QTest::newRow("an unfinished event waits")
            << QByteArray("id: 3\nevent: e\ndata: d\n") << QStringList{} << 0;
        QTest::newRow("keep-alives only")
            << QByteArray(": keep-alive\n\n: keep-alive\n\n") << QStringList{} << 2;
        QTest::newRow("retry and unknown fields are ignored")
            << QByteArray("retry: 10\nfoo: bar\nevent: e\ndata: d\n\n")
            << QStringList{QStringLiteral("|e|d")} << 0;
        QTest::newRow("UTF-8 data") << QByteArray("event: e\ndata: \xc3\xa4\xe2\x82\xac\n\n")
                                    << QStringList{QStringLiteral("|e|\u00e4\u20ac")} << 0;
    }

    void parsesEvents()
    {
        QFETCH(QByteArray, input);
        QFETCH(QStringList, expected);
        QFETCH(int, comments);
        const auto describe = [](const QList<SseParser::Message> &messages) {
            QStringList out;
            for (const auto &message : messages)
                out.append(message.id + QLatin1Char('|') + message.event + QLatin1Char('|') +
                           message.data);
            return out;
        };
        SseParser whole;
        QCOMPARE(describe(whole.feed(input)), expected);
        QCOMPARE(whole.commentsSeen(), comments);

        SseParser byByte;
        QList<SseParser::Message> collected;
        for (const char c : input)
            collected += byByte.feed(QByteArray(1, c));
        QCOMPARE(describe(collected), expected);
    }

    void idPresenceIsKnown()
    {
        SseParser parser;
        const auto messages = parser.feed("event: resync\ndata: {}\n\nid: 5\ndata: {}\n\n");
        QCOMPARE(messages.size(), 2);
        QVERIFY(!messages[0].hasId);
        QVERIFY(messages[1].hasId);
    }

    void resetDropsAPartialEvent()
    {
        SseParser parser;
        QVERIFY(parser.feed("id: 1\nevent: half\ndata: cut").isEmpty());
        parser.reset();
        const auto messages = parser.feed("event: whole\ndata: d\n\n");
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages[0].event, QStringLiteral("whole"));
        QCOMPARE(messages[0].data, QStringLiteral("d"));
        QVERIFY(!messages[0].hasId);
    }
};

QTEST_GUILESS_MAIN(TestSseParser)
#include "TestSseParser.moc"
