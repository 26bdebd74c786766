// Times `backup create` (BackupWriter: read, hash, gzip, fsync, rename) and `backup verify`
// (BackupVerifier: read to the end, every SHA-256) over a state whose audit log holds N entries
// written through AuditLog::append, and a restore of it into an emptied STATE_DIR. Prints the
// state's bytes, the archive's size and the seconds (wall and CPU) of each. docs/PERFORMANCE.md.
//
//   pmcp-bench-backup [--entries N]
#include "server/audit/AuditLog.h"
#include "server/auth/ClientStore.h"
#include "server/backup/BackupRestorer.h"
#include "server/backup/BackupSources.h"
#include "server/backup/BackupVerifier.h"
#include "server/backup/BackupWriter.h"
#include "shared/config/Config.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cstdio>
#include <ctime>

using namespace pmcp;

namespace {

struct Timing {
    double wall = 0;
    double cpu = 0;
};

template <typename F>
Timing timed(F &&work)
{
    QElapsedTimer timer;
    timer.start();
    const std::clock_t cpu = std::clock();
    work();
    return {double(timer.nsecsElapsed()) / 1e9, double(std::clock() - cpu) / CLOCKS_PER_SEC};
}

AuditEntry sampleEntry(qint64 n)
{
    return AuditEntry{QStringLiteral("claude-desktop"),
                      QStringLiteral("proxmox_vm_status"),
                      QJsonObject{{QStringLiteral("node"), QStringLiteral("pve1")},
                                  {QStringLiteral("vmid"), 100 + n % 900}},
                      QStringLiteral("allowed"),
                      n % 40,
                      QStringLiteral("ok"),
                      QString(),
                      QJsonObject{{QStringLiteral("node"), QStringLiteral("pve1")}},
                      QString(),
                      QJsonObject()};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    qint64 entries = 100'000;
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == u"--entries")
            entries = args.at(++i).toLongLong();
    }
    QTemporaryDir root;
    if (!root.isValid())
        return 1;
    const QString stateDir = root.filePath(QStringLiteral("state"));
    const QString configPath = root.filePath(QStringLiteral("proxmox-mcp.env"));
    QFile config(configPath);
    if (!config.open(QIODevice::WriteOnly))
        return 1;
    config.write("STATE_DIR=" + stateDir.toUtf8() +
                 "\nENABLE_PROXMOX_API=false\nENABLE_SSH=false\n");
    config.close();
    Config settings = Config::defaults();
    settings.set(ConfigKey::StateDir, stateDir);
    for (int i = 0; i < 20; ++i)
        ClientStore(stateDir).create(QStringLiteral("client%1").arg(i), false, 0);

    const Timing filled = timed([&] {
        AuditLog log(AuditLog::directoryIn(stateDir), AuditLog::keyPathIn(stateDir));
        if (!log.open().ok())
            std::exit(1);
        for (qint64 n = 1; n <= entries; ++n) {
            if (!log.append(sampleEntry(n)).ok())
                std::exit(1);
        }
        log.sync();
    });
    const QList<BackupSource> sources = BackupSources::collect(settings, configPath);
    qint64 stateBytes = 0;
    for (const BackupSource &source : sources)
        stateBytes += QFileInfo(source.filesystemPath).size();

    const QString archive = root.filePath(QStringLiteral("proxmox-mcp-20261204-020000.tar.gz"));
    bool ok = true;
    const Timing created = timed([&] { ok = BackupWriter::write(sources, archive).ok(); });
    if (!ok)
        return 1;
    BackupCheck check;
    const Timing verified = timed([&] { check = BackupVerifier::verify(archive); });
    if (!check.ok)
        return 1;
    QDir(stateDir).removeRecursively();
    const Timing restored =
        timed([&] { ok = BackupRestorer::restore(archive, {}, stateDir, configPath).ok(); });
    if (!ok)
        return 1;
    const Timing audited = timed([&] {
        ok = AuditLog::verify(AuditLog::directoryIn(stateDir), AuditLog::keyPathIn(stateDir)).ok;
    });
    if (!ok)
        return 1;

    const qint64 archiveBytes = QFileInfo(archive).size();
    std::printf("audit entries            %lld (written in %.1f s through AuditLog::append)\n",
                static_cast<long long>(entries), filled.wall);
    std::printf("files in the backup      %lld\n", static_cast<long long>(sources.size()));
    std::printf("state size               %.1f MB\n", double(stateBytes) / 1e6);
    std::printf("archive size             %.1f MB (%.1f %% of the state)\n",
                double(archiveBytes) / 1e6, 100.0 * double(archiveBytes) / double(stateBytes));
    std::printf("backup create            %.2f s wall, %.2f s CPU\n", created.wall, created.cpu);
    std::printf("backup verify            %.2f s wall, %.2f s CPU\n", verified.wall, verified.cpu);
    std::printf("restore, empty STATE_DIR %.2f s wall, %.2f s CPU (verifies again first)\n",
                restored.wall, restored.cpu);
    std::printf("audit verify after it    %.2f s wall (chain intact)\n", audited.wall);
    return 0;
}
