#include "server/backup/BackupStore.h"

#include "BackupTestTools.h"
#include "server/backup/BackupWriter.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

namespace {

const QDateTime kNow(QDate(2026, 12, 4), QTime(12, 0), Qt::UTC);

// An archive file in dir made `daysAgo` days before kNow.
QString touch(const QTemporaryDir &dir, const QString &name, int daysAgo)
{
    const QString path = dir.filePath(name);
    test::writeAll(path, name.toUtf8());
    QFile file(path);
    file.open(QIODevice::ReadWrite);
    file.setFileTime(kNow.addDays(-daysAgo), QFileDevice::FileModificationTime);
    return path;
}

QStringList names(const QList<BackupEntry> &entries)
{
    QStringList list;
    for (const BackupEntry &entry : entries)
        list.append(entry.name);
    return list;
}

} // namespace

class TestBackupStore final : public QObject {
    Q_OBJECT
private slots:
    void namesNewArchivesByTimeWithoutClashes()
    {
        QTemporaryDir dir;
        BackupStore store(dir.path());
        const QString first = store.newPath(kNow);
        QCOMPARE(QFileInfo(first).fileName(), QStringLiteral("proxmox-mcp-20261204-120000.tar.gz"));
        QVERIFY(test::writeAll(first, "x"));
        QCOMPARE(QFileInfo(store.newPath(kNow)).fileName(),
                 QStringLiteral("proxmox-mcp-20261204-120000-2.tar.gz"));
        QCOMPARE(QFileInfo(store.newPath(kNow, QStringLiteral("pre-restore"))).fileName(),
                 QStringLiteral("proxmox-mcp-20261204-120000-pre-restore.tar.gz"));
        QVERIFY(BackupStore::isBackupName(QStringLiteral("proxmox-mcp-20261204-120000-2.tar.gz")));
        QVERIFY(
            !BackupStore::isBackupName(QStringLiteral("../proxmox-mcp-20261204-120000.tar.gz")));
        QVERIFY(!BackupStore::isBackupName(
            QStringLiteral(".proxmox-mcp-20261204-120000.tar.gz.partial")));
    }

    void listsArchivesNewestFirstAndNothingElse()
    {
        QTemporaryDir dir;
        touch(dir, QStringLiteral("proxmox-mcp-20261201-020000.tar.gz"), 3);
        touch(dir, QStringLiteral("proxmox-mcp-20261203-020000.tar.gz"), 1);
        touch(dir, QStringLiteral(".proxmox-mcp-20261204-020000.tar.gz.partial"), 0);
        touch(dir, QStringLiteral("notes.txt"), 0);
        BackupStore store(dir.path());
        QCOMPARE(names(store.list()),
                 QStringList({QStringLiteral("proxmox-mcp-20261203-020000.tar.gz"),
                              QStringLiteral("proxmox-mcp-20261201-020000.tar.gz")}));
        QCOMPARE(store.list().first().verification, QStringLiteral("unverified"));
        QVERIFY(store.find(QStringLiteral("proxmox-mcp-20261201-020000.tar.gz")).ok());
        QCOMPARE(store.find(QStringLiteral("notes.txt")).error().code, ErrorCode::NotFound);
        QCOMPARE(store.find(QStringLiteral("../x")).error().code, ErrorCode::NotFound);
    }

    void remembersVerificationUntilTheArchiveChanges()
    {
        QTemporaryDir dir;
        const QString path = touch(dir, QStringLiteral("proxmox-mcp-20261201-020000.tar.gz"), 3);
        BackupStore store(dir.path());
        BackupCheck check;
        check.ok = true;
        check.filesChecked = 4;
        store.recordVerification(path, check);
        QCOMPARE(store.list().first().verification, QStringLiteral("verified"));
        QVERIFY(store.list().first().verifiedAt.isValid());
        check.ok = false;
        check.firstBadFile = QStringLiteral("state/clients.json");
        check.reason = QStringLiteral("bad");
        store.recordVerification(path, check);
        QCOMPARE(store.list().first().verification, QStringLiteral("failed"));
        QVERIFY(store.list().first().verifyMessage.contains(QStringLiteral("state/clients.json")));
        QVERIFY(test::writeAll(path, "changed since")); // a new size and time
        QCOMPARE(store.list().first().verification, QStringLiteral("unverified"));
    }

    void retentionKeepsTheNewestByCountAndAge_data()
    {
        QTest::addColumn<int>("keep");
        QTest::addColumn<int>("keepDays");
        QTest::addColumn<QStringList>("left");
        const QStringList all{QStringLiteral("d0"), QStringLiteral("d1"), QStringLiteral("d5"),
                              QStringLiteral("d9")};
        QTest::newRow("no limits") << 0 << 0 << all;
        QTest::newRow("keep 2") << 2 << 0
                                << QStringList({QStringLiteral("d0"), QStringLiteral("d1")});
        QTest::newRow("keep 4 days")
            << 0 << 4 << QStringList({QStringLiteral("d0"), QStringLiteral("d1")});
        QTest::newRow("both") << 3 << 7
                              << QStringList({QStringLiteral("d0"), QStringLiteral("d1"),
                                              QStringLiteral("d5")});
        QTest::newRow("keep 1") << 1 << 0 << QStringList({QStringLiteral("d0")});
    }

    void retentionKeepsTheNewestByCountAndAge()
    {
        QFETCH(int, keep);
        QFETCH(int, keepDays);
        QFETCH(QStringList, left);
        QTemporaryDir dir;
        for (int days : {0, 1, 5, 9})
            touch(dir, QStringLiteral("proxmox-mcp-2026110%1-020000.tar.gz").arg(9 - days), days);
        BackupStore store(dir.path());
        store.applyRetention(keep, keepDays, kNow);
        QStringList kept;
        for (const BackupEntry &entry : store.list())
            kept.append(QStringLiteral("d%1").arg(entry.created.daysTo(kNow)));
        QCOMPARE(kept, left);
    }

    void theNewestStaysWhateverItsAge()
    {
        QTemporaryDir dir;
        touch(dir, QStringLiteral("proxmox-mcp-20260101-020000.tar.gz"), 300);
        BackupStore store(dir.path());
        QVERIFY(store.applyRetention(1, 1, kNow).isEmpty());
        QCOMPARE(store.list().size(), 1);
    }

    void oneWriterAtATimeAndItClearsPartials()
    {
        QTemporaryDir dir;
        const QString partial =
            touch(dir, QStringLiteral(".proxmox-mcp-20261204-020000.tar.gz.partial"), 0);
        BackupStore store(dir.path());
        auto held = store.lock();
        QVERIFY(held.ok());
        QVERIFY(!QFileInfo::exists(partial));
        const auto second = BackupStore(dir.path()).lock();
        QVERIFY(!second.ok());
        QCOMPARE(second.error().code, ErrorCode::Conflict);
        held = Error::internal(QStringLiteral("released"));
        QVERIFY(BackupStore(dir.path()).lock().ok());
    }

    void theFolderComesFromTheConfiguration()
    {
        Config config = Config::defaults();
        config.set(ConfigKey::StateDir, QStringLiteral("/var/lib/pm"));
        QCOMPARE(BackupStore::directoryFor(config), QStringLiteral("/var/lib/pm/backups"));
        config.set(ConfigKey::BackupDir, QStringLiteral("/srv/backups"));
        QCOMPARE(BackupStore::directoryFor(config), QStringLiteral("/srv/backups"));
    }
};

QTEST_GUILESS_MAIN(TestBackupStore)
#include "TestBackupStore.moc"
