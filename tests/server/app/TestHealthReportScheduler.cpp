#include "server/app/HealthReportScheduler.h"

#include "server/alerts/AlertService.h"
#include "tests/support/WebhookReceiver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace pmcp;
using namespace pmcp::testing;

// HEALTH_REPORT_SCHEDULE: the report is sent to the alert channels when it is due, not before.
class TestHealthReportScheduler final : public QObject {
    Q_OBJECT
private slots:
    void sendsTheReportWhenDue()
    {
        QTemporaryDir dir;
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        AlertChannel webhook;
        webhook.name = QStringLiteral("webhook");
        webhook.url = receiver.url();
        AlertService alerts({dir.path(), {webhook}, 500, 20, QStringLiteral("mcp1")}, nullptr);

        auto runs = std::make_shared<std::atomic<int>>(0);
        const auto runner = [runs] {
            ++*runs;
            DailyHealthReport report;
            report.add({QStringLiteral("service"), DailyCheck::Status::Ok,
                        QStringLiteral("the daemon answers")});
            report.add({QStringLiteral("backup"), DailyCheck::Status::Warning,
                        QStringLiteral("the newest backup is 3 days old")});
            return report;
        };
        QDateTime now = QDateTime::fromString(QStringLiteral("2026-12-07T07:59:00"), Qt::ISODate);
        HealthReportScheduler scheduler(
            BackupSchedule::parse(QStringLiteral("daily 08:00")).value(), runner, &alerts);
        scheduler.setClock([&now] { return now; });
        QSignalSpy sent(&scheduler, &HealthReportScheduler::sent);
        scheduler.start();
        QCOMPARE(scheduler.nextRun(),
                 QDateTime::fromString(QStringLiteral("2026-12-07T08:00:00"), Qt::ISODate));
        scheduler.poll();
        QCOMPARE(*runs, 0); // not due yet

        now = now.addSecs(61);
        scheduler.poll();
        QVERIFY(sent.wait());
        QCOMPARE(*runs, 1);
        QTRY_COMPARE(receiver.requests().size(), 1);
        const QJsonObject body = QJsonDocument::fromJson(receiver.requests()[0].body).object();
        QCOMPARE(body[QLatin1String("kind")].toString(), QStringLiteral("report"));
        QCOMPARE(body[QLatin1String("key")].toString(), QStringLiteral("health.report"));
        QCOMPARE(body[QLatin1String("severity")].toString(), QStringLiteral("warning"));
        QCOMPARE(body[QLatin1String("title")].toString(),
                 QStringLiteral("Daily health report: warning"));
        QVERIFY(body[QLatin1String("message")].toString().contains(
            QLatin1String("the newest backup is 3 days old")));
        QCOMPARE(scheduler.nextRun(),
                 QDateTime::fromString(QStringLiteral("2026-12-08T08:00:00"), Qt::ISODate));

        scheduler.poll(); // the same day again: nothing
        QCOMPARE(*runs, 1);
    }
};

QTEST_GUILESS_MAIN(TestHealthReportScheduler)
#include "TestHealthReportScheduler.moc"
