#include "shared/config/Config.h"

#include <QFileInfo>
#include <QHostAddress>

#include <algorithm>

namespace pmcp {

namespace {

const ConfigKey *schemaKey(const QString &name)
{
    return ConfigSchema::instance().find(name);
}

bool isLoopbackHost(QString host)
{
    if (host.endsWith(u'.'))
        host.chop(1);
    if (host.compare(QStringLiteral("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QString readableFileProblem(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return QStringLiteral("file %1 does not exist").arg(path);
    if (!info.isFile() || !info.isReadable())
        return QStringLiteral("file %1 is not a readable file").arg(path);
    return {};
}

} // namespace

QString ConfigProblem::message() const
{
    QString text = key.isEmpty() ? reason : key + QStringLiteral(": ") + reason;
    if (line > 0 && !key.isEmpty())
        text.prepend(QStringLiteral("line %1: ").arg(line));
    return text;
}

Config Config::fromSources(const EnvFile &file, const QProcessEnvironment &environment)
{
    Config config;
    config.m_fileEntries = file.entries();
    config.m_fileShadowed = file.shadowed();
    for (const auto &entry : std::as_const(config.m_fileEntries))
        config.m_file.insert(entry.key, {entry.value, entry.line});
    // Only keys the schema knows: the process environment holds many unrelated variables.
    for (const ConfigKey &key : ConfigSchema::instance().keys()) {
        if (environment.contains(key.name))
            config.m_environment.insert(key.name, environment.value(key.name));
    }
    config.revalidate();
    return config;
}

Config Config::load(const QString &path, const QProcessEnvironment &environment)
{
    int errorLine = 0;
    const auto file = EnvFile::load(path, &errorLine);
    Config config = fromSources(file ? file.value() : EnvFile(), environment);
    if (!file) {
        config.m_fileFailed = true;
        config.m_loadProblems.append(
            {ConfigProblem::Severity::Error, QString(), file.error().message, errorLine});
    } else if (QFileInfo(path).permissions() & QFileDevice::ReadOther) {
        const bool holdsSecret = std::any_of(
            config.m_fileEntries.cbegin(), config.m_fileEntries.cend(),
            [](const EnvFile::Entry &e) { return !e.value.isEmpty() && isSecretKey(e.key); });
        if (holdsSecret) {
            config.m_loadProblems.append(
                {ConfigProblem::Severity::Warning, QString(),
                 QStringLiteral("%1 holds secrets and is readable by every user; restrict it "
                                "(chmod 600, or 640 with the daemon's group)")
                     .arg(path)});
        }
    }
    config.revalidate();
    return config;
}

Config Config::defaults()
{
    return Config();
}

bool Config::isValid() const
{
    return std::none_of(m_problems.cbegin(), m_problems.cend(), [](const ConfigProblem &p) {
        return p.severity == ConfigProblem::Severity::Error;
    });
}

QString Config::raw(const QString &key) const
{
    if (const auto it = m_overrides.constFind(key); it != m_overrides.constEnd())
        return it.value();
    if (const auto it = m_environment.constFind(key); it != m_environment.constEnd())
        return it.value();
    if (const auto it = m_file.constFind(key); it != m_file.constEnd())
        return it.value().value;
    const ConfigKey *schema = schemaKey(key);
    return schema ? schema->defaultValue : QString();
}

QString Config::string(const QString &key) const
{
    const ConfigKey *schema = schemaKey(key);
    const QString value = raw(key);
    return schema ? ConfigSchema::instance().canonical(*schema, value) : value;
}

bool Config::boolean(const QString &key) const
{
    const ConfigKey *schema = schemaKey(key);
    QString value = raw(key);
    if (schema && !ConfigSchema::instance().validate(*schema, value).isEmpty())
        value = schema->defaultValue;
    return ConfigSchema::parseBool(value);
}

qint64 Config::integer(const QString &key) const
{
    const ConfigKey *schema = schemaKey(key);
    QString value = raw(key);
    if (schema && !ConfigSchema::instance().validate(*schema, value).isEmpty())
        value = schema->defaultValue;
    return value.trimmed().toLongLong();
}

QStringList Config::list(const QString &key) const
{
    QStringList result;
    for (const QString &item : raw(key).split(u',')) {
        const QString trimmed = item.trimmed();
        if (!trimmed.isEmpty())
            result.append(trimmed);
    }
    return result;
}

bool Config::isSet(const QString &key) const
{
    return m_overrides.contains(key) || m_environment.contains(key) || m_file.contains(key);
}

QString Config::sourceOf(const QString &key) const
{
    if (m_overrides.contains(key))
        return QStringLiteral("override");
    if (m_environment.contains(key))
        return QStringLiteral("environment");
    if (m_file.contains(key))
        return QStringLiteral("file");
    return QStringLiteral("default");
}

void Config::set(const QString &key, const QString &value)
{
    m_overrides.insert(key, value);
    revalidate();
}

bool Config::isSecretKey(const QString &key)
{
    const ConfigKey *known = schemaKey(key);
    return known ? known->secret : SecretMask::isSecretName(key);
}

QJsonObject Config::toJson(bool revealSecrets) const
{
    QJsonObject json;
    for (const ConfigKey &key : ConfigSchema::instance().keys()) {
        const QString value = string(key.name);
        json.insert(key.name, isSecretKey(key.name) && !revealSecrets && !value.isEmpty()
                                  ? maskedSecret()
                                  : value);
    }
    return json;
}

void Config::addProblem(ConfigProblem::Severity severity, const QString &key, const QString &reason,
                        int line)
{
    m_problems.append({severity, key, reason, line});
}

bool Config::hasProblem(const QString &key) const
{
    return std::any_of(m_problems.cbegin(), m_problems.cend(), [&key](const ConfigProblem &p) {
        return p.key == key && p.severity == ConfigProblem::Severity::Error;
    });
}

void Config::revalidate()
{
    m_problems = m_loadProblems;
    checkValues();
    // Without the file, cross-key checks would judge a configuration nobody wrote.
    if (!m_fileFailed)
        checkCrossKeys();
}

void Config::checkValues()
{
    using S = ConfigProblem::Severity;
    const ConfigSchema &schema = ConfigSchema::instance();

    // The file's lines in file order: effective entries and earlier duplicates together.
    QList<EnvFile::Entry> lines = m_fileEntries + m_fileShadowed;
    std::stable_sort(
        lines.begin(), lines.end(),
        [](const EnvFile::Entry &a, const EnvFile::Entry &b) { return a.line < b.line; });
    for (const EnvFile::Entry &entry : std::as_const(lines)) {
        const int effectiveLine = m_file.value(entry.key).line;
        if (entry.line != effectiveLine) {
            addProblem(
                S::Warning, entry.key,
                QStringLiteral("set again on line %1; this line has no effect").arg(effectiveLine),
                entry.line);
            continue;
        }
        const ConfigKey *key = schema.find(entry.key);
        if (!key) {
            // Never the value: an unknown key may well hold a password.
            if (ConfigSchema::isLegacyKey(entry.key)) {
                addProblem(S::Warning, entry.key,
                           QStringLiteral("was used by the old Docker deployment and is ignored; "
                                          "it can be removed"),
                           entry.line);
                continue;
            }
            QString reason = QStringLiteral("unknown key, ignored");
            if (const ConfigKey *near = schema.find(entry.key.toUpper()))
                reason +=
                    QStringLiteral(" (did you mean %1? names are case-sensitive)").arg(near->name);
            addProblem(S::Warning, entry.key, reason, entry.line);
            continue;
        }
        const QString reason = schema.validate(*key, entry.value);
        if (reason.isEmpty())
            continue;
        if (sourceOf(key->name) == QStringLiteral("file"))
            addProblem(S::Error, key->name, reason, entry.line);
        else
            addProblem(
                S::Warning, key->name,
                QStringLiteral("overridden, but the file's value is not valid: %1").arg(reason),
                entry.line);
    }

    for (const ConfigKey &key : schema.keys()) {
        const QString source = sourceOf(key.name);
        if (source != QStringLiteral("environment") && source != QStringLiteral("override"))
            continue;
        const QString reason = schema.validate(key, raw(key.name));
        if (!reason.isEmpty())
            addProblem(S::Error, key.name,
                       QStringLiteral("%1 (from the %2)")
                           .arg(reason, source == QStringLiteral("override")
                                            ? QStringLiteral("program")
                                            : source));
    }

    QStringList unknownOverrides;
    for (auto it = m_overrides.cbegin(); it != m_overrides.cend(); ++it) {
        if (!schema.find(it.key()))
            unknownOverrides.append(it.key());
    }
    unknownOverrides.sort();
    for (const QString &name : std::as_const(unknownOverrides))
        addProblem(S::Warning, name, QStringLiteral("unknown key, ignored"));
}

bool Config::isValidValue(const QString &name) const
{
    const ConfigSchema &schema = ConfigSchema::instance();
    const ConfigKey *key = schema.find(name);
    return key && schema.validate(*key, raw(name)).isEmpty();
}

void Config::requireSet(const QString &key, const QString &because)
{
    if (string(key).isEmpty() && !hasProblem(key))
        addProblem(ConfigProblem::Severity::Error, key,
                   QStringLiteral("required when %1").arg(because));
}

void Config::requireReadable(const QString &key)
{
    const QString path = string(key);
    if (path.isEmpty() || !isValidValue(key))
        return;
    const QString reason = readableFileProblem(path);
    if (!reason.isEmpty())
        addProblem(ConfigProblem::Severity::Error, key, reason);
}

void Config::checkCrossKeys()
{
    checkTls();
    checkBackends();
    checkAuthentication();
}

void Config::checkTls()
{
    const QString certKey = QStringLiteral("MCP_TLS_CERT");
    const QString keyKey = QStringLiteral("MCP_TLS_KEY");
    const bool hasCert = !string(certKey).isEmpty();
    const bool hasKey = !string(keyKey).isEmpty();
    if (hasCert != hasKey) {
        addProblem(ConfigProblem::Severity::Error, hasCert ? keyKey : certKey,
                   QStringLiteral("must be set together with %1 (HTTPS needs the certificate and "
                                  "its private key)")
                       .arg(hasCert ? certKey : keyKey));
    } else if (hasCert) {
        requireReadable(certKey);
        requireReadable(keyKey);
    }
}

void Config::checkBackends()
{
    const QString api = QStringLiteral("ENABLE_PROXMOX_API");
    if (isValidValue(api) && boolean(api)) {
        const QString because = QStringLiteral("ENABLE_PROXMOX_API is true");
        checkProxmoxCredentials(because);
        requireReadable(QStringLiteral("PROXMOX_CA_FILE"));
        requireReadable(QStringLiteral("PROXMOX_TARGETS_FILE"));
        const QString verify = QStringLiteral("PROXMOX_VERIFY_SSL");
        if (isValidValue(verify) && !boolean(verify)) {
            addProblem(ConfigProblem::Severity::Warning, verify,
                       QStringLiteral("TLS verification is off: anyone on the network path can "
                                      "impersonate the Proxmox API; prefer PROXMOX_CA_FILE or "
                                      "PROXMOX_FINGERPRINT"));
        }
    }

    const QString ssh = QStringLiteral("ENABLE_SSH");
    if (isValidValue(ssh) && boolean(ssh)) {
        const QString because = QStringLiteral("ENABLE_SSH is true");
        requireSet(QStringLiteral("SSH_HOST"), because);
        requireSet(QStringLiteral("SSH_USER"), because);
        const QString keyPath = QStringLiteral("SSH_KEY_PATH");
        const QString password = QStringLiteral("SSH_PASSWORD");
        if (string(keyPath).isEmpty() && string(password).isEmpty() && !hasProblem(keyPath) &&
            !hasProblem(password)) {
            addProblem(
                ConfigProblem::Severity::Error, keyPath,
                QStringLiteral("SSH_KEY_PATH or SSH_PASSWORD is required when %1").arg(because));
        }
    }
}

void Config::checkProxmoxCredentials(const QString &because)
{
    const QString host = QStringLiteral("PROXMOX_HOST");
    const QString password = QStringLiteral("PROXMOX_PASSWORD");
    const QString tokenName = QStringLiteral("PROXMOX_TOKEN_NAME");
    // With a targets file the default target is optional: the file names the clusters.
    if (string(host).isEmpty() && !string(QStringLiteral("PROXMOX_TARGETS_FILE")).isEmpty())
        return;
    requireSet(host, because);
    requireSet(QStringLiteral("PROXMOX_USER"), because);
    if (string(password).isEmpty()) {
        requireSet(tokenName, because);
        requireSet(QStringLiteral("PROXMOX_TOKEN_VALUE"), because);
    } else if (!string(tokenName).isEmpty()) {
        addProblem(ConfigProblem::Severity::Warning, password,
                   QStringLiteral("ignored: the API token (PROXMOX_TOKEN_NAME) is used instead"));
    }
}

void Config::checkAuthentication()
{
    const QString requireAuth = QStringLiteral("MCP_REQUIRE_AUTH");
    const QString host = QStringLiteral("MCP_HOST");
    if (isValidValue(requireAuth) && !boolean(requireAuth) && isValidValue(host) &&
        !isLoopbackHost(string(host))) {
        addProblem(ConfigProblem::Severity::Error, requireAuth,
                   QStringLiteral("refusing to serve without authentication on a non-loopback "
                                  "address (MCP_HOST is %1); keep it true or listen on 127.0.0.1")
                       .arg(string(host)));
    }
}

} // namespace pmcp
