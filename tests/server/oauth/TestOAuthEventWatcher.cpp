#include "server/oauth/OAuthEventWatcher.h"

#include "server/events/EventBus.h"

#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

namespace {

const QString kChallenge = QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");

QStringList typesOf(const EventBus &bus)
{
    QStringList types;
    for (const AdminEvent &event : bus.since(0))
        types.append(event.type);
    return types;
}

} // namespace

class TestOAuthEventWatcher final : public QObject {
    Q_OBJECT
private slots:
    void announcesEachChangeOnce();
    void whatWasThereAtTheStartIsNotAnnounced();
};

void TestOAuthEventWatcher::announcesEachChangeOnce()
{
    QTemporaryDir dir;
    QDateTime now(QDate(2026, 12, 4), QTime(10, 0), Qt::UTC);
    OAuthStore store(dir.path());
    store.setClock([&now] { return now; });
    store.setRecheckIntervalMs(0);
    store.setPendingLifetimeSeconds(300);
    EventBus bus;
    OAuthEventWatcher watcher(&store, &bus);
    const QString clientId =
        store
            .registerClient(QStringLiteral("Claude"), {QStringLiteral("https://claude.ai/cb")},
                            QStringLiteral("dcr"))
            .value()
            .clientId;
    OAuthStore cli(dir.path()); // approvals come from another process
    cli.setClock([&now] { return now; });
    const auto first = store.createRequest({clientId,
                                            QStringLiteral("https://claude.ai/cb"),
                                            {},
                                            kChallenge,
                                            QStringLiteral("r"),
                                            QStringLiteral("full")});
    const auto second = store.createRequest({clientId,
                                             QStringLiteral("https://claude.ai/cb"),
                                             {},
                                             kChallenge,
                                             QStringLiteral("r"),
                                             {}});
    const auto third = store.createRequest({clientId,
                                            QStringLiteral("https://claude.ai/cb"),
                                            {},
                                            kChallenge,
                                            QStringLiteral("r"),
                                            {}});
    watcher.check();
    watcher.check();
    QCOMPARE(typesOf(bus), QStringList(3, QStringLiteral("client.requested")));
    const QJsonObject requested = bus.since(0).first().data;
    QCOMPARE(requested.value(QLatin1String("clientName")).toString(), QStringLiteral("Claude"));
    QCOMPARE(requested.value(QLatin1String("redirectHost")).toString(),
             QStringLiteral("claude.ai"));
    QCOMPARE(requested.value(QLatin1String("code")).toString(), first.value().first.id);
    QCOMPARE(requested.value(QLatin1String("scope")).toString(), QStringLiteral("full"));

    QVERIFY(
        cli.approve(first.value().first.id, OAuthScope::readOnly(), 7, QStringLiteral("cli:root"))
            .ok());
    QVERIFY(cli.reject(second.value().first.id, QStringLiteral("cli:root")).ok());
    watcher.check();
    QCOMPARE(typesOf(bus).mid(3),
             (QStringList{QStringLiteral("client.approved"), QStringLiteral("client.rejected")}));
    const QJsonObject approved = bus.since(0).at(3).data;
    QCOMPARE(approved.value(QLatin1String("scope")).toString(), QStringLiteral("read-only"));
    QCOMPARE(approved.value(QLatin1String("by")).toString(), QStringLiteral("cli:root"));
    QVERIFY(!approved.value(QLatin1String("expires")).toString().isEmpty());

    now = now.addSecs(300); // the third request times out
    watcher.check();
    QCOMPARE(typesOf(bus).mid(5), QStringList{QStringLiteral("client.expired")});
    const QString grant = cli.read().value().grants.first().name;
    QVERIFY(cli.revoke(grant, QStringLiteral("lost laptop")).ok());
    watcher.check();
    QCOMPARE(typesOf(bus).mid(6), QStringList{QStringLiteral("client.revoked")});
    QCOMPARE(bus.since(0).last().data.value(QLatin1String("reason")).toString(),
             QStringLiteral("lost laptop"));
    Q_UNUSED(third);
}

void TestOAuthEventWatcher::whatWasThereAtTheStartIsNotAnnounced()
{
    QTemporaryDir dir;
    OAuthStore store(dir.path());
    store.setRecheckIntervalMs(0);
    const QString clientId =
        store
            .registerClient(QStringLiteral("Claude"), {QStringLiteral("https://claude.ai/cb")},
                            QStringLiteral("dcr"))
            .value()
            .clientId;
    QVERIFY(store
                .createRequest({clientId,
                                QStringLiteral("https://claude.ai/cb"),
                                {},
                                kChallenge,
                                QStringLiteral("r"),
                                {}})
                .ok());
    EventBus bus;
    OAuthEventWatcher watcher(&store, &bus);
    watcher.check();
    QVERIFY(bus.since(0).isEmpty());
    // Positive control: a new one after the start is announced.
    QVERIFY(store
                .createRequest({clientId,
                                QStringLiteral("https://claude.ai/cb"),
                                {},
                                kChallenge,
                                QStringLiteral("r"),
                                {}})
                .ok());
    watcher.check();
    QCOMPARE(bus.since(0).size(), 1);
}

QTEST_GUILESS_MAIN(TestOAuthEventWatcher)
#include "TestOAuthEventWatcher.moc"
