#include "shared/config/Config.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>

#include <algorithm>

namespace pmcp {

namespace {

const ConfigSetting *schemaKey(const QString &name)
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
    if (line > 0)
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
    for (const ConfigSetting &key : ConfigSchema::instance().keys()) {
        if (environment.contains(key.name))
            config.m_environment.insert(key.name, environment.value(key.name));
    }
    config.m_credentialsDirectory = environment.value(QStringLiteral("CREDENTIALS_DIRECTORY"));
    config.revalidate();
    return config;
}

Config Config::load(const QString &path, const QProcessEnvironment &environment)
{
    // A line with a syntax error is reported and skipped: the rest of the file is still read
    // and checked, so one run names every problem.
    QList<EnvFile::SyntaxError> syntaxErrors;
    const auto file = EnvFile::loadLenient(path, &syntaxErrors);
    Config config = fromSources(file ? file.value() : EnvFile(), environment);
    for (const EnvFile::SyntaxError &error : std::as_const(syntaxErrors))
        config.m_loadProblems.append(
            {ConfigProblem::Severity::Error, QString(), error.reason, error.line});
    if (!file) {
        config.m_fileFailed = true;
        config.m_loadProblems.append(
            {ConfigProblem::Severity::Error, QString(), file.error().message, 0});
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

Config Config::fromText(const QByteArray &text, const QProcessEnvironment &environment)
{
    QList<EnvFile::SyntaxError> syntaxErrors;
    Config config = fromSources(EnvFile::parseLenient(text, &syntaxErrors), environment);
    for (const EnvFile::SyntaxError &error : std::as_const(syntaxErrors))
        config.m_loadProblems.append(
            {ConfigProblem::Severity::Error, QString(), error.reason, error.line});
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

QString Config::raw(const QString &name) const
{
    if (const auto it = m_overrides.constFind(name); it != m_overrides.constEnd())
        return it.value();
    if (const auto it = m_environment.constFind(name); it != m_environment.constEnd())
        return it.value();
    if (const auto it = m_credentials.constFind(name); it != m_credentials.constEnd())
        return it.value();
    if (const auto it = m_file.constFind(name); it != m_file.constEnd())
        return it.value().value;
    const ConfigSetting *schema = schemaKey(name);
    return schema ? schema->defaultValue : QString();
}

QString Config::stringByName(const QString &name) const
{
    const ConfigSetting *schema = schemaKey(name);
    const QString value = raw(name);
    return schema ? ConfigSchema::instance().canonical(*schema, value) : value;
}

bool Config::booleanByName(const QString &name) const
{
    const ConfigSetting *schema = schemaKey(name);
    QString value = raw(name);
    if (schema && !ConfigSchema::instance().validate(*schema, value).isEmpty())
        value = schema->defaultValue;
    return ConfigSchema::parseBool(value);
}

qint64 Config::integerByName(const QString &name) const
{
    const ConfigSetting *schema = schemaKey(name);
    QString value = raw(name);
    if (schema && !ConfigSchema::instance().validate(*schema, value).isEmpty())
        value = schema->defaultValue;
    return value.trimmed().toLongLong();
}

QStringList Config::listByName(const QString &name) const
{
    QStringList result;
    for (const QString &item : raw(name).split(u',')) {
        const QString trimmed = item.trimmed();
        if (!trimmed.isEmpty())
            result.append(trimmed);
    }
    return result;
}

QString Config::sourceByName(const QString &name) const
{
    if (m_overrides.contains(name))
        return QStringLiteral("override");
    if (m_environment.contains(name))
        return QStringLiteral("environment");
    if (m_credentials.contains(name))
        return QStringLiteral("credential");
    if (m_file.contains(name))
        return QStringLiteral("file");
    return QStringLiteral("default");
}

void Config::setByName(const QString &name, const QString &value)
{
    m_overrides.insert(name, value);
    revalidate();
}

QString Config::string(ConfigKey key) const
{
    return stringByName(configKeyName(key));
}

bool Config::boolean(ConfigKey key) const
{
    return booleanByName(configKeyName(key));
}

qint64 Config::integer(ConfigKey key) const
{
    return integerByName(configKeyName(key));
}

QStringList Config::list(ConfigKey key) const
{
    return listByName(configKeyName(key));
}

bool Config::isSet(ConfigKey key) const
{
    const QString name = configKeyName(key);
    return m_overrides.contains(name) || m_environment.contains(name) || m_file.contains(name);
}

QString Config::sourceOf(ConfigKey key) const
{
    return sourceByName(configKeyName(key));
}

void Config::set(ConfigKey key, const QString &value)
{
    setByName(configKeyName(key), value);
}

bool Config::isSecretKey(const QString &key)
{
    const ConfigSetting *known = schemaKey(key);
    return known ? known->secret : SecretMask::isSecretName(key);
}

QJsonObject Config::toJson(bool revealSecrets) const
{
    QJsonObject json;
    for (const ConfigSetting &key : ConfigSchema::instance().keys()) {
        const QString value = string(key.key);
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

bool Config::hasProblem(ConfigKey key) const
{
    const QString name = configKeyName(key);
    return std::any_of(m_problems.cbegin(), m_problems.cend(), [&name](const ConfigProblem &p) {
        return p.key == name && p.severity == ConfigProblem::Severity::Error;
    });
}

void Config::revalidate()
{
    const QList<ConfigProblem> credentialProblems = resolveCredentials();
    m_problems = m_loadProblems;
    checkValues();
    m_problems += credentialProblems;
    // Without the file, cross-key checks would judge a configuration nobody wrote.
    if (!m_fileFailed)
        checkCrossKeys();
}

QList<ConfigProblem> Config::resolveCredentials()
{
    using S = ConfigProblem::Severity;
    struct CredentialKey {
        ConfigKey name;   // the key naming the credential
        ConfigKey target; // the key it gives a value
        bool asPath;      // the target is the credential's path (a key file), not its content
    };
    static const CredentialKey kCredentialKeys[] = {
        {ConfigKey::ProxmoxTokenCredential, ConfigKey::ProxmoxTokenValue, false},
        {ConfigKey::SshKeyCredential, ConfigKey::SshKeyPath, true},
    };
    m_credentials.clear();
    m_awaitingCredential.clear();
    QList<ConfigProblem> problems;
    const ConfigSchema &schema = ConfigSchema::instance();
    for (const CredentialKey &entry : kCredentialKeys) {
        const QString keyName = configKeyName(entry.name);
        const QString targetName = configKeyName(entry.target);
        const QString credential = raw(keyName).trimmed();
        // An invalid name is reported by checkValues().
        if (credential.isEmpty() ||
            !schema.validate(schema.setting(entry.name), credential).isEmpty())
            continue;
        if (m_credentialsDirectory.isEmpty()) {
            m_awaitingCredential.append(targetName);
            problems.append({S::Warning, keyName,
                             QStringLiteral("the systemd credential %1 is given only to the "
                                            "service (LoadCredential=, $CREDENTIALS_DIRECTORY); "
                                            "%2 is checked when the service starts, and this "
                                            "process uses %2 as set")
                                 .arg(credential, targetName)});
            continue;
        }
        const QString path = QDir(m_credentialsDirectory).filePath(credential);
        if (!QFileInfo(path).isFile()) {
            problems.append({S::Error, keyName,
                             QStringLiteral("the service has no credential %1 (%2 is missing): "
                                            "put the secret in /etc/credstore/%1 (owned by root, "
                                            "mode 0600) and restart, or name it in the unit's "
                                            "LoadCredential=")
                                 .arg(credential, path)});
            continue;
        }
        if (!raw(targetName).isEmpty() && m_file.contains(targetName) &&
            !m_environment.contains(targetName) && !m_overrides.contains(targetName))
            problems.append({S::Warning, targetName,
                             QStringLiteral("ignored: the credential %1 (%2) gives it")
                                 .arg(credential, keyName)});
        if (entry.asPath) {
            m_credentials.insert(targetName, path);
            continue;
        }
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            problems.append({S::Error, keyName,
                             QStringLiteral("cannot read the credential %1: %2")
                                 .arg(path, file.errorString())});
            continue;
        }
        QByteArray content = file.readAll();
        while (content.endsWith('\n') || content.endsWith('\r'))
            content.chop(1);
        m_credentials.insert(targetName, QString::fromUtf8(content));
    }
    return problems;
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
        const ConfigSetting *key = schema.find(entry.key);
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
            if (const ConfigSetting *near = schema.find(entry.key.toUpper()))
                reason +=
                    QStringLiteral(" (did you mean %1? names are case-sensitive)").arg(near->name);
            addProblem(S::Warning, entry.key, reason, entry.line);
            continue;
        }
        const QString reason = schema.validate(*key, entry.value);
        if (reason.isEmpty())
            continue;
        if (sourceOf(key->key) == QStringLiteral("file"))
            addProblem(S::Error, key->name, reason, entry.line);
        else
            addProblem(
                S::Warning, key->name,
                QStringLiteral("overridden, but the file's value is not valid: %1").arg(reason),
                entry.line);
    }

    for (const ConfigSetting &key : schema.keys()) {
        const QString source = sourceOf(key.key);
        if (source != QStringLiteral("environment") && source != QStringLiteral("override") &&
            source != QStringLiteral("credential"))
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

bool Config::isValidValue(ConfigKey key) const
{
    const ConfigSchema &schema = ConfigSchema::instance();
    const ConfigSetting &setting = schema.setting(key);
    return schema.validate(setting, raw(setting.name)).isEmpty();
}

void Config::requireSet(ConfigKey key, const QString &because)
{
    // Given to the service by its credential: checked there.
    if (m_awaitingCredential.contains(configKeyName(key)))
        return;
    if (string(key).isEmpty() && !hasProblem(key))
        addProblem(ConfigProblem::Severity::Error, key,
                   QStringLiteral("required when %1").arg(because));
}

void Config::requireReadable(ConfigKey key)
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
    checkAlerts();
}

void Config::checkAlerts()
{
    const ConfigKey smtp = ConfigKey::AlertSmtpUrl;
    if (string(smtp).isEmpty())
        return;
    const QString because = QStringLiteral("%1 is set").arg(configKeyName(smtp));
    requireSet(ConfigKey::AlertEmailFrom, because);
    requireSet(ConfigKey::AlertEmailTo, because);
    requireReadable(ConfigKey::AlertSmtpCaFile);
}

void Config::checkTls()
{
    const ConfigKey certKey = ConfigKey::McpTlsCert;
    const ConfigKey keyKey = ConfigKey::McpTlsKey;
    const bool hasCert = !string(certKey).isEmpty();
    const bool hasKey = !string(keyKey).isEmpty();
    if (hasCert != hasKey) {
        addProblem(ConfigProblem::Severity::Error, hasCert ? keyKey : certKey,
                   QStringLiteral("must be set together with %1 (HTTPS needs the certificate and "
                                  "its private key)")
                       .arg(configKeyName(hasCert ? certKey : keyKey)));
    } else if (hasCert) {
        requireReadable(certKey);
        requireReadable(keyKey);
    }
}

void Config::checkBackends()
{
    const ConfigKey api = ConfigKey::EnableProxmoxApi;
    if (isValidValue(api) && boolean(api)) {
        const QString because = QStringLiteral("%1 is true").arg(configKeyName(api));
        checkProxmoxCredentials(because);
        requireReadable(ConfigKey::ProxmoxCaFile);
        requireReadable(ConfigKey::ProxmoxTargetsFile);
        const ConfigKey verify = ConfigKey::ProxmoxVerifySsl;
        if (isValidValue(verify) && !boolean(verify)) {
            addProblem(ConfigProblem::Severity::Warning, verify,
                       QStringLiteral("TLS verification is off: anyone on the network path can "
                                      "impersonate the Proxmox API; prefer %1 or %2")
                           .arg(configKeyName(ConfigKey::ProxmoxCaFile),
                                configKeyName(ConfigKey::ProxmoxFingerprint)));
        }
    }

    const ConfigKey ssh = ConfigKey::EnableSsh;
    if (isValidValue(ssh) && boolean(ssh)) {
        const QString because = QStringLiteral("%1 is true").arg(configKeyName(ssh));
        requireSet(ConfigKey::SshHost, because);
        requireSet(ConfigKey::SshUser, because);
        const ConfigKey keyPath = ConfigKey::SshKeyPath;
        const ConfigKey password = ConfigKey::SshPassword;
        if (string(keyPath).isEmpty() && string(password).isEmpty() && !hasProblem(keyPath) &&
            !hasProblem(password) && !m_awaitingCredential.contains(configKeyName(keyPath))) {
            addProblem(ConfigProblem::Severity::Error, keyPath,
                       QStringLiteral("%1 or %2 is required when %3")
                           .arg(configKeyName(keyPath), configKeyName(password), because));
        }
    }
}

void Config::checkProxmoxCredentials(const QString &because)
{
    const ConfigKey host = ConfigKey::ProxmoxHost;
    const ConfigKey password = ConfigKey::ProxmoxPassword;
    const ConfigKey tokenName = ConfigKey::ProxmoxTokenName;
    // With a targets file the default target is optional: the file names the clusters.
    if (string(host).isEmpty() && !string(ConfigKey::ProxmoxTargetsFile).isEmpty())
        return;
    requireSet(host, because);
    requireSet(ConfigKey::ProxmoxUser, because);
    if (string(password).isEmpty()) {
        requireSet(tokenName, because);
        requireSet(ConfigKey::ProxmoxTokenValue, because);
    } else if (!string(tokenName).isEmpty()) {
        addProblem(ConfigProblem::Severity::Warning, password,
                   QStringLiteral("ignored: the API token (%1) is used instead")
                       .arg(configKeyName(tokenName)));
    }
}

void Config::checkAuthentication()
{
    const ConfigKey requireAuth = ConfigKey::McpRequireAuth;
    const ConfigKey host = ConfigKey::McpHost;
    if (isValidValue(requireAuth) && !boolean(requireAuth) && isValidValue(host) &&
        !isLoopbackHost(string(host))) {
        addProblem(ConfigProblem::Severity::Error, requireAuth,
                   QStringLiteral("refusing to serve without authentication on a non-loopback "
                                  "address (%1 is %2); keep it true or listen on 127.0.0.1")
                       .arg(configKeyName(host), string(host)));
    }
}

} // namespace pmcp
