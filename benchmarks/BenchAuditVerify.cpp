// Times `audit verify` (AuditLog::verify, the streaming AuditChainCheck) over a log of N
// entries, written first through AuditLog::append into a temporary state folder. Prints the
// entries, the bytes and the seconds of each phase. See docs/PERFORMANCE.md.
//
//   pmcp-bench-audit-verify [--entries N] [--max-bytes B]
#include "server/audit/AuditLog.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cstdio>

using namespace pmcp;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    qint64 entries = 1'000'000;
    qint64 maxBytes = 0;
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == u"--entries")
            entries = args.at(i + 1).toLongLong();
        else if (args.at(i) == u"--max-bytes")
            maxBytes = args.at(i + 1).toLongLong();
    }
    QTemporaryDir state;
    if (!state.isValid())
        return 1;
    const QString dir = AuditLog::directoryIn(state.path());
    const QString key = AuditLog::keyPathIn(state.path());

    QElapsedTimer timer;
    timer.start();
    {
        AuditLog log(dir, key);
        log.setRetention(AuditRetention(maxBytes, 0));
        if (!log.open().ok())
            return 1;
        for (qint64 n = 1; n <= entries; ++n) {
            // About the size of a real tools/call entry (issue 14: ~314 bytes).
            const AuditEntry entry{QStringLiteral("claude-desktop"),
                                   QStringLiteral("proxmox_vm_status"),
                                   QJsonObject{{QStringLiteral("node"), QStringLiteral("pve1")},
                                               {QStringLiteral("vmid"), 100 + n % 900}},
                                   QStringLiteral("allowed"),
                                   n % 40,
                                   QStringLiteral("ok"),
                                   QString(),
                                   QJsonObject{{QStringLiteral("node"), QStringLiteral("pve1")}}};
            if (!log.append(entry).ok())
                return 1;
        }
    }
    const double writeSeconds = double(timer.nsecsElapsed()) / 1e9;
    qint64 bytes = 0;
    const QStringList files = QDir(dir).entryList({QStringLiteral("audit-*.jsonl")}, QDir::Files);
    for (const QString &name : files)
        bytes += QFileInfo(dir + u'/' + name).size();

    timer.restart();
    const AuditVerification result = AuditLog::verify(dir, key);
    const double verifySeconds = double(timer.nsecsElapsed()) / 1e9;
    std::printf("entries appended   %lld (%.1f s, %.0f appends/s)\n",
                static_cast<long long>(entries), writeSeconds, double(entries) / writeSeconds);
    std::printf("files kept         %lld, %.1f MB\n", static_cast<long long>(files.size()),
                double(bytes) / 1e6);
    std::printf("audit verify       %s, %lld entries in %.2f s (%.0f entries/s, %.0f MB/s)\n",
                result.ok ? "ok" : qPrintable(result.reason),
                static_cast<long long>(result.entriesChecked), verifySeconds,
                double(result.entriesChecked) / verifySeconds, double(bytes) / 1e6 / verifySeconds);
    return result.ok ? 0 : 1;
}
