#include "server/backup/BackupOperations.h"

#include "BackupTestTools.h"
#include "server/auth/ClientStore.h"
#include "tests/support/SampleState.h"

#include <QDir>
#include <QTest>

using namespace pmcp;

class TestBackupOperations final : public QObject {
    Q_OBJECT
private slots:
    void createWritesVerifiesAndAppliesRetention()
    {
        test::SampleState state;
        Config config = test::configOf(state.configPath());
        config.set(ConfigKey::BackupKeep, QStringLiteral("2"));
        const BackupOperations operations(config, state.configPath());
        QStringList steps;
        for (int i = 0; i < 3; ++i) {
            const auto entry = operations.create({}, {}, [&steps](const QString &step, int) {
                if (!steps.contains(step))
                    steps.append(step);
            });
            QVERIFY2(entry.ok(), qPrintable(entry.ok() ? QString() : entry.error().message));
            QCOMPARE(entry.value().verification, QStringLiteral("verified"));
        }
        QCOMPARE(steps, QStringList({QStringLiteral("writing"), QStringLiteral("verifying")}));
        QCOMPARE(operations.store().list().size(), 2);
        QCOMPARE(operations.store().directory(), state.backupDir());
    }

    void createIntoAnotherFolderLeavesRetentionAlone()
    {
        test::SampleState state;
        Config config = test::configOf(state.configPath());
        config.set(ConfigKey::BackupKeep, QStringLiteral("1"));
        const BackupOperations operations(config, state.configPath());
        const QString elsewhere = QDir(state.root()).filePath(QStringLiteral("offsite"));
        QVERIFY(operations.create(elsewhere).ok());
        QVERIFY(operations.create(elsewhere).ok());
        QCOMPARE(BackupStore(elsewhere).list().size(), 2);
    }

    void restoreSavesTheCurrentStateFirst()
    {
        test::SampleState state;
        const BackupOperations operations(test::configOf(state.configPath()), state.configPath());
        const auto made = operations.create();
        QVERIFY(made.ok());
        QVERIFY(ClientStore(state.stateDir()).revoke(QStringLiteral("alice")).ok());
        const auto restored = operations.restore(made.value().path, {});
        QVERIFY2(restored.ok(), qPrintable(restored.ok() ? QString() : restored.error().message));
        QVERIFY(restored.value().savedAs.endsWith(QLatin1String("-pre-restore.tar.gz")));
        QVERIFY(ClientStore(state.stateDir()).authenticate(state.clientToken()).has_value());
        // The saved state is the one with alice revoked: restoring it undoes the restore.
        QVERIFY(operations.restore(restored.value().savedAs, {QStringLiteral("clients")}).ok());
        QVERIFY(!ClientStore(state.stateDir()).authenticate(state.clientToken()).has_value());
    }

    void aBadArchiveIsRefusedBeforeAnythingIsSaved()
    {
        test::SampleState state;
        const BackupOperations operations(test::configOf(state.configPath()), state.configPath());
        const QString bad = QDir(state.root()).filePath(QStringLiteral("bad.tar.gz"));
        QVERIFY(test::writeAll(bad, "not an archive"));
        const auto restored = operations.restore(bad, {});
        QVERIFY(!restored.ok());
        QVERIFY(restored.error().message.contains(QStringLiteral("does not verify")));
        QCOMPARE(operations.store().list().size(), 0);
    }

    void verifyRecordsTheResultForTheList()
    {
        test::SampleState state;
        const BackupOperations operations(test::configOf(state.configPath()), state.configPath());
        const auto made = operations.create();
        QVERIFY(made.ok());
        QByteArray bytes = test::readAll(made.value().path);
        QVERIFY(test::writeAll(made.value().path, bytes.left(bytes.size() - 30)));
        QVERIFY(!operations.verify(made.value().path).ok);
        QCOMPARE(operations.store().list().first().verification, QStringLiteral("failed"));
    }
};

QTEST_GUILESS_MAIN(TestBackupOperations)
#include "TestBackupOperations.moc"
