#include "server/backup/BackupRestorer.h"

#include "BackupTestTools.h"
#include "server/audit/AuditLog.h"
#include "server/auth/ClientStore.h"
#include "server/backup/BackupWriter.h"
#include "tests/support/SampleState.h"

#include <QDir>
#include <QTest>

using namespace pmcp;

namespace {

QString backUp(const test::SampleState &state)
{
    const QString path = QDir(state.root()).filePath(QStringLiteral("b.tar.gz"));
    const auto written = BackupWriter::write(
        BackupSources::collect(test::configOf(state.configPath()), state.configPath()), path);
    return written.ok() ? path : QString();
}

} // namespace

class TestBackupRestorer final : public QObject {
    Q_OBJECT
private slots:
    void restoresIntoADeletedStateDir()
    {
        test::SampleState state(20);
        QVERIFY(state.isValid());
        const QString archive = backUp(state);
        QVERIFY(!archive.isEmpty());
        const QByteArray key = test::readAll(state.keyPath());
        const QString adminTokens =
            QDir(state.stateDir()).filePath(QStringLiteral("admin-tokens.json"));
        const QByteArray admins = test::readAll(adminTokens);
        QVERIFY(!admins.isEmpty());
        const QByteArray config = test::readAll(state.configPath());
        QVERIFY(QDir(state.stateDir()).removeRecursively());
        QVERIFY(QFile::remove(state.keyPath()));
        QVERIFY(test::writeAll(state.configPath(), "garbage"));

        const auto restored =
            BackupRestorer::restore(archive, {}, state.stateDir(), state.configPath());
        QVERIFY2(restored.ok(), qPrintable(restored.ok() ? QString() : restored.error().message));
        QCOMPARE(restored.value().parts, BackupPart::all());
        QVERIFY(restored.value().configRestored);

        ClientStore clients(state.stateDir());
        const auto identity = clients.authenticate(state.clientToken());
        QVERIFY(identity.has_value());
        QCOMPARE(identity->name, QStringLiteral("alice"));
        const AuditVerification audit = AuditLog::verify(AuditLog::directoryIn(state.stateDir()),
                                                         AuditLog::keyPathIn(state.stateDir()));
        QVERIFY2(audit.ok, qPrintable(audit.reason));
        QCOMPARE(audit.entriesChecked, 20);
        QCOMPARE(test::readAll(state.keyPath()), key);
        QCOMPARE(test::readAll(adminTokens), admins);
        QCOMPARE(test::readAll(state.configPath()), config);
        QVERIFY(QFileInfo::exists(
            QDir(state.stateDir()).filePath(QStringLiteral("oauth/grants.json"))));
        // The restored log goes on: a new entry extends the same chain.
        QVERIFY(state.appendAudit(1));
        QVERIFY(AuditLog::verify(AuditLog::directoryIn(state.stateDir()),
                                 AuditLog::keyPathIn(state.stateDir()))
                    .ok);
        // No staging folders are left behind, and the state is private.
        for (const QString &name :
             QDir(state.stateDir())
                 .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot))
            QVERIFY2(!name.startsWith(QLatin1String(".restore")), qPrintable(name));
        QCOMPARE(QFileInfo(state.stateDir()).permissions() &
                     (QFileDevice::WriteGroup | QFileDevice::WriteOther),
                 QFileDevice::Permissions());
    }

    void replacesAFolderWholeSoNewerFilesGo()
    {
        test::SampleState state(3);
        const QString archive = backUp(state);
        const QString later =
            QDir(state.stateDir()).filePath(QStringLiteral("audit/audit-000002.jsonl"));
        QVERIFY(test::writeAll(later, "{}\n"));
        QVERIFY(
            BackupRestorer::restore(archive, {QStringLiteral("audit")}, state.stateDir(), {}).ok());
        QVERIFY(!QFileInfo::exists(later));
        QVERIFY(AuditLog::verify(AuditLog::directoryIn(state.stateDir()),
                                 AuditLog::keyPathIn(state.stateDir()))
                    .ok);
    }

    void restoresOnlyThePartsAsked()
    {
        test::SampleState state;
        const QString archive = backUp(state);
        ClientStore(state.stateDir()).revoke(QStringLiteral("alice"));
        QVERIFY(test::writeAll(state.keyPath(), "new key"));
        const auto restored = BackupRestorer::restore(archive, {QStringLiteral("clients")},
                                                      state.stateDir(), state.configPath());
        QVERIFY(restored.ok());
        QVERIFY(!restored.value().configRestored);
        QVERIFY(ClientStore(state.stateDir()).authenticate(state.clientToken()).has_value());
        QCOMPARE(test::readAll(state.keyPath()), QByteArray("new key")); // keys not asked for
    }

    void restoresTheRotationRecordWithTheKeys()
    {
        test::SampleState state;
        QVERIFY(state.isValid());
        const QString record = QDir(state.stateDir()).filePath(QStringLiteral("rotation.json"));
        const QByteArray recorded =
            "{\"sshKey\": {\"id\": \"id_ed25519\", \"created\": \"2026-09-01T00:00:00Z\"}}\n";
        QVERIFY(test::writeAll(record, recorded));
        const QString archive = backUp(state);
        QVERIFY(!archive.isEmpty());
        QVERIFY(test::writeAll(record, "{}\n"));
        QVERIFY(test::writeAll(state.keyPath(), "new key"));

        // Restoring another part leaves the record as it is.
        QVERIFY(BackupRestorer::restore(archive, {QStringLiteral("clients")}, state.stateDir(), {})
                    .ok());
        QCOMPARE(test::readAll(record), QByteArray("{}\n"));

        // `--only keys` brings back the key and the record of when it was made together.
        const auto restored =
            BackupRestorer::restore(archive, {QStringLiteral("keys")}, state.stateDir(), {});
        QVERIFY2(restored.ok(), qPrintable(restored.ok() ? QString() : restored.error().message));
        QVERIFY(restored.value().files.contains(QStringLiteral("state/rotation.json")));
        QCOMPARE(test::readAll(record), recorded);
        QVERIFY(test::readAll(state.keyPath()) != QByteArray("new key"));
    }

    void aBadArchiveChangesNothing()
    {
        test::SampleState state;
        const QString archive = backUp(state);
        QByteArray bytes = test::readAll(archive);
        QVERIFY(test::writeAll(archive, bytes.left(bytes.size() / 2)));
        const QByteArray clients =
            test::readAll(QDir(state.stateDir()).filePath(QStringLiteral("clients.json")));
        QVERIFY(QDir(QDir(state.stateDir()).filePath(QStringLiteral("oauth"))).removeRecursively());
        const auto restored = BackupRestorer::restore(archive, {}, state.stateDir(), {});
        QVERIFY(!restored.ok());
        QVERIFY(restored.error().message.contains(QStringLiteral("nothing was restored")));
        QVERIFY(!QFileInfo::exists(QDir(state.stateDir()).filePath(QStringLiteral("oauth"))));
        QCOMPARE(test::readAll(QDir(state.stateDir()).filePath(QStringLiteral("clients.json"))),
                 clients);
    }

    void refusesAnUnknownPart()
    {
        test::SampleState state;
        const auto restored = BackupRestorer::restore(backUp(state), {QStringLiteral("everything")},
                                                      state.stateDir(), {});
        QVERIFY(!restored.ok());
        QVERIFY(restored.error().message.contains(QStringLiteral("config, keys, clients, audit")));
    }
};

QTEST_GUILESS_MAIN(TestBackupRestorer)
#include "TestBackupRestorer.moc"
