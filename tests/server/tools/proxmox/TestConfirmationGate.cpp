#include "server/tools/proxmox/ConfirmationGate.h"

#include "server/mcp/JsonSchemaValidator.h"

#include <QJsonDocument>
#include <QTest>

using namespace pmcp;

Q_DECLARE_METATYPE(ConfirmationGate::Decision)

class TestConfirmationGate final : public QObject {
    Q_OBJECT

private slots:
    void decide_data();
    void decide();
    void answers_data();
    void answers();
    void requestedSchemaIsOneBoolean();
    void questionNamesRequestAndTarget();
    void describe_data();
    void describe();
};

void TestConfirmationGate::decide_data()
{
    using D = ConfirmationGate::Decision;
    QTest::addColumn<QJsonObject>("arguments");
    QTest::addColumn<bool>("canElicit");
    QTest::addColumn<bool>("prefer");
    QTest::addColumn<D>("decision");
    const QJsonObject none;
    const QJsonObject confirmed{{QStringLiteral("confirm"), true}};
    const QJsonObject notConfirmed{{QStringLiteral("confirm"), false}};
    const QJsonObject dryRun{{QStringLiteral("dry_run"), true}, {QStringLiteral("confirm"), true}};
    QTest::newRow("dry run wins over confirm") << dryRun << true << true << D::DryRun;
    QTest::newRow("confirmed") << confirmed << false << true << D::Proceed;
    QTest::newRow("absent, client asks") << none << true << true << D::Ask;
    QTest::newRow("false, client asks") << notConfirmed << true << true << D::Ask;
    QTest::newRow("absent, no elicitation") << none << false << true << D::Refuse;
    QTest::newRow("absent, elicitation not preferred") << none << true << false << D::Refuse;
}

void TestConfirmationGate::decide()
{
    QFETCH(QJsonObject, arguments);
    QFETCH(bool, canElicit);
    QFETCH(bool, prefer);
    QFETCH(ConfirmationGate::Decision, decision);
    QCOMPARE(ConfirmationGate::decide(arguments, canElicit, prefer), decision);
}

void TestConfirmationGate::answers_data()
{
    QTest::addColumn<bool>("transportOk");
    QTest::addColumn<QJsonObject>("answer");
    QTest::addColumn<bool>("proceed");
    QTest::addColumn<QString>("says");
    const auto answer = [](const QString &action, bool confirm) {
        return QJsonObject{
            {QStringLiteral("action"), action},
            {QStringLiteral("content"), QJsonObject{{QStringLiteral("confirm"), confirm}}}};
    };
    QTest::newRow("accepted") << true << answer(QStringLiteral("accept"), true) << true
                              << QString();
    QTest::newRow("accepted unticked") << true << answer(QStringLiteral("accept"), false) << false
                                       << QStringLiteral("did not confirm");
    QTest::newRow("declined") << true << answer(QStringLiteral("decline"), true) << false
                              << QStringLiteral("declined");
    QTest::newRow("cancelled") << true
                               << QJsonObject{{QStringLiteral("action"), QStringLiteral("cancel")}}
                               << false << QStringLiteral("cancelled");
    QTest::newRow("client error") << false << QJsonObject{} << false
                                  << QStringLiteral("confirmation request failed");
}

void TestConfirmationGate::answers()
{
    QFETCH(bool, transportOk);
    QFETCH(QJsonObject, answer);
    QFETCH(bool, proceed);
    QFETCH(QString, says);
    const Result<QJsonObject> given =
        transportOk ? Result<QJsonObject>(answer)
                    : Result<QJsonObject>(Error{ErrorCode::Unavailable, QStringLiteral("gone")});
    const Result<void> verdict = ConfirmationGate::interpretAnswer(given);
    QCOMPARE(verdict.ok(), proceed);
    if (!proceed) {
        QVERIFY2(verdict.error().message.startsWith(QLatin1String("Nothing was done")),
                 qPrintable(verdict.error().message));
        QVERIFY2(verdict.error().message.contains(says), qPrintable(verdict.error().message));
    }
}

void TestConfirmationGate::requestedSchemaIsOneBoolean()
{
    const QJsonObject schema = ConfirmationGate::requestedSchema();
    QCOMPARE(JsonSchemaValidator::checkSchema(schema), QString());
    QCOMPARE(schema.value(QLatin1String("properties")).toObject().keys(),
             QStringList{QStringLiteral("confirm")});
    QVERIFY(JsonSchemaValidator(schema)
                .validate(QJsonObject{{QStringLiteral("confirm"), true}})
                .isEmpty());
}

void TestConfirmationGate::questionNamesRequestAndTarget()
{
    const QJsonObject plan{
        {QStringLiteral("request"),
         QJsonObject{{QStringLiteral("method"), QStringLiteral("DELETE")},
                     {QStringLiteral("path"), QStringLiteral("/nodes/pve1/qemu/100")},
                     {QStringLiteral("params"), QJsonObject{{QStringLiteral("purge"), 1}}}}},
        {QStringLiteral("affects"),
         QJsonObject{{QStringLiteral("name"), QStringLiteral("web-01")}}}};
    const QString question = ConfirmationGate::question(QStringLiteral("qemu_delete"), plan);
    // A sentence naming the guest, its node and what happens; never raw JSON.
    QCOMPARE(question, QStringLiteral("qemu_delete wants to delete VM 100 (\"web-01\") on node "
                                      "pve1 for good, purging it from backup jobs, replication "
                                      "and HA. Carry it out?"));
    QVERIFY(ConfirmationGate::refusal(QStringLiteral("qemu_delete"))
                .contains(QLatin1String("confirm:true")));
}

void TestConfirmationGate::describe_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("params");
    QTest::addColumn<QByteArray>("affects");
    QTest::addColumn<QString>("sentence");
    QTest::newRow("stop") << "POST"
                          << "/nodes/pve1/qemu/100/status/stop" << QByteArray("{}")
                          << QByteArray(R"({"name":"web-01","status":"running"})")
                          << "stop (power off at once) VM 100 (\"web-01\", running) on node pve1";
    QTest::newRow("container snapshot")
        << "DELETE"
        << "/nodes/pve2/lxc/201/snapshot/pre" << QByteArray("{}") << QByteArray("{}")
        << "delete snapshot \"pre\" of container 201 on node pve2";
    QTest::newRow("rollback")
        << "POST"
        << "/nodes/pve1/qemu/100/snapshot/s1/rollback" << QByteArray("{}")
        << QByteArray(R"({"lock":"backup"})")
        << "roll VM 100 (locked: backup) on node pve1 back to snapshot \"s1\", discarding every "
           "change since";
    QTest::newRow("restore over")
        << "POST"
        << "/nodes/pve1/qemu"
        << QByteArray(R"({"vmid":100,"archive":"local:backup/x.vma.zst","force":1})")
        << QByteArray("{}")
        << "restore the backup local:backup/x.vma.zst as VM 100 on node pve1, overwriting the "
           "guest that has this id and its disks";
    QTest::newRow("volume") << "DELETE"
                            << "/nodes/pve1/storage/local/content/local:backup%2Fx"
                            << QByteArray("{}") << QByteArray("{}")
                            << "delete the volume local:backup/x from storage local on node pve1 "
                               "for good";
    QTest::newRow("disk") << "PUT"
                          << "/nodes/pve1/qemu/100/config" << QByteArray(R"({"delete":"scsi1"})")
                          << QByteArray("{}")
                          << "remove scsi1 from the configuration of VM 100 on node pve1";
    QTest::newRow("agent") << "POST"
                           << "/nodes/pve1/qemu/100/agent/exec"
                           << QByteArray(R"({"command":["rm","-rf","/tmp/x"]})") << QByteArray("{}")
                           << "run \"rm -rf /tmp/x\" inside VM 100 on node pve1 through its "
                              "guest agent";
    QTest::newRow("anything else")
        << "PUT"
        << "/cluster/firewall/options" << QByteArray(R"({"enable":0})") << QByteArray("{}")
        << "send PUT /cluster/firewall/options with enable=0";
}

void TestConfirmationGate::describe()
{
    QFETCH(QString, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, params);
    QFETCH(QByteArray, affects);
    QFETCH(QString, sentence);
    ProxmoxRequest request;
    request.method = method.toLatin1();
    request.path = path;
    request.params = QJsonDocument::fromJson(params).object();
    QCOMPARE(ConfirmationGate::describe(request, QJsonDocument::fromJson(affects).object()),
             sentence);
}

QTEST_GUILESS_MAIN(TestConfirmationGate)
#include "TestConfirmationGate.moc"
