#include "server/cli/AlertsCommand.h"

#include "tests/support/SmtpReceiver.h"
#include "tests/support/WebhookReceiver.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace pmcp;
using namespace pmcp::testing;

namespace {

struct Outcome {
    int code = -1;
    QString out;
    QString err;
};

} // namespace

// `proxmox-mcpd alerts test|list` as the real binary, a child process; the receivers answer on
// this test's event loop while it runs.
class TestAlertsCommand final : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;

    QString writeConfig(const QByteArray &lines)
    {
        const QString path = m_dir->filePath(QStringLiteral("proxmox-mcp.env"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write("STATE_DIR=" + m_dir->filePath(QStringLiteral("state")).toUtf8() +
                   "\nENABLE_PROXMOX_API=false\nENABLE_SSH=false\n" + lines);
        return path;
    }

    Outcome run(const QStringList &arguments)
    {
        QProcess process;
        process.start(QStringLiteral(PMCP_DAEMON_BINARY), arguments);
        Outcome outcome;
        if (!process.waitForStarted(10000))
            return outcome;
        // Not waitForFinished: the receivers need this event loop while the child sends.
        if (!QTest::qWaitFor([&process] { return process.state() == QProcess::NotRunning; },
                             60000)) {
            process.kill();
            process.waitForFinished(5000);
            return outcome;
        }
        outcome.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        outcome.out = QString::fromUtf8(process.readAllStandardOutput());
        outcome.err = QString::fromUtf8(process.readAllStandardError());
        return outcome;
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void testSendsASignedWebhook()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const QString config = writeConfig("ALERT_WEBHOOK_URL=" + receiver.url().toUtf8() +
                                           "\nALERT_WEBHOOK_SECRET=shared-secret\n");
        const Outcome outcome =
            run({QStringLiteral("alerts"), QStringLiteral("test"), QStringLiteral("webhook"),
                 QStringLiteral("--config"), config});
        QVERIFY2(outcome.code == 0, qPrintable(outcome.out + outcome.err));
        QVERIFY(outcome.out.startsWith(QLatin1String("sent a test alert to webhook (a-")));
        QCOMPARE(receiver.requests().size(), 1);
        const auto &request = receiver.requests().first();
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        QCOMPARE(body[QLatin1String("schema")].toString(), QStringLiteral("proxmox-mcp.alert/1"));
        QCOMPARE(body[QLatin1String("kind")].toString(), QStringLiteral("test"));
        QVERIFY(request.headers.value("x-proxmox-mcp-signature").startsWith("sha256="));
        QVERIFY(!request.headers.value("x-proxmox-mcp-timestamp").isEmpty());
    }

    void testSendsAnEmail()
    {
        SmtpReceiver smtp;
        QString why;
        if (!smtp.start(QStringLiteral("alerts"), QStringLiteral("pa55"), &why))
            QFAIL(qPrintable(why));
        const QString config = writeConfig(
            "ALERT_SMTP_URL=" + smtp.url().toUtf8() +
            "\nALERT_SMTP_USER=alerts\n"
            "ALERT_SMTP_PASSWORD=pa55\nALERT_SMTP_CA_FILE=" +
            smtp.caFile().toUtf8() +
            "\nALERT_EMAIL_FROM=mcp@example.com\nALERT_EMAIL_TO=ops@example.com,b@example.com\n");
        const Outcome outcome = run({QStringLiteral("alerts"), QStringLiteral("test"),
                                     QStringLiteral("email"), QStringLiteral("--config"), config});
        QVERIFY2(outcome.code == 0, qPrintable(outcome.out + outcome.err));
        const auto messages = smtp.messages();
        QCOMPARE(messages.size(), 1);
        QVERIFY(messages[0].envelope[QLatin1String("tls")].toBool());
        QVERIFY(messages[0].envelope[QLatin1String("authenticated")].toBool());
        QCOMPARE(messages[0].envelope[QLatin1String("rcpt_tos")].toArray().size(), 2);
        QVERIFY(messages[0].content.contains("Subject: [proxmox-mcp "));
        QVERIFY(messages[0].content.contains("TEST: Test alert from proxmox-mcp"));
    }

    void aChannelThatFailsExitsOne()
    {
        const QString config = writeConfig("ALERT_SLACK_WEBHOOK=http://127.0.0.1:" +
                                           QByteArray::number(WebhookReceiver::closedPort()) +
                                           "/services/T/B/secretpart\n");
        const Outcome outcome = run({QStringLiteral("alerts"), QStringLiteral("test"),
                                     QStringLiteral("slack"), QStringLiteral("--config"), config});
        QCOMPARE(outcome.code, 1);
        QVERIFY(
            outcome.err.contains(QLatin1String("the slack channel did not take the test alert")));
        QVERIFY(!outcome.err.contains(QLatin1String("secretpart")));
    }

    void anUnconfiguredChannelExitsTwo()
    {
        const QString config = writeConfig({});
        const Outcome outcome =
            run({QStringLiteral("alerts"), QStringLiteral("test"), QStringLiteral("discord"),
                 QStringLiteral("--config"), config});
        QCOMPARE(outcome.code, 2);
        QVERIFY(outcome.err.contains(QLatin1String("no alert channel discord is configured")));
        QCOMPARE(run({QStringLiteral("alerts"), QStringLiteral("test"), QStringLiteral("--config"),
                      config})
                     .code,
                 2);
    }

    void listShowsWhatTheDaemonRecorded()
    {
        const QString config = writeConfig("ALERT_WEBHOOK_URL=http://127.0.0.1:9/hook\n");
        QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("state/alerts"))));
        QFile state(m_dir->filePath(QStringLiteral("state/alerts/alerts.json")));
        QVERIFY(state.open(QIODevice::WriteOnly));
        state.write(R"({"queue":[],"dropped":0,"active":[],"recent":[{"alert":{"id":"a-1",
            "key":"backup.failed","kind":"raised","severity":"critical","title":"A backup failed",
            "message":"disk full","time":"2026-12-07T10:00:00.000Z"},"channels":{"webhook":"sent"}}]})");
        state.close();
        const Outcome text = run(
            {QStringLiteral("alerts"), QStringLiteral("list"), QStringLiteral("--config"), config});
        QVERIFY2(text.code == 0, qPrintable(text.err));
        QVERIFY(text.out.contains(QLatin1String("channels: webhook")));
        QVERIFY(text.out.contains(QLatin1String("raised  A backup failed  [webhook sent]")));
        const Outcome json = run({QStringLiteral("alerts"), QStringLiteral("list"),
                                  QStringLiteral("--json"), QStringLiteral("--config"), config});
        QCOMPARE(json.code, 0);
        const QJsonObject root = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(
            root[QLatin1String("recent")][0][QLatin1String("deliveries")][QLatin1String("webhook")]
                .toString(),
            QStringLiteral("sent"));
    }
};

QTEST_GUILESS_MAIN(TestAlertsCommand)
#include "TestAlertsCommand.moc"
