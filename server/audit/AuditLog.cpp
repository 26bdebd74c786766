#include "server/audit/AuditLog.h"

#include "server/audit/AuditLogCategory.h"
#include "shared/core/AtomicFile.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <optional>

#include <unistd.h>

namespace pmcp {

namespace {

constexpr qsizetype kKeyBytes = 32;
constexpr qsizetype kMacHexChars = 64;
const QByteArray kMacPrefix = QByteArrayLiteral(",\"mac\":\"");
const QByteArray kGenesis(kMacHexChars, '0');

QByteArray macOf(const QByteArray &key, const QByteArray &canonical)
{
    return QMessageAuthenticationCode::hash(canonical, key, QCryptographicHash::Sha256).toHex();
}

// A written line is its canonical form (compact JSON, keys sorted, no mac) with the mac spliced
// in before the closing brace, so verification hashes the exact bytes, never a re-serialisation.
struct SplitLine final {
    QByteArray canonical;
    QByteArray mac;
};

std::optional<SplitLine> splitLine(const QByteArray &raw)
{
    const qsizetype suffix = kMacPrefix.size() + kMacHexChars + 2;
    if (raw.size() <= suffix || !raw.endsWith("\"}"))
        return std::nullopt;
    const qsizetype at = raw.size() - suffix;
    if (raw.mid(at, kMacPrefix.size()) != kMacPrefix)
        return std::nullopt;
    const QByteArray mac = raw.mid(at + kMacPrefix.size(), kMacHexChars);
    if (QByteArray::fromHex(mac).size() != kMacHexChars / 2)
        return std::nullopt;
    return SplitLine{raw.left(at) + '}', mac};
}

bool isSecretKey(const QString &name)
{
    static const std::array<QLatin1String, 10> kFragments{
        QLatin1String("password"), QLatin1String("passwd"),        QLatin1String("token"),
        QLatin1String("secret"),   QLatin1String("passphrase"),    QLatin1String("credential"),
        QLatin1String("cookie"),   QLatin1String("authorization"), QLatin1String("ticket"),
        QLatin1String("private")};
    const QString lower = name.toLower();
    if (lower.endsWith(QLatin1String("key")) || lower.endsWith(QLatin1String("keys")))
        return true;
    return std::any_of(kFragments.cbegin(), kFragments.cend(),
                       [&lower](QLatin1String fragment) { return lower.contains(fragment); });
}

QJsonValue maskValue(const QJsonValue &value)
{
    if (value.isObject())
        return AuditLog::maskSecrets(value.toObject());
    if (value.isArray()) {
        QJsonArray masked;
        for (const auto &item : value.toArray())
            masked.append(maskValue(item));
        return masked;
    }
    return value;
}

// The numbers of the audit-NNNNNN.jsonl files in the folder, ascending.
QList<int> fileIndexes(const QString &directory)
{
    static const QRegularExpression kName(QStringLiteral("^audit-(\\d{6})\\.jsonl$"));
    QList<int> indexes;
    const auto names = QDir(directory).entryList({QStringLiteral("audit-*.jsonl")}, QDir::Files);
    for (const auto &name : names) {
        const auto match = kName.match(name);
        if (match.hasMatch())
            indexes.append(match.captured(1).toInt());
    }
    std::sort(indexes.begin(), indexes.end());
    return indexes;
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

AuditVerification failure(const AuditVerification &sofar, const QString &file, qint64 line,
                          const QString &reason)
{
    AuditVerification result = sofar;
    result.ok = false;
    result.firstBadFile = file;
    result.firstBadLine = line;
    result.reason = reason;
    return result;
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
    return QStringLiteral("audit-%1.jsonl").arg(index, 6, 10, QLatin1Char('0'));
}

QJsonObject AuditLog::maskSecrets(const QJsonObject &arguments)
{
    QJsonObject masked;
    for (auto it = arguments.constBegin(); it != arguments.constEnd(); ++it) {
        const bool secret = isSecretKey(it.key()) && !it.value().isNull() &&
                            !it.value().isObject() && !it.value().isArray();
        masked.insert(it.key(),
                      secret ? QJsonValue(QStringLiteral("********")) : maskValue(it.value()));
    }
    return masked;
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
    if (auto resumed = resumeChain(); !resumed.ok())
        return resumed;
    m_open = true;
    return {};
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
    const auto content = readAll(path);
    if (!content.ok())
        return content.error();
    const qsizetype keep = content.value().lastIndexOf('\n') + 1;
    *cutBytes = content.value().size() - keep;
    if (*cutBytes == 0)
        return {};
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite) || !file.resize(keep) || ::fsync(file.handle()) != 0)
        return Error::internal(QStringLiteral("cannot cut the torn last line of %1").arg(path));
    qCWarning(lcAudit, "cut a torn last entry (%lld bytes) off %s",
              static_cast<long long>(*cutBytes), qPrintable(path));
    return {};
}

Result<void> AuditLog::resumeChain()
{
    m_seq = 0;
    m_prevMac = kGenesis;
    const QList<int> indexes = fileIndexes(m_directory);
    qint64 cutBytes = 0;
    if (!indexes.isEmpty()) {
        const QString last = m_directory + QLatin1Char('/') + fileName(indexes.last());
        if (auto repaired = repairTornTail(last, &cutBytes); !repaired.ok())
            return repaired;
    }
    for (auto it = indexes.crbegin(); it != indexes.crend(); ++it) {
        const auto content = readAll(m_directory + QLatin1Char('/') + fileName(*it));
        if (!content.ok())
            return content.error();
        const QList<QByteArray> lines = completeLines(content.value());
        if (lines.isEmpty())
            continue;
        const auto split = splitLine(lines.last());
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
    if (auto opened = openFile(indexes.isEmpty() ? 1 : indexes.last()); !opened.ok())
        return opened;
    if (cutBytes == 0)
        return {};
    QJsonObject note{{QStringLiteral("file"), fileName(m_fileIndex)},
                     {QStringLiteral("cut_bytes"), cutBytes}};
    return writeLine(QJsonObject{{QStringLiteral("client"), QStringLiteral("proxmox-mcpd")},
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
    return {};
}

Result<void> AuditLog::append(const AuditEntry &entry)
{
    if (!m_open)
        return Error::internal(QStringLiteral("the audit log is not open"));
    return writeLine(QJsonObject{{QStringLiteral("client"), entry.client},
                                 {QStringLiteral("tool"), entry.tool},
                                 {QStringLiteral("arguments"), maskSecrets(entry.arguments)},
                                 {QStringLiteral("decision"), entry.decision},
                                 {QStringLiteral("duration_ms"), entry.durationMs},
                                 {QStringLiteral("outcome"), entry.outcome},
                                 {QStringLiteral("upid"), entry.upid}});
}

Result<void> AuditLog::writeLine(QJsonObject line)
{
    line.insert(QStringLiteral("seq"), m_seq + 1);
    line.insert(QStringLiteral("time"),
                QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    line.insert(QStringLiteral("prev"), QString::fromLatin1(m_prevMac));
    const QByteArray canonical = QJsonDocument(line).toJson(QJsonDocument::Compact);
    const QByteArray mac = macOf(m_key, canonical);
    const QByteArray bytes = canonical.chopped(1) + kMacPrefix + mac + "\"}\n";

    if (m_file.size() > 0 && m_file.size() + bytes.size() > m_maxFileBytes) {
        if (auto rotated = openFile(m_fileIndex + 1); !rotated.ok())
            return rotated;
    }
    const qint64 before = m_file.size();
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
    if (!m_syncTimer.isActive())
        m_syncTimer.start();
    line.insert(QStringLiteral("mac"), QString::fromLatin1(mac));
    emit appended(line);
    return {};
}

AuditVerification AuditLog::verify(const QString &directory, const QString &keyPath)
{
    AuditVerification result;
    const auto key = readKey(keyPath);
    if (!key.ok())
        return failure(result, QString(), 0, key.error().message);
    qint64 seq = 0;
    QByteArray prev = kGenesis;
    int expected = 1;
    for (const int index : fileIndexes(directory)) {
        if (index != expected)
            return failure(result, fileName(expected), 0, QStringLiteral("missing file"));
        expected = index + 1;
        const QString name = fileName(index);
        const auto content = readAll(directory + QLatin1Char('/') + name);
        if (!content.ok())
            return failure(result, name, 0, content.error().message);
        bool torn = false;
        const QList<QByteArray> lines = completeLines(content.value(), &torn);
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const auto split = splitLine(lines[i]);
            if (!split)
                return failure(result, name, i + 1, QStringLiteral("malformed entry"));
            if (macOf(key.value(), split->canonical) != split->mac)
                return failure(result, name, i + 1,
                               QStringLiteral("edited (mac mismatch, or a different key)"));
            const QJsonObject object = QJsonDocument::fromJson(split->canonical).object();
            if (object.value(QLatin1String("seq")).toInteger() != seq + 1 ||
                object.value(QLatin1String("prev")).toString().toLatin1() != prev)
                return failure(
                    result, name, i + 1,
                    QStringLiteral("removed or reordered (expected seq %1 chained to the entry "
                                   "before, found seq %2)")
                        .arg(seq + 1)
                        .arg(object.value(QLatin1String("seq")).toInteger()));
            ++seq;
            prev = split->mac;
            ++result.entriesChecked;
        }
        if (torn)
            return failure(result, name, lines.size() + 1,
                           QStringLiteral("truncated (the last line is incomplete)"));
    }
    return result;
}

Result<QList<QJsonObject>> AuditLog::tail(const QString &directory, int count)
{
    QList<QJsonObject> entries;
    const QList<int> indexes = fileIndexes(directory);
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
