#include "server/oauth/ClientList.h"

#include <QTest>

using namespace pmcp;

class TestClientList final : public QObject {
    Q_OBJECT
private slots:
    void tokensAndGrantsInOneList();
    void pendingListsOnlyWhatWaits();
};

void TestClientList::tokensAndGrantsInOneList()
{
    const QDateTime now(QDate(2026, 12, 4), QTime(10, 0), Qt::UTC);
    ClientRecord token{
        QStringLiteral("scripts"), QByteArray(64, 'a'), now.addDays(-1), {}, true, {}};
    OAuthGrant active;
    active.name = QStringLiteral("claude-abcd1234");
    active.clientName = QStringLiteral("Claude");
    active.scope = QStringLiteral("tools:list_vms");
    active.created = now.addDays(-2);
    active.expires = now.addDays(5);
    OAuthGrant revoked = active;
    revoked.name = QStringLiteral("old-efgh5678");
    revoked.revoked = now.addSecs(-60);
    revoked.revokeReason = QStringLiteral("lost laptop");
    OAuthGrant expired = active;
    expired.name = QStringLiteral("late-jkmn2345");
    expired.expires = now.addSecs(-1);
    QHash<QString, ClientUsage::Entry> usage{
        {QStringLiteral("claude-abcd1234"), {now.addSecs(-5), 12}}};
    const QJsonArray list = ClientList::clients({token}, {active, revoked, expired}, usage, now);
    QCOMPARE(list.size(), 4);
    const QJsonObject t = list.at(0).toObject();
    QCOMPARE(t.value(QLatin1String("kind")).toString(), QStringLiteral("token"));
    QCOMPARE(t.value(QLatin1String("scope")).toString(), QStringLiteral("read-only"));
    QCOMPARE(t.value(QLatin1String("state")).toString(), QStringLiteral("active"));
    QVERIFY(t.value(QLatin1String("expires")).isNull());
    QCOMPARE(t.value(QLatin1String("calls")).toInt(), 0);
    const QJsonObject g = list.at(1).toObject();
    QCOMPARE(g.value(QLatin1String("kind")).toString(), QStringLiteral("oauth"));
    QCOMPARE(g.value(QLatin1String("scope")).toString(), QStringLiteral("tools:list_vms"));
    QCOMPARE(g.value(QLatin1String("calls")).toInt(), 12);
    QCOMPARE(g.value(QLatin1String("lastUsed")).toString(),
             now.addSecs(-5).toString(Qt::ISODateWithMs));
    QCOMPARE(list.at(2).toObject().value(QLatin1String("state")).toString(),
             QStringLiteral("revoked"));
    QCOMPARE(list.at(2).toObject().value(QLatin1String("revokeReason")).toString(),
             QStringLiteral("lost laptop"));
    QCOMPARE(list.at(3).toObject().value(QLatin1String("state")).toString(),
             QStringLiteral("expired"));
}

void TestClientList::pendingListsOnlyWhatWaits()
{
    const QDateTime now(QDate(2026, 12, 4), QTime(10, 0), Qt::UTC);
    AccessRequest waiting;
    waiting.id = QStringLiteral("ABCD-EFGH");
    waiting.clientName = QStringLiteral("Claude");
    waiting.redirectUri = QStringLiteral("https://claude.ai/api/mcp/auth_callback");
    waiting.created = now.addSecs(-10);
    waiting.expires = now.addSecs(290);
    AccessRequest timedOut = waiting;
    timedOut.id = QStringLiteral("JKMN-PQRS");
    timedOut.expires = now;
    AccessRequest decided = waiting;
    decided.id = QStringLiteral("TUVW-XYZ2");
    decided.status = AccessRequest::Status::Approved;
    const QJsonArray list = ClientList::pending({waiting, timedOut, decided}, now);
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.first().toObject().value(QLatin1String("id")).toString(),
             QStringLiteral("ABCD-EFGH"));
    QCOMPARE(list.first().toObject().value(QLatin1String("redirectHost")).toString(),
             QStringLiteral("claude.ai"));
}

QTEST_GUILESS_MAIN(TestClientList)
#include "TestClientList.moc"
