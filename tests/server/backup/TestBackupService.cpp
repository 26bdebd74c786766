#include "server/backup/BackupService.h"

#include "BackupTestTools.h"
#include "server/auth/ClientStore.h"
#include "server/events/EventBus.h"
#include "tests/support/SampleState.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace pmcp;

class TestBackupService final : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        m_state = std::make_unique<test::SampleState>(2000);
        QVERIFY(m_state->isValid());
        m_events = std::make_unique<EventBus>();
        m_service = std::make_unique<BackupService>(test::configOf(m_state->configPath()),
                                                    m_state->configPath(), m_events.get());
    }

    void cleanup()
    {
        m_service.reset();
        m_events.reset();
        m_state.reset();
    }

    void createRunsOffTheEventLoopAndReportsOnTheStream()
    {
        std::optional<BackupService::Outcome> outcome;
        QVERIFY(
            m_service->create([&outcome](const BackupService::Outcome &o) { outcome = o; }).ok());
        QVERIFY(m_service->busy());
        QVERIFY(!outcome); // answered later, on the event loop
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 15000);
        QVERIFY(outcome->ok);
        const QString name = outcome->result[QLatin1String("name")].toString();
        QVERIFY(BackupStore::isBackupName(name));
        QCOMPARE(outcome->result[QLatin1String("verification")].toString(),
                 QStringLiteral("verified"));
        const QList<AdminEvent> events = m_events->since(0);
        QVERIFY(events.size() >= 2);
        QCOMPARE(events.first().type, QLatin1String(EventType::BackupProgress));
        QCOMPARE(events.first().data[QLatin1String("operation")].toString(),
                 QStringLiteral("create"));
        QCOMPARE(events.last().type, QLatin1String(EventType::BackupFinished));
        QCOMPARE(events.last().data[QLatin1String("ok")].toBool(), true);
        QCOMPARE(events.last().data[QLatin1String("name")].toString(), name);
        QVERIFY(!m_service->busy());
    }

    void oneOperationAtATime()
    {
        QVERIFY(m_service->create().ok());
        const auto second = m_service->create();
        QVERIFY(!second.ok());
        QCOMPARE(second.error().code, ErrorCode::Conflict);
        QTRY_VERIFY_WITH_TIMEOUT(!m_service->busy(), 15000);
        QVERIFY(m_service->create().ok()); // free again
        QTRY_VERIFY_WITH_TIMEOUT(!m_service->busy(), 15000);
    }

    void verifyAndRestoreByName()
    {
        std::optional<BackupService::Outcome> created;
        QVERIFY(
            m_service->create([&created](const BackupService::Outcome &o) { created = o; }).ok());
        QTRY_VERIFY_WITH_TIMEOUT(created.has_value(), 15000);
        const QString name = created->result[QLatin1String("name")].toString();

        std::optional<BackupService::Outcome> verified;
        QVERIFY(
            m_service->verify(name, [&verified](const BackupService::Outcome &o) { verified = o; })
                .ok());
        QTRY_VERIFY_WITH_TIMEOUT(verified.has_value(), 15000);
        QCOMPARE(verified->result[QLatin1String("ok")].toBool(), true);

        QVERIFY(ClientStore(m_state->stateDir()).revoke(QStringLiteral("alice")).ok());
        QSignalSpy restoredSpy(m_service.get(), &BackupService::restored);
        std::optional<BackupService::Outcome> restored;
        QVERIFY(m_service
                    ->restore(name, {QStringLiteral("clients")},
                              [&restored](const BackupService::Outcome &o) { restored = o; })
                    .ok());
        QTRY_VERIFY_WITH_TIMEOUT(restored.has_value(), 15000);
        QVERIFY2(restored->ok, qPrintable(restored->result[QLatin1String("message")].toString()));
        QCOMPARE(restored->result[QLatin1String("parts")].toArray().first().toString(),
                 QStringLiteral("clients"));
        QVERIFY(restored->result[QLatin1String("savedAs")].toString().endsWith(
            QLatin1String("-pre-restore.tar.gz")));
        QCOMPARE(restoredSpy.size(), 1);
        QCOMPARE(restoredSpy.first().first().toStringList(),
                 QStringList{QStringLiteral("clients")});
        QVERIFY(ClientStore(m_state->stateDir()).authenticate(m_state->clientToken()).has_value());
    }

    void unknownNamesAndPartsAreRefusedAtOnce()
    {
        const auto unknown =
            m_service->verify(QStringLiteral("proxmox-mcp-20000101-000000.tar.gz"));
        QCOMPARE(unknown.error().code, ErrorCode::NotFound);
        QVERIFY(!m_service->busy());
        QVERIFY(BackupOperations(test::configOf(m_state->configPath()), m_state->configPath())
                    .create()
                    .ok());
        const QString name = m_service->store().list().first().name;
        const auto part = m_service->restore(name, {QStringLiteral("nope")});
        QCOMPARE(part.error().code, ErrorCode::InvalidArgument);
        QVERIFY(!m_service->busy());
    }

    void aFailureIsReportedAsFinishedWithItsError()
    {
        std::optional<BackupService::Outcome> created;
        QVERIFY(
            m_service->create([&created](const BackupService::Outcome &o) { created = o; }).ok());
        QTRY_VERIFY_WITH_TIMEOUT(created.has_value(), 15000);
        const QString name = created->result[QLatin1String("name")].toString();
        const QString path = m_service->store().find(name).value().path;
        QVERIFY(test::writeAll(path, "damaged"));
        std::optional<BackupService::Outcome> restored;
        QVERIFY(
            m_service
                ->restore(name, {}, [&restored](const BackupService::Outcome &o) { restored = o; })
                .ok());
        QTRY_VERIFY_WITH_TIMEOUT(restored.has_value(), 15000);
        QVERIFY(!restored->ok);
        QCOMPARE(restored->code, ErrorCode::InvalidArgument);
        const AdminEvent last = m_events->since(0).last();
        QCOMPARE(last.type, QLatin1String(EventType::BackupFinished));
        QCOMPARE(last.data[QLatin1String("ok")].toBool(), false);
        QVERIFY(last.data[QLatin1String("error")].toString().contains(
            QStringLiteral("does not verify")));
    }

private:
    std::unique_ptr<test::SampleState> m_state;
    std::unique_ptr<EventBus> m_events;
    std::unique_ptr<BackupService> m_service;
};

QTEST_GUILESS_MAIN(TestBackupService)
#include "TestBackupService.moc"
