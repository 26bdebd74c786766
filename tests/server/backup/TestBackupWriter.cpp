#include "server/backup/BackupWriter.h"

#include "BackupTestTools.h"
#include "server/backup/BackupVerifier.h"
#include "tests/support/SampleState.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace pmcp;

class TestBackupWriter final : public QObject {
    Q_OBJECT
private slots:
    void writesEveryFileThenTheManifestPrivately()
    {
        test::SampleState state;
        QVERIFY(state.isValid());
        const auto sources =
            BackupSources::collect(test::configOf(state.configPath()), state.configPath());
        const QString path = QDir(state.root()).filePath(QStringLiteral("out/b.tar.gz"));
        QList<int> percents;
        const auto manifest = BackupWriter::write(
            sources, path, [&percents](int percent) { percents.append(percent); });
        QVERIFY2(manifest.ok(), qPrintable(manifest.ok() ? QString() : manifest.error().message));
        QCOMPARE(manifest.value().files.size(), sources.size());
        struct stat info {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
        QCOMPARE(int(info.st_mode & 0777), 0600);
        QVERIFY(!QFileInfo::exists(BackupWriter::partialPathFor(path)));
        const auto entries = test::entriesOf(path);
        QCOMPARE(entries.size(), sources.size() + 1);
        QCOMPARE(entries.last().first, BackupManifest::entryName());
        QCOMPARE(entries.first().first, QStringLiteral("config/proxmox-mcp.env"));
        QCOMPARE(entries.first().second, test::readAll(state.configPath()));
        QCOMPARE(percents.last(), 100);
        QVERIFY(BackupVerifier::verify(path).ok);
    }

    void takesAnAuditFileUpToItsLastCompleteLine()
    {
        test::SampleState state(3);
        QVERIFY(state.isValid());
        const QString auditFile =
            QDir(state.stateDir()).filePath(QStringLiteral("audit/audit-000001.jsonl"));
        const QByteArray complete = test::readAll(auditFile);
        QFile file(auditFile);
        QVERIFY(file.open(QIODevice::Append));
        file.write("{\"seq\": 4, \"half a line"); // a writer in the middle of an append
        file.close();
        const QString path = QDir(state.root()).filePath(QStringLiteral("b.tar.gz"));
        QVERIFY(BackupWriter::write(BackupSources::collect(test::configOf(state.configPath()), {}),
                                    path)
                    .ok());
        for (const auto &[name, content] : test::entriesOf(path)) {
            if (name == QLatin1String("state/audit/audit-000001.jsonl"))
                QCOMPARE(content, complete);
        }
    }

    void leavesNothingWhenItCannotWrite()
    {
        test::SampleState state;
        QVERIFY(state.isValid());
        const QString folder = QDir(state.root()).filePath(QStringLiteral("readonly"));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        if (::geteuid() == 0)
            QSKIP("root writes into read-only folders");
        const QString path = QDir(folder).filePath(QStringLiteral("b.tar.gz"));
        const auto written = BackupWriter::write(
            BackupSources::collect(test::configOf(state.configPath()), {}), path);
        QVERIFY(!written.ok());
        QVERIFY(written.error().message.contains(folder));
        QVERIFY(QDir(folder).entryList(QDir::Files | QDir::Hidden).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestBackupWriter)
#include "TestBackupWriter.moc"
