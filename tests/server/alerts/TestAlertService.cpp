#include "server/alerts/AlertService.h"
#include "server/events/EventBus.h"
#include "tests/support/WebhookReceiver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace pmcp;
using namespace pmcp::testing;

namespace {

AlertChannel webhook(const QString &url, AlertChannel::Kind kind = AlertChannel::Kind::Webhook,
                     const char *name = "webhook")
{
    AlertChannel channel;
    channel.kind = kind;
    channel.name = QString::fromLatin1(name);
    channel.url = url;
    return channel;
}

} // namespace

class TestAlertService : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;

    std::unique_ptr<AlertService> service(const QList<AlertChannel> &channels, EventBus *bus,
                                          int queueMax = 500)
    {
        auto made = std::make_unique<AlertService>(
            AlertService::Options{m_dir->path(), channels, queueMax, 20, QStringLiteral("mcp1")},
            bus);
        made->setRetryDelays(50, 200); // the real ones are seconds to minutes
        return made;
    }

    static void raise(AlertService &alerts, const QString &key)
    {
        alerts.engine().raise(key, Alert::Severity::Critical, QStringLiteral("Title of ") + key,
                              QStringLiteral("what happened"));
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void everyChannelGetsTheAlertAndTheEventStreamToo()
    {
        WebhookReceiver generic, slack;
        QVERIFY(generic.listen());
        QVERIFY(slack.listen());
        EventBus bus;
        auto alerts = service(
            {webhook(generic.url()), webhook(slack.url(), AlertChannel::Kind::Slack, "slack")},
            &bus);
        raise(*alerts, QStringLiteral("backup.failed"));
        QTRY_COMPARE(generic.requests().size(), 1);
        QTRY_COMPARE(slack.requests().size(), 1);
        QCOMPARE(QJsonDocument::fromJson(generic.requests()[0].body)
                     .object()[QLatin1String("key")]
                     .toString(),
                 QStringLiteral("backup.failed"));
        QVERIFY(QJsonDocument::fromJson(slack.requests()[0].body)
                    .object()
                    .contains(QLatin1String("text")));
        QCOMPARE(bus.since(0).size(), 1);
        const AdminEvent event = bus.since(0).first();
        QCOMPARE(event.type, QStringLiteral("alert.raised"));
        QCOMPARE(event.data[QLatin1String("alert")].toString(), QStringLiteral("backup.failed"));
        QCOMPARE(event.data[QLatin1String("severity")].toString(), QStringLiteral("critical"));
        QTRY_COMPARE(alerts->queued(), 0);
        const QJsonObject recent =
            alerts->toJson(10)[QLatin1String("recent")].toArray().first().toObject();
        QCOMPARE(recent[QLatin1String("deliveries")][QLatin1String("webhook")].toString(),
                 QStringLiteral("sent"));
        QCOMPARE(recent[QLatin1String("deliveries")][QLatin1String("slack")].toString(),
                 QStringLiteral("sent"));

        alerts->engine().clear(QStringLiteral("backup.failed"), QStringLiteral("written"));
        QTRY_COMPARE(generic.requests().size(), 2);
        QCOMPARE(QJsonDocument::fromJson(generic.requests()[1].body)
                     .object()[QLatin1String("kind")]
                     .toString(),
                 QStringLiteral("cleared"));
        QCOMPARE(bus.since(0).last().type, QStringLiteral("alert.cleared"));
    }

    void aFailedDeliveryIsRetriedUntilTheReceiverAnswers()
    {
        const quint16 port = WebhookReceiver::closedPort();
        auto alerts =
            service({webhook(QStringLiteral("http://127.0.0.1:%1/hook").arg(port))}, nullptr);
        QSignalSpy attempts(alerts.get(), &AlertService::attempted);
        raise(*alerts, QStringLiteral("health.audit"));
        QTRY_VERIFY(attempts.size() >= 2); // one retry at least
        QCOMPARE(attempts.first().at(2).toBool(), false);
        QCOMPARE(alerts->queued(), 1);
        const QString status =
            alerts
                ->toJson(1)[QLatin1String("recent")][0][QLatin1String("deliveries")]
                           [QLatin1String("webhook")]
                .toString();
        QVERIFY2(status.startsWith(QLatin1String("retrying: ")), qPrintable(status));

        WebhookReceiver receiver;
        QVERIFY(receiver.listen(port));
        QTRY_COMPARE(receiver.requests().size(), 1);
        QTRY_COMPARE(alerts->queued(), 0);
    }

    void theQueueSurvivesARestart()
    {
        const quint16 port = WebhookReceiver::closedPort();
        const QList<AlertChannel> channels{
            webhook(QStringLiteral("http://127.0.0.1:%1/hook").arg(port))};
        QString id;
        {
            auto alerts = service(channels, nullptr);
            alerts->setRetryDelays(3600'000, 3600'000); // no retry before the restart
            QSignalSpy attempts(alerts.get(), &AlertService::attempted);
            raise(*alerts, QStringLiteral("proxmox.unreachable:lab"));
            QVERIFY(attempts.wait());
            QCOMPARE(alerts->queued(), 1);
            id = alerts->toJson(1)[QLatin1String("recent")][0][QLatin1String("id")].toString();
        }
        QFile file(m_dir->filePath(QStringLiteral("alerts/alerts.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());
        QCOMPARE(QJsonDocument::fromJson(file.readAll())[QLatin1String("queue")].toArray().size(),
                 1);

        WebhookReceiver receiver;
        QVERIFY(receiver.listen(port));
        auto restarted = service(channels, nullptr);
        QTRY_COMPARE(receiver.requests().size(), 1);
        QCOMPARE(
            QJsonDocument::fromJson(receiver.requests()[0].body)[QLatin1String("id")].toString(),
            id);
        QTRY_COMPARE(restarted->queued(), 0);
        // The condition is still known: raising it again is no news.
        QVERIFY(restarted->engine().isActive(QStringLiteral("proxmox.unreachable:lab")));
        raise(*restarted, QStringLiteral("proxmox.unreachable:lab"));
        QTest::qWait(0);
        QCOMPARE(restarted->queued(), 0);
    }

    void theQueueIsBounded()
    {
        const quint16 port = WebhookReceiver::closedPort();
        auto alerts =
            service({webhook(QStringLiteral("http://127.0.0.1:%1/hook").arg(port))}, nullptr, 10);
        alerts->setRetryDelays(3600'000, 3600'000);
        for (int i = 0; i < 15; ++i)
            raise(*alerts, QStringLiteral("health.check%1").arg(i));
        QCOMPARE(alerts->queued(), 10);
        QCOMPARE(alerts->toJson(1)[QLatin1String("dropped")].toInteger(), 5);
        // The oldest went first.
        QCOMPARE(alerts
                     ->toJson(15)[QLatin1String("recent")][14][QLatin1String("deliveries")]
                                 [QLatin1String("webhook")]
                     .toString(),
                 QStringLiteral("failed: dropped, the queue was full"));
    }

    // A reload's ALERT_* keys: the next alert goes to the channel as changed, a lower bound
    // trims the queue at once, and a removed channel's deliveries are dropped.
    void reconfigureAppliesChannelsBoundAndBurst()
    {
        WebhookReceiver first, second;
        QVERIFY(first.listen());
        QVERIFY(second.listen());
        auto alerts = service({webhook(first.url())}, nullptr);
        raise(*alerts, QStringLiteral("health.a"));
        QTRY_COMPARE(first.requests().size(), 1);

        alerts->reconfigure({webhook(second.url())}, 50, 7);
        QCOMPARE(alerts->engine().authFailureBurst(), 7);
        QCOMPARE(alerts->queueMax(), 50);
        raise(*alerts, QStringLiteral("health.b"));
        QTRY_COMPARE(second.requests().size(), 1);
        QCOMPARE(first.requests().size(), 1);
        QCOMPARE(QJsonDocument::fromJson(second.requests().first().body)[QLatin1String("key")]
                     .toString(),
                 QStringLiteral("health.b"));

        const quint16 closed = WebhookReceiver::closedPort();
        const AlertChannel down = webhook(QStringLiteral("http://127.0.0.1:%1/hook").arg(closed));
        alerts->setRetryDelays(3600'000, 3600'000);
        alerts->reconfigure({down}, 50, 7);
        for (int i = 0; i < 6; ++i)
            raise(*alerts, QStringLiteral("health.q%1").arg(i));
        QTRY_COMPARE(alerts->queued(), 6);
        const qint64 droppedBefore = alerts->toJson(1)[QLatin1String("dropped")].toInteger();
        alerts->reconfigure({down}, 4, 7);
        QCOMPARE(alerts->queued(), 4);
        QCOMPARE(alerts->toJson(1)[QLatin1String("dropped")].toInteger(), droppedBefore + 2);

        alerts->reconfigure({}, 50, 7);
        QVERIFY(alerts->channels().isEmpty());
        QTRY_COMPARE(alerts->queued(), 0);
    }

    void aTestAlertGoesToOneChannelOnly()
    {
        WebhookReceiver generic, slack;
        QVERIFY(generic.listen());
        QVERIFY(slack.listen());
        auto alerts = service(
            {webhook(generic.url()), webhook(slack.url(), AlertChannel::Kind::Slack, "slack")},
            nullptr);
        bool done = false;
        QVERIFY(alerts
                    ->sendTest(QStringLiteral("webhook"),
                               [&done](const Result<void> &sent) { done = sent.ok(); })
                    .ok());
        QTRY_VERIFY(done);
        QCOMPARE(generic.requests().size(), 1);
        QCOMPARE(
            QJsonDocument::fromJson(generic.requests()[0].body)[QLatin1String("kind")].toString(),
            QStringLiteral("test"));
        QCOMPARE(slack.requests().size(), 0);
        QCOMPARE(alerts->queued(), 0);

        const auto missing = alerts->sendTest(QStringLiteral("email"), {});
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
        QVERIFY(missing.error().message.contains(QLatin1String("webhook, slack")));
    }
};

QTEST_GUILESS_MAIN(TestAlertService)
#include "TestAlertService.moc"
