#include "server/backup/BackupVerifier.h"

#include "BackupTestTools.h"
#include "server/backup/BackupWriter.h"
#include "tests/support/SampleState.h"

#include <QDir>
#include <QRandomGenerator>
#include <QTest>

using namespace pmcp;

namespace {

// A backup of a sample state whose audit folder also holds a large file that does not
// compress, so most of the archive's bytes belong to it.
struct Archive {
    test::SampleState state;
    QString path;
    QString bigEntry = QStringLiteral("state/audit/audit-000002.jsonl");

    Archive()
    {
        QByteArray noise;
        noise.reserve(600000);
        while (noise.size() < 600000) {
            noise.append(QByteArray::number(QRandomGenerator::global()->generate64(), 36));
            noise.append('\n');
        }
        test::writeAll(QDir(state.stateDir()).filePath(QStringLiteral("audit/audit-000002.jsonl")),
                       noise);
        path = QDir(state.root()).filePath(QStringLiteral("b.tar.gz"));
        BackupWriter::write(
            BackupSources::collect(test::configOf(state.configPath()), state.configPath()), path);
    }
};

} // namespace

class TestBackupVerifier final : public QObject {
    Q_OBJECT
private slots:
    void anIntactBackupVerifies()
    {
        Archive archive;
        QVERIFY(archive.state.isValid());
        const BackupCheck check = BackupVerifier::verify(archive.path);
        QVERIFY2(check.ok, qPrintable(check.message()));
        QCOMPARE(check.filesChecked, check.manifest.files.size());
        QVERIFY(check.message().startsWith(QStringLiteral("verified: ")));
    }

    // Whatever byte in the middle flips (the data of the large file), verify names that file.
    void oneFlippedByteFailsNamingTheFile()
    {
        for (int round = 0; round < 20; ++round) {
            Archive archive;
            QByteArray bytes = test::readAll(archive.path);
            const qsizetype at =
                bytes.size() / 4 + QRandomGenerator::global()->bounded(int(bytes.size() / 2));
            bytes[at] = char(bytes.at(at) ^ (1 << QRandomGenerator::global()->bounded(8)));
            QVERIFY(test::writeAll(archive.path, bytes));
            const BackupCheck check = BackupVerifier::verify(archive.path);
            QVERIFY2(!check.ok, "a flipped byte verified");
            QVERIFY2(check.firstBadFile == archive.bigEntry,
                     qPrintable(QStringLiteral("byte %1: %2").arg(at).arg(check.message())));
        }
    }

    void aChangedFileWithTheOldManifestFails()
    {
        Archive archive;
        auto entries = test::entriesOf(archive.path);
        for (auto &[name, content] : entries) {
            if (name == QLatin1String("state/clients.json"))
                content.replace("alice", "mallory");
        }
        QVERIFY(test::writeArchive(archive.path, entries));
        const BackupCheck check = BackupVerifier::verify(archive.path);
        QVERIFY(!check.ok);
        QCOMPARE(check.firstBadFile, QStringLiteral("state/clients.json"));
        QVERIFY(check.reason.contains(QStringLiteral("SHA-256")));
    }

    void missingExtraOrMisplacedEntriesFail_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("badFile");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no manifest") << "drop-manifest"
                                     << ""
                                     << "no manifest";
        QTest::newRow("a file dropped") << "drop-clients"
                                        << "state/clients.json"
                                        << "lacks it";
        QTest::newRow("a file added") << "add"
                                      << "state/extra"
                                      << "does not list";
        QTest::newRow("after the manifest") << "append"
                                            << "state/late"
                                            << "must be last";
    }

    void missingExtraOrMisplacedEntriesFail()
    {
        QFETCH(QString, change);
        QFETCH(QString, badFile);
        QFETCH(QString, reason);
        Archive archive;
        auto entries = test::entriesOf(archive.path);
        const auto manifest = entries.takeLast();
        if (change == QLatin1String("drop-clients"))
            entries.removeIf(
                [](const auto &e) { return e.first == QLatin1String("state/clients.json"); });
        if (change == QLatin1String("add"))
            entries.append({QStringLiteral("state/extra"), "x"});
        if (change != QLatin1String("drop-manifest"))
            entries.append(manifest);
        if (change == QLatin1String("append"))
            entries.append({QStringLiteral("state/late"), "x"});
        QVERIFY(test::writeArchive(archive.path, entries));
        const BackupCheck check = BackupVerifier::verify(archive.path);
        QVERIFY(!check.ok);
        QCOMPARE(check.firstBadFile, badFile);
        QVERIFY2(check.reason.contains(reason), qPrintable(check.reason));
    }

    void aConfigurationThatDoesNotValidateFails()
    {
        test::SampleState state;
        QFile config(state.configPath());
        QVERIFY(config.open(QIODevice::Append));
        config.write("MCP_PORT=80a\n");
        config.close();
        const QString path = QDir(state.root()).filePath(QStringLiteral("b.tar.gz"));
        QVERIFY(BackupWriter::write(
                    BackupSources::collect(test::configOf(state.configPath()), state.configPath()),
                    path)
                    .ok());
        const BackupCheck check = BackupVerifier::verify(path);
        QVERIFY(!check.ok);
        QCOMPARE(check.firstBadFile, QStringLiteral("config/proxmox-mcp.env"));
        QVERIFY2(check.reason.contains(QStringLiteral("MCP_PORT")), qPrintable(check.reason));
    }

    void aCutArchiveFails()
    {
        Archive archive;
        const QByteArray bytes = test::readAll(archive.path);
        for (const qsizetype size :
             {qsizetype(0), qsizetype(10), bytes.size() / 2, bytes.size() - 8}) {
            QVERIFY(test::writeAll(archive.path, bytes.left(size)));
            const BackupCheck check = BackupVerifier::verify(archive.path);
            QVERIFY2(!check.ok, qPrintable(QStringLiteral("cut at %1 verified").arg(size)));
        }
    }
};

QTEST_GUILESS_MAIN(TestBackupVerifier)
#include "TestBackupVerifier.moc"
