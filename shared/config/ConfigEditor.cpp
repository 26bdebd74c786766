#include "shared/config/ConfigEditor.h"

#include "shared/core/AtomicFile.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>

#include <algorithm>

namespace pmcp {

namespace {

// A process killed while it held the lock leaves the file behind; QLockFile takes it over at
// once when that process is gone, and after this long in any case.
constexpr int kStaleLockMs = 30000;
constexpr qint64 kMaxFileBytes = 1024 * 1024; // EnvFile's limit for a configuration file

// A lock file nobody could have written its owner into for this long is one whose writer was
// killed between creating it and writing it (a live QLockFile writes it at once): QLockFile
// would wait kStaleLockMs for it, so it is removed now.
constexpr qint64 kOwnerlessLockMs = 1000;

bool ownerlessAndOld(QLockFile &file)
{
    qint64 pid = 0;
    QString host;
    QString application;
    if (file.getLockInfo(&pid, &host, &application))
        return false;
    const QFileInfo info(file.fileName());
    return info.exists() &&
           info.lastModified().msecsTo(QDateTime::currentDateTimeUtc()) > kOwnerlessLockMs;
}

Result<void> lock(QLockFile &file, int waitMs)
{
    file.setStaleLockTime(kStaleLockMs);
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        const int slice = int(qBound(qint64(0), qint64(waitMs) - waited.elapsed(), qint64(100)));
        if (file.tryLock(slice))
            return {};
        if (file.error() != QLockFile::LockFailedError || waited.elapsed() >= waitMs)
            break;
        if (ownerlessAndOld(file))
            file.removeStaleLockFile();
    }
    qint64 pid = 0;
    QString host;
    QString application;
    if (file.error() == QLockFile::LockFailedError && file.getLockInfo(&pid, &host, &application))
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("the configuration is being changed by %1 (pid %2); try again")
                         .arg(application)
                         .arg(pid)};
    return Error{ErrorCode::Unavailable,
                 QStringLiteral("cannot take the configuration lock %1").arg(file.fileName())};
}

QString firstError(const QList<ConfigProblem> &problems)
{
    for (const ConfigProblem &problem : problems) {
        if (problem.severity == ConfigProblem::Severity::Error)
            return problem.message();
    }
    return {};
}

} // namespace

ConfigEditor::ConfigEditor(QString configPath, const QString &stateDir,
                           QProcessEnvironment environment)
    : m_path(std::move(configPath))
    , m_versions(stateDir)
    , m_environment(std::move(environment))
{}

Result<ConfigChanges> ConfigEditor::parseAssignments(const QStringList &words)
{
    ConfigChanges changes;
    for (const QString &word : words) {
        const qsizetype equals = word.indexOf(u'=');
        if (equals <= 0)
            return Error::invalid(
                QStringLiteral("\"%1\" is not KEY=VALUE (KEY= with nothing after it removes the "
                               "key, so its default applies)")
                    .arg(word.left(equals < 0 ? word.size() : equals)));
        changes.append({word.left(equals), word.mid(equals + 1)});
    }
    if (changes.isEmpty())
        return Error::invalid(QStringLiteral("give at least one KEY=VALUE"));
    return changes;
}

void ConfigEditor::splitByLiveness(const QStringList &keys, QStringList *live,
                                   QStringList *restartNeeded)
{
    for (const QString &key : keys) {
        const ConfigSetting *setting = ConfigSchema::instance().find(key);
        QStringList *into = setting && setting->live ? live : restartNeeded;
        if (into)
            into->append(key);
    }
}

bool ConfigEditor::hasError(const QList<ConfigProblem> &problems)
{
    return std::any_of(problems.cbegin(), problems.cend(), [](const ConfigProblem &p) {
        return p.severity == ConfigProblem::Severity::Error;
    });
}

Result<QByteArray> ConfigEditor::readCurrent() const
{
    QFile file(m_path);
    if (!file.exists())
        return QByteArray(); // the first change creates the file
    if (!file.open(QIODevice::ReadOnly))
        return Error::invalid(QStringLiteral("cannot read %1: %2").arg(m_path, file.errorString()));
    const QByteArray text = file.read(kMaxFileBytes + 1);
    if (text.size() > kMaxFileBytes)
        return Error::invalid(QStringLiteral("%1: larger than %2 bytes, not a configuration file")
                                  .arg(m_path)
                                  .arg(kMaxFileBytes));
    return text;
}

QList<ConfigProblem> ConfigEditor::validate(const ConfigChanges &changes, QByteArray *text) const
{
    using S = ConfigProblem::Severity;
    QList<ConfigProblem> problems;
    const auto current = readCurrent();
    if (!current) {
        problems.append({S::Error, QString(), current.error().message, 0});
        return problems;
    }
    EnvFile file = EnvFile::parseLenient(current.value(), nullptr);
    const ConfigSchema &schema = ConfigSchema::instance();
    for (const auto &[key, value] : changes) {
        const ConfigSetting *setting = schema.find(key);
        if (!setting) {
            QString reason =
                ConfigSchema::isLegacyKey(key)
                    ? QStringLiteral(
                          "was used by the old Docker deployment; proxmox-mcpd ignores it")
                    : QStringLiteral("not a setting of proxmox-mcpd (`proxmox-mcpd help config` "
                                     "lists them)");
            if (const ConfigSetting *near = schema.find(key.toUpper()); near && near->name != key)
                reason +=
                    QStringLiteral("; did you mean %1? names are case-sensitive").arg(near->name);
            problems.append({S::Error, key, reason, 0});
            continue;
        }
        if (value.isEmpty())
            file.remove(key);
        else
            file.set(key, value);
        if (m_environment.contains(key))
            problems.append({S::Warning, key,
                             QStringLiteral("the daemon's environment sets %1, which overrides the "
                                            "file: this change has no effect while it does")
                                 .arg(key),
                             0});
    }
    const QByteArray proposed = file.serialize();
    if (text)
        *text = proposed;
    // A line number of the proposed text means nothing to whoever proposed a key's value.
    QList<ConfigProblem> judged = Config::fromText(proposed, m_environment).problems();
    for (ConfigProblem &problem : judged) {
        if (std::any_of(changes.cbegin(), changes.cend(),
                        [&problem](const auto &change) { return change.first == problem.key; }))
            problem.line = 0;
    }
    return problems + judged;
}

Result<ConfigOutcome> ConfigEditor::apply(const ConfigChanges &changes, const QString &by,
                                          QList<ConfigProblem> *problems)
{
    if (!QDir().mkpath(m_versions.directory()))
        return Error::internal(
            QStringLiteral("cannot create folder %1").arg(m_versions.directory()));
    QLockFile guard(m_versions.lockPath());
    if (auto locked = lock(guard, m_lockWaitMs); !locked.ok())
        return locked.error();
    QByteArray text;
    const QList<ConfigProblem> found = validate(changes, &text);
    if (problems)
        *problems = found;
    if (hasError(found))
        return Error::invalid(QStringLiteral("refused, nothing was written: ") + firstError(found));
    const auto current = readCurrent();
    if (!current)
        return current.error();
    ConfigVersion version;
    version.action = QStringLiteral("apply");
    version.by = by;
    return write(text, current.value(), version);
}

Result<ConfigOutcome> ConfigEditor::rollback(int number, const QString &by,
                                             QList<ConfigProblem> *problems)
{
    if (!QDir().mkpath(m_versions.directory()))
        return Error::internal(
            QStringLiteral("cannot create folder %1").arg(m_versions.directory()));
    QLockFile guard(m_versions.lockPath());
    if (auto locked = lock(guard, m_lockWaitMs); !locked.ok())
        return locked.error();
    if (number == 0)
        number = previousVersion();
    if (number == 0)
        return Error::notFound(QStringLiteral("there is no earlier version to roll back to"));
    const auto text = m_versions.content(number);
    if (!text)
        return text.error();
    const QList<ConfigProblem> found = Config::fromText(text.value(), m_environment).problems();
    if (problems)
        *problems = found;
    if (hasError(found))
        return Error::invalid(QStringLiteral("version %1 is not valid now, nothing was written: %2")
                                  .arg(number)
                                  .arg(firstError(found)));
    const auto current = readCurrent();
    if (!current)
        return current.error();
    ConfigVersion version;
    version.action = QStringLiteral("rollback");
    version.by = by;
    version.rolledBackTo = number;
    return write(text.value(), current.value(), version);
}

Result<ConfigOutcome> ConfigEditor::write(const QByteArray &text, const QByteArray &current,
                                          ConfigVersion version)
{
    ConfigOutcome outcome;
    outcome.diff = ConfigDiff::between(current, text);
    splitByLiveness(outcome.diff.keys(), &outcome.live, &outcome.restartNeeded);
    if (text == current)
        return outcome; // nothing to write, nothing to record
    // The file as it was becomes a version first, unless it is one already: the first change
    // keeps the original, and an edit made outside is kept before it is replaced.
    const int latest = m_versions.latest();
    const auto latestText =
        latest > 0 ? m_versions.content(latest) : Result<QByteArray>(QByteArray());
    const bool fileExists = QFileInfo::exists(m_path);
    if (fileExists && (latest == 0 || !latestText || latestText.value() != current)) {
        ConfigVersion previous;
        previous.action = latest == 0 ? QStringLiteral("original") : QStringLiteral("external");
        previous.keys = latest > 0 && latestText
                            ? ConfigDiff::between(latestText.value(), current).keys()
                            : QStringList();
        if (auto kept = m_versions.add(current, previous); !kept.ok())
            return kept.error();
    }
    // The file first, then its version: a crash between leaves the new file, recorded as an
    // outside edit by the next change, and never a version that did not take effect. The file
    // keeps its permissions, owner and group (0640 root:proxmox-mcp stays readable by the daemon).
    if (auto written = AtomicFile::replace(m_path, text); !written.ok())
        return written.error();
    version.keys = outcome.diff.keys();
    auto recorded = m_versions.add(text, version);
    if (!recorded)
        return recorded.error();
    outcome.version = recorded.value();
    return outcome;
}

Result<QByteArray> ConfigEditor::textOf(int version) const
{
    return version == 0 ? readCurrent() : m_versions.content(version);
}

Result<ConfigDiff> ConfigEditor::diff(int from, int to) const
{
    if (from == 0)
        from = previousVersion();
    if (from == 0)
        return Error::notFound(QStringLiteral("there is no earlier version to compare with"));
    const auto before = textOf(from);
    if (!before)
        return before.error();
    const auto after = textOf(to);
    if (!after)
        return after.error();
    return ConfigDiff::between(before.value(), after.value());
}

int ConfigEditor::currentVersion() const
{
    const int latest = m_versions.latest();
    if (latest == 0)
        return 0;
    const auto current = readCurrent();
    const auto text = m_versions.content(latest);
    return current && text && current.value() == text.value() ? latest : 0;
}

int ConfigEditor::previousVersion() const
{
    const int latest = m_versions.latest();
    if (latest == 0 || currentVersion() == 0)
        return latest; // edited outside (or nothing kept): the newest kept version
    // The newest kept version before the current one (older ones may have been dropped).
    const QList<ConfigVersion> all = m_versions.list();
    return all.size() >= 2 ? all.at(all.size() - 2).number : 0;
}

} // namespace pmcp
