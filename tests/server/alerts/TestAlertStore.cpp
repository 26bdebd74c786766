#include "server/alerts/AlertStore.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

class TestAlertStore : public QObject {
    Q_OBJECT

private slots:
    void noFileIsAnEmptyState()
    {
        QTemporaryDir dir;
        const auto state = AlertStore(dir.path()).load();
        QVERIFY(state.ok());
        QVERIFY(state.value().queue.isEmpty());
        QVERIFY(state.value().recent.isEmpty());
    }

    void roundTrip()
    {
        QTemporaryDir dir;
        Alert alert;
        alert.id = Alert::newId();
        alert.key = QStringLiteral("ssh.host_key");
        alert.kind = Alert::Kind::Raised;
        alert.severity = Alert::Severity::Critical;
        alert.title = QStringLiteral("The SSH host key of pve1 changed");
        alert.message = QStringLiteral("HOST KEY CHANGED");
        alert.time =
            QDateTime::fromString(QStringLiteral("2026-12-07T10:00:00.123Z"), Qt::ISODateWithMs);
        AlertStore::State state;
        state.queue.append({QStringLiteral("email"), alert, 3, alert.time.addSecs(80),
                            QStringLiteral("timed out")});
        state.recent.append({alert, {{QStringLiteral("email"), QStringLiteral("retrying: x")}}});
        state.active.append(alert);
        state.dropped = 7;
        const AlertStore store(dir.path());
        QVERIFY(store.save(state).ok());
        QCOMPARE(QFile(store.path()).permissions() &
                     ~(QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ReadOwner |
                       QFileDevice::WriteOwner),
                 QFileDevice::Permissions());
        const auto loaded = store.load();
        QVERIFY(loaded.ok());
        QCOMPARE(loaded.value().queue.size(), 1);
        const AlertStore::Delivery &delivery = loaded.value().queue.first();
        QCOMPARE(delivery.channel, QStringLiteral("email"));
        QCOMPARE(delivery.attempts, 3);
        QCOMPARE(delivery.nextAttempt, alert.time.addSecs(80));
        QCOMPARE(delivery.lastError, QStringLiteral("timed out"));
        QCOMPARE(delivery.alert.toJson(), alert.toJson());
        QCOMPARE(loaded.value().recent.first().channels.value(QStringLiteral("email")),
                 QStringLiteral("retrying: x"));
        QCOMPARE(loaded.value().active.first().key, QStringLiteral("ssh.host_key"));
        QCOMPARE(loaded.value().dropped, 7);
    }

    void aDamagedFileIsAnError()
    {
        QTemporaryDir dir;
        const AlertStore store(dir.path());
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("alerts"))));
        QFile file(store.path());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"queue\": [");
        file.close();
        QVERIFY(!store.load().ok());
    }
};

QTEST_GUILESS_MAIN(TestAlertStore)
#include "TestAlertStore.moc"
