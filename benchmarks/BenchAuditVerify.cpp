// Times `audit verify` (AuditLog::verify, the streaming AuditChainCheck) over a log of N
// entries in a temporary state folder, written first in AuditLog's format (or, with
// --via-append, through AuditLog::append itself, with retention at --max-bytes). Prints the
// entries, the bytes and the seconds (wall and CPU) of each phase. See docs/PERFORMANCE.md.
//
//   pmcp-bench-audit-verify [--entries N] [--via-append [--max-bytes B]]
#include "server/audit/AuditFormat.h"
#include "server/audit/AuditLog.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <cstdio>
#include <ctime>

using namespace pmcp;

namespace {

// About the size of a real tools/call entry (issue 14: ~314 bytes).
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

// The lines AuditLog::append writes (same fields, chain and 10 MiB files), without its lock
// and flush per entry, so that a million entries are written in seconds.
bool writeDirectly(const QString &dir, const QString &keyPath, qint64 entries)
{
    QDir().mkpath(dir);
    const QByteArray key(AuditFormat::kKeyBytes, 'k');
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::WriteOnly) || keyFile.write(key.toHex() + '\n') < 0)
        return false;
    keyFile.close();
    QByteArray prev = AuditFormat::genesis();
    int index = 1;
    QFile file(dir + u'/' + AuditFormat::fileName(index));
    if (!file.open(QIODevice::WriteOnly))
        return false;
    for (qint64 n = 1; n <= entries; ++n) {
        const AuditEntry e = sampleEntry(n);
        const QJsonObject line{{QStringLiteral("client"), e.client},
                               {QStringLiteral("tool"), e.tool},
                               {QStringLiteral("arguments"), e.arguments},
                               {QStringLiteral("decision"), e.decision},
                               {QStringLiteral("duration_ms"), e.durationMs},
                               {QStringLiteral("outcome"), e.outcome},
                               {QStringLiteral("upid"), e.upid},
                               {QStringLiteral("target"), e.target},
                               {QStringLiteral("seq"), n},
                               {QStringLiteral("time"), QStringLiteral("2026-12-04T19:00:00.000Z")},
                               {QStringLiteral("prev"), QString::fromLatin1(prev)}};
        const QByteArray canonical = QJsonDocument(line).toJson(QJsonDocument::Compact);
        prev = AuditFormat::macOf(key, canonical);
        const QByteArray bytes = AuditFormat::join(canonical, prev) + '\n';
        if (file.size() + bytes.size() > AuditLog::kDefaultMaxFileBytes) {
            file.close();
            file.setFileName(dir + u'/' + AuditFormat::fileName(++index));
            if (!file.open(QIODevice::WriteOnly))
                return false;
        }
        if (file.write(bytes) != bytes.size())
            return false;
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    qint64 entries = 1'000'000;
    qint64 maxBytes = 0;
    const bool viaAppend = args.contains(QStringLiteral("--via-append"));
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == u"--entries")
            entries = args.at(++i).toLongLong();
        else if (args.at(i) == u"--max-bytes")
            maxBytes = args.at(++i).toLongLong();
    }
    QTemporaryDir state;
    if (!state.isValid())
        return 1;
    const QString dir = AuditLog::directoryIn(state.path());
    const QString key = AuditLog::keyPathIn(state.path());

    QElapsedTimer timer;
    timer.start();
    if (viaAppend) {
        AuditLog log(dir, key);
        log.setRetention(AuditRetention(maxBytes, 0));
        if (!log.open().ok())
            return 1;
        for (qint64 n = 1; n <= entries; ++n) {
            if (!log.append(sampleEntry(n)).ok())
                return 1;
        }
    } else if (!writeDirectly(dir, key, entries)) {
        return 1;
    }
    const double writeSeconds = double(timer.nsecsElapsed()) / 1e9;
    qint64 bytes = 0;
    const QStringList files = QDir(dir).entryList({QStringLiteral("audit-*.jsonl")}, QDir::Files);
    for (const QString &name : files)
        bytes += QFileInfo(dir + u'/' + name).size();

    timer.restart();
    const std::clock_t cpuBefore = std::clock();
    const AuditVerification result = AuditLog::verify(dir, key);
    const double verifySeconds = double(timer.nsecsElapsed()) / 1e9;
    const double verifyCpu = double(std::clock() - cpuBefore) / CLOCKS_PER_SEC;
    std::printf("entries appended   %lld (%.1f s, %.0f appends/s)\n",
                static_cast<long long>(entries), writeSeconds, double(entries) / writeSeconds);
    std::printf("files kept         %lld, %.1f MB\n", static_cast<long long>(files.size()),
                double(bytes) / 1e6);
    std::printf("audit verify       %s, %lld entries in %.2f s wall, %.2f s CPU (%.0f entries/s, "
                "%.0f MB/s)\n",
                result.ok ? "ok" : qPrintable(result.reason),
                static_cast<long long>(result.entriesChecked), verifySeconds, verifyCpu,
                double(result.entriesChecked) / verifySeconds, double(bytes) / 1e6 / verifySeconds);
    return result.ok ? 0 : 1;
}
