#include "server/app/AuditRecorder.h"

#include <QJsonArray>
#include <QTest>

using namespace pmcp;

namespace {
McpServer::ToolCallRecord record(const QString &tool, const QJsonObject &structured,
                                 const QString &text = {})
{
    QJsonObject result{{QStringLiteral("content"),
                        QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                               {QStringLiteral("text"), text}}}}};
    if (!structured.isEmpty())
        result.insert(QStringLiteral("structuredContent"), structured);
    return {QStringLiteral("laptop"),
            tool,
            QJsonObject{{QStringLiteral("vmid"), 100},
                        {QStringLiteral("password"), QStringLiteral("s3cret")}},
            QStringLiteral("ok"),
            12,
            QJsonObject{{QStringLiteral("result"), result}}};
}
} // namespace

class TestAuditRecorder final : public QObject {
    Q_OBJECT
private slots:
    void copiesWhoWhatAndHowLong()
    {
        const AuditEntry entry = AuditRecorder::entryFor(record(QStringLiteral("list_vms"), {}));
        QCOMPARE(entry.client, QStringLiteral("laptop"));
        QCOMPARE(entry.tool, QStringLiteral("list_vms"));
        QCOMPARE(entry.durationMs, qint64(12));
        QCOMPARE(entry.outcome, QStringLiteral("ok"));
        QCOMPARE(entry.arguments.value(QLatin1String("vmid")).toInt(), 100);
    }

    void masksSecretsAtAnyDepth()
    {
        const QJsonObject masked = AuditRecorder::maskSecrets(
            {{QStringLiteral("password"), QStringLiteral("a")},
             {QStringLiteral("data"),
              QJsonObject{{QStringLiteral("token_value"), QStringLiteral("b")},
                          {QStringLiteral("name"), QStringLiteral("c")}}},
             {QStringLiteral("list"),
              QJsonArray{QJsonObject{{QStringLiteral("sshkey"), QStringLiteral("d")}}}}});
        QCOMPARE(masked.value(QLatin1String("password")).toString(), QStringLiteral("********"));
        const QJsonObject data = masked.value(QLatin1String("data")).toObject();
        QCOMPARE(data.value(QLatin1String("token_value")).toString(), QStringLiteral("********"));
        QCOMPARE(data.value(QLatin1String("name")).toString(), QStringLiteral("c"));
        QCOMPARE(masked.value(QLatin1String("list"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("sshkey"))
                     .toString(),
                 QStringLiteral("********"));
        QVERIFY(!AuditRecorder::entryFor(record(QStringLiteral("x"), {}))
                     .arguments.contains(QStringLiteral("s3cret")));
        QCOMPARE(AuditRecorder::entryFor(record(QStringLiteral("x"), {}))
                     .arguments.value(QLatin1String("password"))
                     .toString(),
                 QStringLiteral("********"));
    }

    void policyDecisionsOfShellCommands()
    {
        const AuditEntry denied =
            AuditRecorder::entryFor(record(QStringLiteral("execute_command"),
                                           {{QStringLiteral("status"), QStringLiteral("denied")},
                                            {QStringLiteral("rule"), QStringLiteral("rm-root")}}));
        QCOMPARE(denied.decision, QStringLiteral("denied:rm-root"));
        QCOMPARE(denied.outcome, QStringLiteral("denied"));
        const AuditEntry timeout = AuditRecorder::entryFor(
            record(QStringLiteral("execute_command"),
                   {{QStringLiteral("status"), QStringLiteral("timeout")}}));
        QCOMPARE(timeout.decision, QStringLiteral("allowed"));
        QCOMPARE(timeout.outcome, QStringLiteral("timeout"));
        QVERIFY(AuditRecorder::entryFor(record(QStringLiteral("list_vms"), {})).decision.isEmpty());
    }

    void findsTheTaskThatWasStarted()
    {
        const QString upid =
            QStringLiteral("UPID:pve1:0017C594:0ADB2769:63EC5455:qmstart:100:root@pam!mcp:");
        QCOMPARE(AuditRecorder::entryFor(
                     record(QStringLiteral("qemu_start"), {{QStringLiteral("upid"), upid}}))
                     .upid,
                 upid);
        QCOMPARE(AuditRecorder::entryFor(
                     record(QStringLiteral("vm_action"), {}, QStringLiteral("started ") + upid))
                     .upid,
                 upid);
        QVERIFY(AuditRecorder::entryFor(
                    record(QStringLiteral("list_vms"), {}, QStringLiteral("no task")))
                    .upid.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAuditRecorder)
#include "TestAuditRecorder.moc"
