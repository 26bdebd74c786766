#include "server/tools/proxmox/ConfirmationGate.h"

#include "server/mcp/JsonSchemaValidator.h"

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
    QVERIFY2(question.contains(QLatin1String("DELETE /nodes/pve1/qemu/100")), qPrintable(question));
    QVERIFY2(question.contains(QLatin1String("web-01")), qPrintable(question));
    QVERIFY2(question.contains(QLatin1String("\"purge\":1")), qPrintable(question));
    QVERIFY(ConfirmationGate::refusal(QStringLiteral("qemu_delete"))
                .contains(QLatin1String("confirm:true")));
}

QTEST_GUILESS_MAIN(TestConfirmationGate)
#include "TestConfirmationGate.moc"
