#include "server/audit/AuditLog.h"

#include "server/audit/AuditAnchor.h"
#include "server/audit/AuditArguments.h"
#include "server/audit/AuditFormat.h"
#include "server/audit/AuditLogCategory.h"

#include "shared/core/AtomicFile.h"
#include "shared/core/SecretMask.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

#include <algorithm>
#include <array>
#include <optional>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/file.h>
#include <unistd.h>

namespace pmcp {

namespace {

constexpr qsizetype kKeyBytes = AuditFormat::kKeyBytes;
// How much of a file's end is read at a time when looking for its last line.
constexpr qint64 kTailChunkBytes = 64 * 1024;

// The numbers of the audit-NNNNNN.jsonl files in the folder, ascending.
// Exclusive hold of the audit folder's lock for one append (or the start), across processes.
class FolderLock final {
public:
    explicit FolderLock(int fd)
        : m_fd(fd)
    {
        while (m_fd >= 0 && ::flock(m_fd, LOCK_EX) != 0) {
            if (errno != EINTR) {
                m_fd = -1;
                break;
            }
        }
    }
    ~FolderLock()
    {
        if (m_fd >= 0)
            ::flock(m_fd, LOCK_UN);
    }
    Q_DISABLE_COPY_MOVE(FolderLock)
    bool held() const { return m_fd >= 0; }

private:
    int m_fd;
};

// The last complete line of a file whose content ends with a newline (or is empty), read
// backwards from the end so that a large file is not read whole; empty when there is none.
Result<QByteArray> lastCompleteLine(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::internal(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    qint64 position = file.size();
    QByteArray tail;
    while (position > 0) {
        const qint64 chunk = std::min(kTailChunkBytes, position);
        position -= chunk;
        if (!file.seek(position))
            return Error::internal(QStringLiteral("cannot read %1").arg(path));
        tail.prepend(file.read(chunk));
        const qsizetype lastNewline = tail.lastIndexOf('\n');
        if (lastNewline <= 0)
            continue;
        const qsizetype before = tail.lastIndexOf('\n', lastNewline - 1);
        if (before >= 0)
            return tail.mid(before + 1, lastNewline - before - 1);
    }
    const qsizetype lastNewline = tail.lastIndexOf('\n');
    return lastNewline < 0 ? QByteArray() : tail.left(lastNewline);
}

// Where the content after the last newline starts (the file's size when it ends with one).
Result<qint64> endOfLastLine(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::internal(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    qint64 position = file.size();
    while (position > 0) {
        const qint64 chunk = std::min(kTailChunkBytes, position);
        position -= chunk;
        if (!file.seek(position))
            return Error::internal(QStringLiteral("cannot read %1").arg(path));
        const qsizetype newline = file.read(chunk).lastIndexOf('\n');
        if (newline >= 0)
            return position + newline + 1;
    }
    return qint64(0);
}

Result<QByteArray> readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::internal(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    return file.readAll();
}

Result<QByteArray> readKey(const QString &keyPath)
{
    const auto content = readAll(keyPath);
    if (!content.ok())
        return content.error();
    const QByteArray key = QByteArray::fromHex(content.value().trimmed());
    if (key.size() != kKeyBytes)
        return Error::internal(
            QStringLiteral("%1 does not hold a %2-byte audit key").arg(keyPath).arg(kKeyBytes));
    return key;
}

// Complete lines (the part after the last newline, if any, is torn and left out).
QList<QByteArray> completeLines(const QByteArray &content, bool *torn = nullptr)
{
    QList<QByteArray> lines = content.split('\n');
    const bool endsTorn = !lines.last().isEmpty();
    lines.removeLast();
    if (torn)
        *torn = endsTorn;
    return lines;
}

} // namespace

AuditLog::AuditLog(QString directory, QString keyPath, QObject *parent)
    : AuditLog(std::move(directory), std::move(keyPath), kDefaultMaxFileBytes, parent)
{}

AuditLog::AuditLog(QString directory, QString keyPath, qint64 maxFileBytes, QObject *parent)
    : QObject(parent)
    , m_directory(std::move(directory))
    , m_keyPath(std::move(keyPath))
    , m_maxFileBytes(maxFileBytes)
{
    m_syncTimer.setSingleShot(true);
    m_syncTimer.setInterval(kSyncDelayMs);
    connect(&m_syncTimer, &QTimer::timeout, this, &AuditLog::sync);
}

AuditLog::~AuditLog()
{
    sync();
    if (m_lockFd >= 0)
        ::close(m_lockFd);
}

void AuditLog::sync()
{
    m_syncTimer.stop();
    if (m_file.isOpen() && ::fsync(m_file.handle()) != 0)
        qCWarning(lcAudit, "fsync of %s failed", qPrintable(m_file.fileName()));
}

QString AuditLog::directoryIn(const QString &stateDir)
{
    return stateDir + QStringLiteral("/audit");
}

QString AuditLog::keyPathIn(const QString &stateDir)
{
    return stateDir + QStringLiteral("/audit.key");
}

QString AuditLog::fileName(int index)
{
    return AuditFormat::fileName(index);
}

Result<void> AuditLog::open()
{
    if (m_open)
        return {};
    if (!QDir().mkpath(m_directory))
        return Error::internal(QStringLiteral("cannot create %1").arg(m_directory));
    QFile::setPermissions(m_directory,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    if (auto key = loadOrCreateKey(); !key.ok())
        return key;
    const QString lockPath = m_directory + QStringLiteral("/audit.lock");
    m_lockFd = ::open(QFile::encodeName(lockPath).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_lockFd < 0)
        return Error::internal(QStringLiteral("cannot open %1: %2")
                                   .arg(lockPath, QString::fromLocal8Bit(strerror(errno))));
    const FolderLock lock(m_lockFd);
    if (!lock.held())
        return Error::internal(QStringLiteral("cannot lock %1").arg(lockPath));
    if (auto resumed = resumeChain(); !resumed.ok())
        return resumed;
    applyRetention();
    m_open = true;
    return {};
}

void AuditLog::setRetention(const AuditRetention &retention)
{
    m_retention = retention;
    if (retention.maxBytes() > 0)
        m_maxFileBytes =
            std::min(m_maxFileBytes, std::max(retention.maxBytes() / 8, qint64(64 * 1024)));
}

void AuditLog::applyRetention()
{
    if (m_retention.keepsEverything() || m_inRetention)
        return;
    QList<AuditRetention::File> files;
    for (const int index : AuditFormat::fileIndexes(m_directory)) {
        const QFileInfo info(m_directory + QLatin1Char('/') + fileName(index));
        files.append({index, info.size(), info.lastModified()});
    }
    const QList<int> remove = m_retention.filesToRemove(files, QDateTime::currentDateTimeUtc());
    if (remove.isEmpty())
        return;
    const auto previous = AuditAnchor::read(m_directory, m_key);
    if (!previous.ok()) {
        qCWarning(lcAudit, "audit retention skipped: %s", qPrintable(previous.error().message));
        return;
    }
    // The first kept entry's prev: the last entry of the newest removed file that has one.
    AuditAnchor anchor;
    anchor.firstFile = remove.last() + 1;
    anchor.seq = previous.value() ? previous.value()->seq : 0;
    anchor.mac = previous.value() ? previous.value()->mac : AuditFormat::genesis();
    for (auto it = remove.crbegin(); it != remove.crend(); ++it) {
        const auto line = lastCompleteLine(m_directory + QLatin1Char('/') + fileName(*it));
        const auto split = line.ok() ? AuditFormat::split(line.value()) : std::nullopt;
        if (!line.ok() || line.value().isEmpty())
            continue;
        const QJsonObject object =
            split ? QJsonDocument::fromJson(split->canonical).object() : QJsonObject{};
        if (!split || !object.value(QLatin1String("seq")).isDouble()) {
            qCWarning(lcAudit, "audit retention skipped: the last entry of %s is unreadable",
                      qPrintable(fileName(*it)));
            return;
        }
        anchor.seq = object.value(QLatin1String("seq")).toInteger();
        anchor.mac = split->mac;
        break;
    }
    // The anchor first: a crash before the files are gone leaves files the check skips.
    if (auto written = anchor.write(m_directory, m_key); !written.ok()) {
        qCWarning(lcAudit, "audit retention skipped: %s", qPrintable(written.error().message));
        return;
    }
    qint64 removedBytes = 0;
    int removedFiles = 0;
    for (const int index : remove) {
        const QString path = m_directory + QLatin1Char('/') + fileName(index);
        const qint64 bytes = QFileInfo(path).size();
        if (!QFile::remove(path)) {
            qCWarning(lcAudit, "audit retention could not remove %s", qPrintable(path));
            break;
        }
        removedBytes += bytes;
        ++removedFiles;
    }
    qCInfo(lcAudit, "audit retention removed %d file(s), %lld bytes; the chain now starts in %s",
           removedFiles, static_cast<long long>(removedBytes),
           qPrintable(fileName(anchor.firstFile)));
    m_inRetention = true;
    const QJsonObject note{{QStringLiteral("removed_files"), removedFiles},
                           {QStringLiteral("removed_bytes"), removedBytes},
                           {QStringLiteral("first_kept"), fileName(anchor.firstFile)},
                           {QStringLiteral("anchor_seq"), anchor.seq}};
    const auto recorded =
        writeLocked(QJsonObject{{QStringLiteral("client"), QStringLiteral("proxmox-mcpd")},
                                {QStringLiteral("tool"), QStringLiteral("audit.retention")},
                                {QStringLiteral("arguments"), note},
                                {QStringLiteral("decision"), QString()},
                                {QStringLiteral("duration_ms"), 0},
                                {QStringLiteral("outcome"), QStringLiteral("ok")},
                                {QStringLiteral("upid"), QString()}});
    m_inRetention = false;
    if (!recorded.ok())
        qCWarning(lcAudit, "could not record the audit retention: %s",
                  qPrintable(recorded.error().message));
}

Result<void> AuditLog::loadOrCreateKey()
{
    const QString directory = QDir(m_directory).absolutePath() + QLatin1Char('/');
    if (QFileInfo(m_keyPath).absoluteFilePath().startsWith(directory))
        return Error::invalid(
            QStringLiteral("the audit key %1 must not live inside the audit folder %2")
                .arg(m_keyPath, m_directory));
    if (!QFileInfo::exists(m_keyPath)) {
        std::array<quint32, kKeyBytes / sizeof(quint32)> words{};
        QRandomGenerator::system()->fillRange(words.data(), words.size());
        const QByteArray key(reinterpret_cast<const char *>(words.data()), kKeyBytes);
        QDir().mkpath(QFileInfo(m_keyPath).absolutePath());
        if (auto written = AtomicFile::write(m_keyPath, key.toHex() + '\n'); !written.ok())
            return written;
    }
    auto key = readKey(m_keyPath);
    if (!key.ok())
        return key.error();
    m_key = key.value();
    return {};
}

Result<void> AuditLog::repairTornTail(const QString &path, qint64 *cutBytes)
{
    const auto keep = endOfLastLine(path);
    if (!keep.ok())
        return keep.error();
    *cutBytes = QFileInfo(path).size() - keep.value();
    if (*cutBytes == 0)
        return {};
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite) || !file.resize(keep.value()) ||
        ::fsync(file.handle()) != 0)
        return Error::internal(QStringLiteral("cannot cut the torn last line of %1").arg(path));
    qCWarning(lcAudit, "cut a torn last entry (%lld bytes) off %s",
              static_cast<long long>(*cutBytes), qPrintable(path));
    return {};
}

Result<void> AuditLog::resumeChain()
{
    m_seq = 0;
    m_prevMac = AuditFormat::genesis();
    const QList<int> indexes = AuditFormat::fileIndexes(m_directory);
    qint64 cutBytes = 0;
    if (!indexes.isEmpty()) {
        const QString last = m_directory + QLatin1Char('/') + fileName(indexes.last());
        if (auto repaired = repairTornTail(last, &cutBytes); !repaired.ok())
            return repaired;
    }
    for (auto it = indexes.crbegin(); it != indexes.crend(); ++it) {
        const auto line = lastCompleteLine(m_directory + QLatin1Char('/') + fileName(*it));
        if (!line.ok())
            return line.error();
        if (line.value().isEmpty())
            continue;
        const auto split = AuditFormat::split(line.value());
        const QJsonObject object =
            split ? QJsonDocument::fromJson(split->canonical).object() : QJsonObject{};
        if (!split || !object.value(QLatin1String("seq")).isDouble())
            return Error::internal(
                QStringLiteral("the last audit entry in %1 is unreadable; check it with "
                               "`proxmox-mcpd audit verify`")
                    .arg(fileName(*it)));
        m_seq = object.value(QLatin1String("seq")).toInteger();
        m_prevMac = split->mac;
        break;
    }
    const int newest = indexes.isEmpty() ? 1 : indexes.last();
    if (!m_file.isOpen() || m_fileIndex != newest) {
        if (auto opened = openFile(newest); !opened.ok())
            return opened;
    }
    m_knownSize = m_file.size();
    if (cutBytes == 0)
        return {};
    QJsonObject note{{QStringLiteral("file"), fileName(m_fileIndex)},
                     {QStringLiteral("cut_bytes"), cutBytes}};
    return writeLocked(
        QJsonObject{{QStringLiteral("client"), QStringLiteral("proxmox-mcpd")},
                    {QStringLiteral("tool"), QStringLiteral("audit.repair")},
                    {QStringLiteral("arguments"), note},
                    {QStringLiteral("decision"), QString()},
                    {QStringLiteral("duration_ms"), 0},
                    {QStringLiteral("outcome"), QStringLiteral("torn_entry_removed")},
                    {QStringLiteral("upid"), QString()}});
}

Result<void> AuditLog::openFile(int index)
{
    if (m_file.isOpen()) {
        sync(); // the finished file is complete on disk before the next one starts
        m_file.close();
    }
    m_file.setFileName(m_directory + QLatin1Char('/') + fileName(index));
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append))
        return Error::internal(
            QStringLiteral("cannot open %1: %2").arg(m_file.fileName(), m_file.errorString()));
    m_file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    m_fileIndex = index;
    m_knownSize = m_file.size();
    return {};
}

Result<void> AuditLog::append(const AuditEntry &entry)
{
    if (!m_open)
        return Error::internal(QStringLiteral("the audit log is not open"));
    QJsonObject line{
        {QStringLiteral("client"), entry.client},
        {QStringLiteral("tool"), entry.tool},
        {QStringLiteral("arguments"), AuditArguments::cap(SecretMask::mask(entry.arguments))},
        {QStringLiteral("decision"), entry.decision},
        {QStringLiteral("duration_ms"), entry.durationMs},
        {QStringLiteral("outcome"), entry.outcome},
        {QStringLiteral("upid"), entry.upid},
        {QStringLiteral("target"), entry.target}};
    if (!entry.confirmedBy.isEmpty())
        line.insert(QStringLiteral("confirmed_by"), entry.confirmedBy);
    if (!entry.confirmation.isEmpty())
        line.insert(QStringLiteral("confirmation"),
                    AuditArguments::cap(SecretMask::mask(entry.confirmation)));
    return writeLine(line);
}

Result<void> AuditLog::writeLine(QJsonObject line)
{
    const FolderLock lock(m_lockFd);
    if (!lock.held())
        return Error::internal(QStringLiteral("cannot lock the audit folder %1").arg(m_directory));
    if (auto caught = catchUp(); !caught.ok())
        return caught;
    return writeLocked(std::move(line));
}

Result<void> AuditLog::catchUp()
{
    // Another process appended (the file grew) or finished it and started the next one (a
    // finished file is made read-only before the lock is released). One fstat of the open fd
    // answers both, under the folder lock.
    struct stat info {};
    if (::fstat(m_file.handle(), &info) != 0)
        return resumeChain();
    const bool finished = (info.st_mode & S_IWUSR) == 0;
    if (!finished && info.st_size == m_knownSize)
        return {};
    return resumeChain();
}

Result<void> AuditLog::writeLocked(QJsonObject line)
{
    line.insert(QStringLiteral("seq"), m_seq + 1);
    line.insert(QStringLiteral("time"),
                QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    line.insert(QStringLiteral("prev"), QString::fromLatin1(m_prevMac));
    const QByteArray canonical = QJsonDocument(line).toJson(QJsonDocument::Compact);
    const QByteArray mac = AuditFormat::macOf(m_key, canonical);
    const QByteArray bytes = AuditFormat::join(canonical, mac) + '\n';

    // m_knownSize is the file's size: catchUp() checked it under the lock.
    const bool rotate = m_knownSize > 0 && m_knownSize + bytes.size() > m_maxFileBytes;
    if (rotate) {
        const QString finished = m_file.fileName();
        if (auto rotated = openFile(m_fileIndex + 1); !rotated.ok())
            return rotated;
        // Read-only marks the file finished for the other writers' catchUp().
        QFile::setPermissions(finished, QFileDevice::ReadOwner);
    }
    const qint64 before = m_knownSize;
    // write + flush hands the line to the kernel at once, so a killed daemon loses nothing;
    // the fsync for power loss is batched (group commit) so that busy clients share one.
    if (m_file.write(bytes) != bytes.size() || !m_file.flush()) {
        const QString reason = m_file.errorString();
        // Leave no torn line behind that later entries would be appended after.
        m_file.resize(before);
        return Error::internal(
            QStringLiteral("cannot write the audit log %1: %2").arg(m_file.fileName(), reason));
    }
    ++m_seq;
    m_prevMac = mac;
    m_knownSize = before + bytes.size();
    if (!m_syncTimer.isActive())
        m_syncTimer.start();
    line.insert(QStringLiteral("mac"), QString::fromLatin1(mac));
    emit appended(line);
    if (rotate)
        applyRetention();
    return {};
}

AuditVerification AuditLog::verify(const QString &directory, const QString &keyPath)
{
    const auto key = readKey(keyPath);
    if (!key.ok()) {
        AuditVerification result;
        result.ok = false;
        result.reason = key.error().message;
        return result;
    }
    return AuditChainCheck(directory, key.value()).advance(AuditChainCheck::Mode::Complete);
}

Result<qint64> AuditLog::head(const QString &directory, const QString &keyPath)
{
    const QList<int> indexes = AuditFormat::fileIndexes(directory);
    if (indexes.isEmpty() && !QFileInfo::exists(keyPath))
        return qint64(0); // nothing audited yet
    const auto key = readKey(keyPath);
    if (!key.ok())
        return key.error();
    const auto anchor = AuditAnchor::read(directory, key.value());
    if (!anchor.ok())
        return anchor.error();
    for (auto it = indexes.crbegin(); it != indexes.crend(); ++it) {
        const QString path = directory + QLatin1Char('/') + fileName(*it);
        const auto line = lastCompleteLine(path);
        if (!line.ok())
            return line.error();
        if (line.value().isEmpty())
            continue;
        const auto split = AuditFormat::split(line.value());
        const QJsonObject object =
            split ? QJsonDocument::fromJson(split->canonical).object() : QJsonObject{};
        if (!split || !object.value(QLatin1String("seq")).isDouble())
            return Error::invalid(
                QStringLiteral("the last audit entry in %1 is unreadable; check it with "
                               "`proxmox-mcpd audit verify`")
                    .arg(path));
        return object.value(QLatin1String("seq")).toInteger();
    }
    return anchor.value() ? anchor.value()->seq : qint64(0);
}

Result<QList<QJsonObject>> AuditLog::tail(const QString &directory, int count)
{
    QList<QJsonObject> entries;
    const QList<int> indexes = AuditFormat::fileIndexes(directory);
    for (auto it = indexes.crbegin(); it != indexes.crend() && entries.size() < count; ++it) {
        const auto content = readAll(directory + QLatin1Char('/') + fileName(*it));
        if (!content.ok())
            return content.error();
        const QList<QByteArray> lines = completeLines(content.value());
        for (auto line = lines.crbegin(); line != lines.crend() && entries.size() < count; ++line)
            entries.prepend(QJsonDocument::fromJson(*line).object());
    }
    return entries;
}

} // namespace pmcp
