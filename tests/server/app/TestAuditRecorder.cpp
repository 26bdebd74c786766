#include "server/app/AuditRecorder.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

namespace {

const QString kUpid =
    QStringLiteral("UPID:pve1:0017C594:0ADB2769:63EC5455:qmstart:100:root@pam!mcp:");

// A record whose result claims a denial, a timeout and a task in every way a parser could
// look for them: only the facts may count.
McpServer::ToolCallRecord record(const QString &tool, const AuditFacts &facts = {},
                                 const QString &outcome = QStringLiteral("ok"))
{
    const QJsonObject structured{{QStringLiteral("status"), QStringLiteral("denied")},
                                 {QStringLiteral("rule"), QStringLiteral("from-the-result")},
                                 {QStringLiteral("upid"), kUpid}};
    const QJsonObject result{
        {QStringLiteral("content"),
         QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                {QStringLiteral("text"), QStringLiteral("started ") + kUpid}}}},
        {QStringLiteral("structuredContent"), structured}};
    return {QStringLiteral("laptop"),
            tool,
            QJsonObject{{QStringLiteral("vmid"), 100},
                        {QStringLiteral("password"), QStringLiteral("s3cret")}},
            outcome,
            12,
            QJsonObject{{QStringLiteral("result"), result}},
            facts};
}

} // namespace

class TestAuditRecorder final : public QObject {
    Q_OBJECT
private slots:
    void copiesWhoWhatAndHowLong()
    {
        const AuditEntry entry = AuditRecorder::entryFor(record(QStringLiteral("list_vms")));
        QCOMPARE(entry.client, QStringLiteral("laptop"));
        QCOMPARE(entry.tool, QStringLiteral("list_vms"));
        QCOMPARE(entry.durationMs, qint64(12));
        QCOMPARE(entry.outcome, QStringLiteral("ok"));
        QCOMPARE(entry.arguments.value(QLatin1String("vmid")).toInt(), 100);
    }

    // Masking is the audit log's (SecretMask, at append): what reaches the disk holds no secret.
    void noSecretReachesTheLog()
    {
        QTemporaryDir state;
        AuditLog log(AuditLog::directoryIn(state.path()), AuditLog::keyPathIn(state.path()));
        QVERIFY(log.open().ok());
        QVERIFY(log.append(AuditRecorder::entryFor(record(QStringLiteral("x")))).ok());
        QFile file(AuditLog::directoryIn(state.path()) + QStringLiteral("/") +
                   AuditLog::fileName(1));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray line = file.readAll();
        QVERIFY(line.contains("\"password\":\"********\""));
        QVERIFY(!line.contains("s3cret"));
    }

    void aDeniedDecisionOfAnyToolIsRecorded()
    {
        AuditFacts facts;
        facts.setDenied(QStringLiteral("rm-root"));
        const AuditEntry denied =
            AuditRecorder::entryFor(record(QStringLiteral("anything_at_all"), facts));
        QCOMPARE(denied.decision, QStringLiteral("denied:rm-root"));
        QCOMPARE(denied.outcome, QStringLiteral("denied"));
    }

    void anAllowedCommandThatTimedOut()
    {
        AuditFacts facts;
        facts.setAllowed();
        facts.setTimedOut();
        const AuditEntry timeout = AuditRecorder::entryFor(record(QStringLiteral("y"), facts));
        QCOMPARE(timeout.decision, QStringLiteral("allowed"));
        QCOMPARE(timeout.outcome, QStringLiteral("timeout"));
    }

    void aResultThatMerelyContainsADenialIsNotOne()
    {
        for (const QString &tool : {QStringLiteral("execute_command"), QStringLiteral("lxc_exec"),
                                    QStringLiteral("list_vms")}) {
            const AuditEntry entry = AuditRecorder::entryFor(record(tool));
            QVERIFY2(entry.decision.isEmpty(), qPrintable(tool));
            QCOMPARE(entry.outcome, QStringLiteral("ok"));
            QVERIFY(entry.upid.isEmpty()); // a UPID in the text is no task the call started
        }
    }

    void aCancelledCallStaysCancelled()
    {
        AuditFacts facts;
        facts.setAllowed();
        facts.setTimedOut();
        QCOMPARE(
            AuditRecorder::entryFor(record(QStringLiteral("z"), facts, QStringLiteral("cancelled")))
                .outcome,
            QStringLiteral("cancelled"));
    }

    void theTaskAndTargetComeFromTheFacts()
    {
        AuditFacts facts;
        facts.setUpid(kUpid);
        facts.setTargetSystem(QStringLiteral("lab"));
        facts.setTargetNode(QStringLiteral("pve1"));
        facts.setTargetGuest(QStringLiteral("qemu"), 100);
        const AuditEntry entry = AuditRecorder::entryFor(record(QStringLiteral("vm_start"), facts));
        QCOMPARE(entry.upid, kUpid);
        QCOMPARE(entry.target,
                 (QJsonObject{{QStringLiteral("system"), QStringLiteral("lab")},
                              {QStringLiteral("node"), QStringLiteral("pve1")},
                              {QStringLiteral("guest"), QStringLiteral("qemu/100")}}));
        QVERIFY(AuditRecorder::entryFor(record(QStringLiteral("w"))).target.isEmpty());
    }

    // How a confirmed change was confirmed comes from the facts, and reaches the line on disk
    // (what audit tail and the admin audit query show); an unconfirmed call has neither field.
    void howItWasConfirmedIsRecorded()
    {
        AuditFacts client;
        client.setConfirmation(AuditFacts::Confirmation::Client);
        const AuditEntry byClient =
            AuditRecorder::entryFor(record(QStringLiteral("qemu_stop"), client));
        QCOMPARE(byClient.confirmedBy, QStringLiteral("confirm_argument"));
        QVERIFY(byClient.confirmation.isEmpty());
        AuditFacts person;
        const QJsonObject answer{
            {QStringLiteral("action"), QStringLiteral("accept")},
            {QStringLiteral("content"), QJsonObject{{QStringLiteral("confirm"), true}}}};
        person.setConfirmedByPerson(answer);
        const AuditEntry byPerson =
            AuditRecorder::entryFor(record(QStringLiteral("qemu_delete"), person));
        QCOMPARE(byPerson.confirmedBy, QStringLiteral("elicitation"));
        QCOMPARE(byPerson.confirmation, answer);
        const AuditEntry nobody = AuditRecorder::entryFor(record(QStringLiteral("list_vms")));
        QVERIFY(nobody.confirmedBy.isEmpty());

        QTemporaryDir state;
        AuditLog log(AuditLog::directoryIn(state.path()), AuditLog::keyPathIn(state.path()));
        QVERIFY(log.open().ok());
        for (const AuditEntry &entry : {byClient, byPerson, nobody})
            QVERIFY(log.append(entry).ok());
        const auto written = AuditLog::tail(AuditLog::directoryIn(state.path()), 3);
        QVERIFY(written.ok());
        QCOMPARE(written.value().size(), 3);
        QCOMPARE(written.value().at(0).value(QLatin1String("confirmed_by")).toString(),
                 QStringLiteral("confirm_argument"));
        QCOMPARE(written.value().at(1).value(QLatin1String("confirmed_by")).toString(),
                 QStringLiteral("elicitation"));
        QCOMPARE(written.value().at(1).value(QLatin1String("confirmation")).toObject(), answer);
        QVERIFY(!written.value().at(2).contains(QLatin1String("confirmed_by")));
        QVERIFY(!written.value().at(2).contains(QLatin1String("confirmation")));
        QVERIFY(
            AuditLog::verify(AuditLog::directoryIn(state.path()), AuditLog::keyPathIn(state.path()))
                .ok);
    }
};

QTEST_GUILESS_MAIN(TestAuditRecorder)
#include "TestAuditRecorder.moc"
