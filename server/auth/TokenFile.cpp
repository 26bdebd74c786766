#include "server/auth/TokenFile.h"

#include "server/auth/AuthLogCategory.h"
#include "shared/core/AtomicFile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLockFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QtDebug>

#include <algorithm>
#include <array>
#include <utility>

#ifdef Q_OS_LINUX
#include <sys/stat.h>
#endif

namespace pmcp {

namespace {

constexpr int kFormatVersion = 1;
constexpr int kMaxExpiresDays = 36500;
constexpr int kTokenBytes = 32;
constexpr qsizetype kTokenBodyLength = 43; // base64url of 32 bytes, unpadded
// A crashed CLI leaves its lock behind; QLockFile also breaks it at once if the pid is gone.
constexpr int kStaleLockMs = 30000;
constexpr int kLockWaitMs = 5000;

const QString kName = QStringLiteral("name");
const QString kTokenSha256 = QStringLiteral("token_sha256");
const QString kCreated = QStringLiteral("created");
const QString kExpires = QStringLiteral("expires");
const QString kReadOnly = QStringLiteral("read_only");
const QString kRevoked = QStringLiteral("revoked");

bool isBase64UrlChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

// The format is not secret, so this check may exit early; it spares hashing garbage.
bool isWellFormedToken(const QByteArray &token, const QByteArray &prefix)
{
    if (token.size() != prefix.size() + kTokenBodyLength || !token.startsWith(prefix))
        return false;
    for (qsizetype i = prefix.size(); i < token.size(); ++i) {
        if (!isBase64UrlChar(token.at(i)))
            return false;
    }
    return true;
}

// A plain SHA-256 is enough: tokens carry 256 bits from a CSPRNG, so neither brute force nor
// precomputed tables can find one from its hash. Salts and slow KDFs exist for low-entropy
// passwords; here they would only slow down every request.
QByteArray hashToken(QByteArrayView token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex();
}

QString newToken(const QByteArray &prefix)
{
    std::array<quint32, kTokenBytes / sizeof(quint32)> words{};
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), kTokenBytes);
    const QByteArray body =
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return QString::fromLatin1(prefix + body);
}

bool isHexSha256(const QByteArray &hash)
{
    if (hash.size() != 64)
        return false;
    for (const char c : hash) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

QJsonValue dateToJson(const QDateTime &date)
{
    if (!date.isValid())
        return QJsonValue::Null;
    return date.toUTC().toString(Qt::ISODate);
}

// Null is allowed only where the field means "never" (nullable), otherwise it is an error.
std::optional<QDateTime> dateFromJson(const QJsonValue &value, bool nullable)
{
    if (nullable && value.isNull())
        return QDateTime();
    if (!value.isString())
        return std::nullopt;
    const QDateTime date = QDateTime::fromString(value.toString(), Qt::ISODate);
    if (!date.isValid())
        return std::nullopt;
    return date.toUTC();
}

Error corrupt(const TokenKind &kind, const QString &path, const QString &detail)
{
    return Error::internal(QStringLiteral("%1 %2 is corrupt (%3); it was left untouched: fix it or "
                                          "restore it from a backup")
                               .arg(kind.storeName, path, detail));
}

Result<TokenRecord> recordFromJson(const TokenKind &kind, const QJsonValue &value, qsizetype index,
                                   const QString &path)
{
    const QString where = QStringLiteral("%1 #%2").arg(kind.noun).arg(index + 1);
    if (!value.isObject())
        return corrupt(kind, path, where + QStringLiteral(" is not an object"));
    const QJsonObject object = value.toObject();
    TokenRecord record;
    record.name = object.value(kName).toString();
    if (!TokenFile::isValidName(record.name))
        return corrupt(kind, path, where + QStringLiteral(" has an invalid name"));
    record.tokenHash = object.value(kTokenSha256).toString().toLatin1().toLower();
    if (!isHexSha256(record.tokenHash))
        return corrupt(
            kind, path,
            QStringLiteral("%1 %2 has an invalid token_sha256").arg(kind.noun, record.name));
    const auto created = dateFromJson(object.value(kCreated), false);
    const auto expires = dateFromJson(object.value(kExpires), true);
    const auto revoked = dateFromJson(object.value(kRevoked), true);
    if (!created || !expires || !revoked)
        return corrupt(kind, path,
                       QStringLiteral("%1 %2 has an invalid date").arg(kind.noun, record.name));
    record.created = *created;
    record.expires = *expires;
    record.revoked = *revoked;
    if (!object.value(kReadOnly).isBool())
        return corrupt(kind, path,
                       QStringLiteral("%1 %2 has no read_only flag").arg(kind.noun, record.name));
    record.readOnly = object.value(kReadOnly).toBool();
    return record;
}

Result<QList<TokenRecord>> parseFile(const TokenKind &kind, const QByteArray &content,
                                     const QString &path)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(content, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return corrupt(
            kind, path,
            QStringLiteral("%1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
    if (!document.isObject())
        return corrupt(kind, path, QStringLiteral("not a JSON object"));
    const QJsonObject root = document.object();
    const QJsonValue version = root.value(QStringLiteral("version"));
    if (!version.isDouble() || version.toInt() != kFormatVersion)
        return Error{ErrorCode::Unsupported,
                     QStringLiteral("%1 %2 has version %3, this daemon reads version "
                                    "%4; it was left untouched")
                         .arg(kind.storeName, path, version.toVariant().toString())
                         .arg(kFormatVersion)};
    const QJsonValue clients = root.value(kind.listKey);
    if (!clients.isArray())
        return corrupt(kind, path, QStringLiteral("\"%1\" is not a list").arg(kind.listKey));

    QList<TokenRecord> records;
    QSet<QString> names;
    const QJsonArray array = clients.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        auto record = recordFromJson(kind, array.at(i), i, path);
        if (!record)
            return record.error();
        // Two records of one name would make revoke ambiguous.
        if (names.contains(record.value().name))
            return corrupt(
                kind, path,
                QStringLiteral("%1 %2 appears twice").arg(kind.noun, record.value().name));
        names.insert(record.value().name);
        records.append(std::move(record).value());
    }
    return records;
}

QByteArray serialize(const TokenKind &kind, const QList<TokenRecord> &records)
{
    QJsonArray clients;
    for (const TokenRecord &record : records) {
        clients.append(QJsonObject{
            {kName, record.name},
            {kTokenSha256, QString::fromLatin1(record.tokenHash)},
            {kCreated, dateToJson(record.created)},
            {kExpires, dateToJson(record.expires)},
            {kReadOnly, record.readOnly},
            {kRevoked, dateToJson(record.revoked)},
        });
    }
    const QJsonObject root{{QStringLiteral("version"), kFormatVersion}, {kind.listKey, clients}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Error lockError(const TokenKind &kind, QLockFile &lock, const QString &path)
{
    if (lock.error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host;
        QString application;
        if (lock.getLockInfo(&pid, &host, &application))
            return Error{ErrorCode::Unavailable,
                         QStringLiteral("%1 is locked by %2 (pid %3 on %4); try again")
                             .arg(kind.storeName, application)
                             .arg(pid)
                             .arg(host)};
        return Error{
            ErrorCode::Unavailable,
            QStringLiteral("%1 is locked by another process; try again").arg(kind.storeName)};
    }
    return Error::internal(QStringLiteral("cannot create lock file %1").arg(path));
}

} // namespace

bool TokenRecord::isActive(const QDateTime &now) const
{
    return !revoked.isValid() && (!expires.isValid() || now < expires);
}

TokenFile::TokenFile(QString stateDir, TokenKind kind)
    : m_kind(std::move(kind))
    , m_stateDir(QDir::cleanPath(std::move(stateDir)))
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{}

QString TokenFile::filePath() const
{
    return m_stateDir + u'/' + m_kind.fileName;
}

QString TokenFile::lockPath() const
{
    return filePath() + QStringLiteral(".lock");
}

Result<QString> TokenFile::create(const QString &name, bool readOnly, int expiresDays)
{
    if (!isValidName(name))
        return Error::invalid(QStringLiteral("invalid %1 name \"%2\": use 1 to 64 letters, "
                                             "digits, '.', '_' or '-', starting with a letter or "
                                             "digit")
                                  .arg(m_kind.noun, name));
    if (expiresDays < 0 || expiresDays > kMaxExpiresDays)
        return Error::invalid(QStringLiteral("expiry must be 0 (never) to %1 days, not %2")
                                  .arg(kMaxExpiresDays)
                                  .arg(expiresDays));
    if (auto dir = ensureStateDir(); !dir)
        return dir.error();

    QLockFile lock(lockPath());
    lock.setStaleLockTime(kStaleLockMs);
    if (!lock.tryLock(kLockWaitMs))
        return lockError(m_kind, lock, lockPath());
    auto records = readFile();
    if (!records)
        return records.error();

    // Whole seconds, as the file keeps them.
    const QDateTime created = QDateTime::fromSecsSinceEpoch(now().toSecsSinceEpoch(), Qt::UTC);
    auto existing = std::find_if(records.value().begin(), records.value().end(),
                                 [&name](const TokenRecord &r) { return r.name == name; });
    if (existing != records.value().end() && existing->isActive(created))
        return Error{ErrorCode::Conflict,
                     QStringLiteral("%1 %2 exists; revoke it first").arg(m_kind.noun, name)};

    const QString token = newToken(m_kind.prefix);
    TokenRecord record;
    record.name = name;
    record.tokenHash = hashToken(token.toLatin1());
    record.created = created;
    record.expires = expiresDays > 0 ? created.addDays(expiresDays) : QDateTime();
    record.readOnly = readOnly;
    if (existing != records.value().end())
        *existing = record; // a revoked or expired one: its history ends here
    else
        records.value().append(record);
    if (auto written = writeFile(records.value()); !written)
        return written.error();
    m_stamp.reset();
    return token;
}

Result<void> TokenFile::revoke(const QString &name)
{
    if (auto dir = ensureStateDir(); !dir)
        return dir.error();
    QLockFile lock(lockPath());
    lock.setStaleLockTime(kStaleLockMs);
    if (!lock.tryLock(kLockWaitMs))
        return lockError(m_kind, lock, lockPath());
    auto records = readFile();
    if (!records)
        return records.error();

    auto existing = std::find_if(records.value().begin(), records.value().end(),
                                 [&name](const TokenRecord &r) { return r.name == name; });
    if (existing == records.value().end())
        return Error::notFound(QStringLiteral("no %1 named %2").arg(m_kind.noun, name));
    if (existing->revoked.isValid())
        return {}; // the first revocation time is the one the audit trail wants
    existing->revoked = QDateTime::fromSecsSinceEpoch(now().toSecsSinceEpoch(), Qt::UTC);
    if (auto written = writeFile(records.value()); !written)
        return written.error();
    m_stamp.reset();
    return {};
}

Result<QList<TokenRecord>> TokenFile::list()
{
    return readFile();
}

std::optional<ClientIdentity> TokenFile::authenticate(const QByteArray &token)
{
    if (!isWellFormedToken(token, m_kind.prefix))
        return std::nullopt;
    refreshIfChanged();
    if (!m_recordsValid)
        return std::nullopt;

    const QByteArray presented = hashToken(token);
    const QDateTime at = now();
    std::optional<ClientIdentity> identity;
    // Every record is compared, whether or not one already matched.
    for (const TokenRecord &record : std::as_const(m_records)) {
        const bool equal = constantTimeEquals(presented, record.tokenHash);
        if (equal && record.isActive(at))
            identity =
                ClientIdentity{record.name, record.readOnly, {}, {}, QStringLiteral("token")};
    }
    return identity;
}

int TokenFile::activeCount()
{
    refreshIfChanged();
    const QDateTime at = now();
    return int(std::count_if(m_records.cbegin(), m_records.cend(),
                             [&at](const TokenRecord &r) { return r.isActive(at); }));
}

Result<void> TokenFile::reload()
{
    m_sinceCheck.start();
    m_stamp = stamp();
    return loadCache();
}

void TokenFile::setRecheckIntervalMs(int intervalMs)
{
    m_recheckIntervalMs = qMax(0, intervalMs);
}

void TokenFile::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

bool TokenFile::isValidName(const QString &name)
{
    static const QRegularExpression pattern(
        QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")));
    return pattern.match(name).hasMatch();
}

bool TokenFile::constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false; // lengths of hex hashes are public
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

QDateTime TokenFile::now() const
{
    return m_clock();
}

TokenFile::FileStamp TokenFile::stamp() const
{
    FileStamp result;
#ifdef Q_OS_LINUX
    // The inode tells a renamed-in file apart even when size and time happen to match.
    struct stat status {};
    if (::stat(QFile::encodeName(filePath()).constData(), &status) != 0)
        return result;
    result.exists = true;
    result.size = status.st_size;
    result.modifiedNs = qint64(status.st_mtim.tv_sec) * 1000000000 + status.st_mtim.tv_nsec;
    result.inode = status.st_ino;
#else
    const QFileInfo info(filePath());
    if (!info.exists())
        return result;
    result.exists = true;
    result.size = info.size();
    result.modifiedNs = info.lastModified().toMSecsSinceEpoch() * 1000000;
#endif
    return result;
}

Result<QList<TokenRecord>> TokenFile::readFile() const
{
    QFile file(filePath());
    if (!file.exists())
        return QList<TokenRecord>(); // none created yet
    if (!file.open(QIODevice::ReadOnly))
        return Error::internal(QStringLiteral("cannot read %1 %2: %3")
                                   .arg(m_kind.storeName, filePath(), file.errorString()));
    return parseFile(m_kind, file.readAll(), filePath());
}

Result<void> TokenFile::writeFile(const QList<TokenRecord> &records) const
{
    return AtomicFile::write(filePath(), serialize(m_kind, records));
}

Result<void> TokenFile::ensureStateDir() const
{
    if (QFileInfo(m_stateDir).isDir())
        return {};
    const QString parent = QFileInfo(m_stateDir).absolutePath();
    const QFile::Permissions ownerOnly = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;
    // Another process may create it between the check and mkdir: only its absence is an error.
    if ((!QDir().mkpath(parent) || !QDir().mkdir(m_stateDir, ownerOnly)) &&
        !QFileInfo(m_stateDir).isDir())
        return Error::internal(QStringLiteral("cannot create state folder %1").arg(m_stateDir));
    return {};
}

Result<void> TokenFile::loadCache()
{
    auto records = readFile();
    if (!records) {
        m_records.clear();
        m_recordsValid = false;
        if (!m_warned)
            qCWarning(lcAuth).noquote()
                << records.error().message
                << QStringLiteral("- denying every %1 until it is fixed").arg(m_kind.tokenNoun);
        m_warned = true;
        return records.error();
    }
    m_records = std::move(records).value();
    m_recordsValid = true;
    m_warned = false;
    return {};
}

void TokenFile::refreshIfChanged()
{
    if (m_stamp && m_sinceCheck.isValid() && m_sinceCheck.elapsed() < m_recheckIntervalMs)
        return;
    m_sinceCheck.start();
    // Stamp before reading: a change in between is then seen at the next check.
    const FileStamp current = stamp();
    if (m_stamp && *m_stamp == current && m_recordsValid)
        return;
    m_stamp = current;
    loadCache();
}

} // namespace pmcp
