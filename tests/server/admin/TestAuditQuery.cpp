#include "server/admin/AuditQuery.h"

#include "server/audit/AuditLog.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

namespace {

QUrlQuery query(const QString &text)
{
    return QUrlQuery(text);
}

QStringList tools(const QJsonObject &answer)
{
    QStringList names;
    for (const QJsonValue &entry : answer[QLatin1String("entries")].toArray())
        names.append(entry[QLatin1String("tool")].toString());
    return names;
}

} // namespace

class TestAuditQuery final : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_audit = AuditLog::directoryIn(m_dir->path());
        // Small files: the query has to walk several of them.
        AuditLog log(m_audit, AuditLog::keyPathIn(m_dir->path()), 4096);
        QVERIFY(log.open().ok());
        m_before = QDateTime::currentDateTimeUtc().addSecs(-1);
        for (int i = 0; i < 40; ++i) {
            AuditEntry entry;
            entry.client = i % 2 == 0 ? QStringLiteral("alice") : QStringLiteral("bob");
            entry.tool = QStringLiteral("tool_%1").arg(i);
            entry.arguments = {{QStringLiteral("n"), i}};
            entry.outcome = i % 10 == 3 ? QStringLiteral("denied") : QStringLiteral("ok");
            entry.decision = i % 10 == 3 ? QStringLiteral("denied:rm") : QString();
            QVERIFY(log.append(entry).ok());
        }
        log.sync();
        QVERIFY(QFile::exists(m_audit + QStringLiteral("/") + AuditLog::fileName(2)));
    }

    void newestFirstAndPaged()
    {
        auto filter = AuditQuery::parse(query(QStringLiteral("limit=3")));
        QVERIFY(filter.ok());
        auto answer = AuditQuery::run(m_audit, filter.value());
        QVERIFY2(answer.ok(), qPrintable(answer.ok() ? QString() : answer.error().message));
        QCOMPARE(tools(answer.value()),
                 (QStringList{QStringLiteral("tool_39"), QStringLiteral("tool_38"),
                              QStringLiteral("tool_37")}));
        QCOMPARE(answer.value()[QLatin1String("matched")].toInt(), 40);
        const QJsonObject first =
            answer.value()[QLatin1String("entries")].toArray().at(0).toObject();
        QVERIFY(first.contains(QLatin1String("seq")) && first.contains(QLatin1String("time")));
        QVERIFY(!first.contains(QLatin1String("mac")) && !first.contains(QLatin1String("prev")));

        filter = AuditQuery::parse(query(QStringLiteral("limit=2&offset=38")));
        answer = AuditQuery::run(m_audit, filter.value());
        QCOMPARE(tools(answer.value()),
                 (QStringList{QStringLiteral("tool_1"), QStringLiteral("tool_0")}));
    }

    void filters_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("matched");
        QTest::addColumn<QString>("newest");
        QTest::newRow("client") << QStringLiteral("client=bob") << 20 << QStringLiteral("tool_39");
        QTest::newRow("tool") << QStringLiteral("tool=tool_7") << 1 << QStringLiteral("tool_7");
        QTest::newRow("denied") << QStringLiteral("denied=true") << 4 << QStringLiteral("tool_33");
        QTest::newRow("not denied")
            << QStringLiteral("denied=false") << 36 << QStringLiteral("tool_39");
        QTest::newRow("client and denied")
            << QStringLiteral("client=bob&denied=true") << 4 << QStringLiteral("tool_33");
        QTest::newRow("nobody") << QStringLiteral("client=carol") << 0 << QString();
        QTest::newRow("from the future")
            << QStringLiteral("from=2999-01-01T00:00:00Z") << 0 << QString();
        QTest::newRow("until the past")
            << QStringLiteral("to=2000-01-01T00:00:00Z") << 0 << QString();
    }

    void filters()
    {
        QFETCH(QString, text);
        QFETCH(int, matched);
        QFETCH(QString, newest);
        const auto filter = AuditQuery::parse(query(text));
        QVERIFY(filter.ok());
        const auto answer = AuditQuery::run(m_audit, filter.value());
        QVERIFY(answer.ok());
        QCOMPARE(answer.value()[QLatin1String("matched")].toInt(), matched);
        QCOMPARE(tools(answer.value()).value(0), newest);
    }

    void aTimeWindowAroundNowHasEverything()
    {
        const QString from = m_before.toString(Qt::ISODate);
        const QString to = QDateTime::currentDateTimeUtc().addSecs(2).toString(Qt::ISODate);
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("from"), from);
        q.addQueryItem(QStringLiteral("to"), to);
        const auto filter = AuditQuery::parse(q);
        QVERIFY(filter.ok());
        QCOMPARE(AuditQuery::run(m_audit, filter.value()).value()[QLatin1String("matched")].toInt(),
                 40);
    }

    void badParametersAreNamed_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("limit zero") << QStringLiteral("limit=0") << QStringLiteral("limit must be");
        QTest::newRow("limit huge") << QStringLiteral("limit=5000") << QStringLiteral("1 to 1000");
        QTest::newRow("offset negative") << QStringLiteral("offset=-1") << QStringLiteral("offset");
        QTest::newRow("denied maybe")
            << QStringLiteral("denied=maybe") << QStringLiteral("denied must be true or false");
        QTest::newRow("from garbage")
            << QStringLiteral("from=yesterday") << QStringLiteral("from must be an ISO 8601 time");
    }

    void badParametersAreNamed()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const auto filter = AuditQuery::parse(query(text));
        QVERIFY(!filter.ok());
        QVERIFY2(filter.error().message.contains(message), qPrintable(filter.error().message));
    }

    void anEmptyFolderHasNoEntries()
    {
        QTemporaryDir empty;
        const auto answer = AuditQuery::run(empty.path(), AuditQuery::Filter{});
        QVERIFY(answer.ok());
        QCOMPARE(answer.value()[QLatin1String("matched")].toInt(), 0);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_audit;
    QDateTime m_before;
};

QTEST_GUILESS_MAIN(TestAuditQuery)
#include "TestAuditQuery.moc"
