#include "server/backup/BackupSources.h"

#include "BackupTestTools.h"
#include "tests/support/SampleState.h"

#include <QDir>
#include <QTest>

using namespace pmcp;

class TestBackupSources final : public QObject {
    Q_OBJECT
private slots:
    void collectsWhatExistsByPart()
    {
        test::SampleState state;
        QVERIFY(state.isValid());
        QVERIFY(test::writeAll(QDir(state.stateDir()).filePath(QStringLiteral("rotation.json")),
                               "{}\n"));
        const auto sources =
            BackupSources::collect(test::configOf(state.configPath()), state.configPath());
        QHash<QString, QString> parts;
        QHash<QString, BackupSource> byPath;
        for (const BackupSource &source : sources) {
            parts.insert(source.file.path, source.file.part);
            byPath.insert(source.file.path, source);
        }
        QCOMPARE(parts.value(QStringLiteral("config/proxmox-mcp.env")), QStringLiteral("config"));
        QCOMPARE(parts.value(QStringLiteral("state/config-versions/0001.env")),
                 QStringLiteral("config"));
        QCOMPARE(parts.value(QStringLiteral("state/clients.json")), QStringLiteral("clients"));
        QCOMPARE(parts.value(QStringLiteral("state/admin-tokens.json")), QStringLiteral("clients"));
        QCOMPARE(parts.value(QStringLiteral("state/oauth/grants.json")), QStringLiteral("clients"));
        QCOMPARE(parts.value(QStringLiteral("state/audit/audit-000001.jsonl")),
                 QStringLiteral("audit"));
        QCOMPARE(parts.value(QStringLiteral("state/audit.key")), QStringLiteral("audit"));
        QCOMPARE(parts.value(QStringLiteral("state/known_hosts")), QStringLiteral("keys"));
        QCOMPARE(parts.value(QStringLiteral("state/rotation.json")), QStringLiteral("keys"));
        QCOMPARE(parts.value(QStringLiteral("files/id_ed25519")), QStringLiteral("keys"));
        QCOMPARE(parts.value(QStringLiteral("files/id_ed25519.pub")), QStringLiteral("keys"));
        // Where each goes back to.
        QCOMPARE(byPath.value(QStringLiteral("files/id_ed25519")).file.target, state.keyPath());
        QCOMPARE(byPath.value(QStringLiteral("state/clients.json")).file.target,
                 QStringLiteral("clients.json"));
        QCOMPARE(byPath.value(QStringLiteral("config/proxmox-mcp.env")).file.origin,
                 BackupOrigin::Config);
        // Lock files and what backups do not cover stay out.
        for (const QString &path : parts.keys()) {
            QVERIFY2(!path.endsWith(QLatin1String(".lock")), qPrintable(path));
            QVERIFY2(!path.contains(QLatin1String("backups/")), qPrintable(path));
        }
    }

    void leavesOutWhatIsMissing()
    {
        test::SampleState state;
        QVERIFY(state.isValid());
        QVERIFY(QDir(QDir(state.stateDir()).filePath(QStringLiteral("oauth"))).removeRecursively());
        QVERIFY(QFile::remove(state.keyPath() + QStringLiteral(".pub")));
        const auto sources = BackupSources::collect(test::configOf(state.configPath()), {});
        QStringList paths;
        for (const BackupSource &source : sources)
            paths.append(source.file.path);
        QVERIFY(!paths.contains(QStringLiteral("state/oauth/grants.json")));
        QVERIFY(!paths.contains(QStringLiteral("files/id_ed25519.pub")));
        QVERIFY(!paths.contains(QStringLiteral("config/proxmox-mcp.env"))); // no path given
        QVERIFY(paths.contains(QStringLiteral("files/id_ed25519")));
    }

    void namesThePartOfAStatePath_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("part");
        QTest::newRow("audit file") << "audit/audit-000003.jsonl"
                                    << "audit";
        QTest::newRow("audit key") << "audit.key"
                                   << "audit";
        QTest::newRow("clients") << "clients.json"
                                 << "clients";
        QTest::newRow("oauth") << "oauth/x.json"
                               << "clients";
        QTest::newRow("version") << "config-versions/3.env"
                                 << "config";
        QTest::newRow("known_hosts") << "known_hosts"
                                     << "keys";
        QTest::newRow("rotation record") << "rotation.json"
                                         << "keys";
        QTest::newRow("a backup") << "backups/proxmox-mcp-20261204-020000.tar.gz"
                                  << "";
        QTest::newRow("look-alike") << "clients.json.bak"
                                    << "";
    }

    void namesThePartOfAStatePath()
    {
        QFETCH(QString, path);
        QFETCH(QString, part);
        QCOMPARE(BackupSources::partOfStatePath(path), part);
    }
};

QTEST_GUILESS_MAIN(TestBackupSources)
#include "TestBackupSources.moc"
