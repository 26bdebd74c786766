#include "server/proxmox/ProxmoxTargets.h"

#include "shared/config/Config.h"
#include "server/proxmox/ProxmoxClient.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace pmcp {

namespace {

QStringList hostList(const QJsonValue &value)
{
    QStringList hosts;
    if (value.isString())
        return value.toString().split(u',', Qt::SkipEmptyParts);
    for (const QJsonValue &host : value.toArray())
        hosts.append(host.toString().trimmed());
    hosts.removeAll(QString());
    return hosts;
}

Result<ProxmoxTarget> parseTarget(const QJsonObject &object, int index)
{
    ProxmoxTarget target;
    target.name = object.value(QLatin1String("name")).toString().trimmed();
    const QString label = target.name.isEmpty() ? QStringLiteral("target #%1").arg(index + 1)
                                                : QStringLiteral("target %1").arg(target.name);
    if (target.name.isEmpty())
        return Error::invalid(QStringLiteral("%1 has no name").arg(label));
    for (const QString &host : hostList(object.value(QLatin1String("hosts"))))
        target.hosts.append(host.trimmed());
    if (target.hosts.isEmpty())
        return Error::invalid(QStringLiteral("%1 has no hosts").arg(label));
    const int port = object.value(QLatin1String("port")).toInt(8006);
    if (port < 1 || port > 65535)
        return Error::invalid(QStringLiteral("%1: port must be 1-65535").arg(label));
    target.port = static_cast<quint16>(port);
    target.user = object.value(QLatin1String("user")).toString(QStringLiteral("root@pam"));
    target.tokenName = object.value(QLatin1String("token_name")).toString();
    target.tokenSecret = object.value(QLatin1String("token_value")).toString();
    target.password = object.value(QLatin1String("password")).toString();
    if (target.usesToken() == target.tokenSecret.isEmpty())
        return Error::invalid(
            QStringLiteral("%1: token_name and token_value go together").arg(label));
    if (!target.usesToken() && target.password.isEmpty())
        return Error::invalid(
            QStringLiteral("%1 needs token_name and token_value, or password").arg(label));
    target.verifyTls = object.value(QLatin1String("verify_ssl")).toBool(true);
    target.caFile = object.value(QLatin1String("ca_file")).toString();
    target.fingerprint = object.value(QLatin1String("fingerprint")).toString();
    const int timeoutS = object.value(QLatin1String("timeout_s")).toInt(30);
    if (timeoutS < 1 || timeoutS > 3600)
        return Error::invalid(QStringLiteral("%1: timeout_s must be 1-3600").arg(label));
    target.timeoutMs = timeoutS * 1000;
    return target;
}

} // namespace

Result<QList<ProxmoxTarget>> ProxmoxTargets::parseTargetsFile(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (!document.isObject())
        return Error::invalid(
            QStringLiteral("the targets file is not a JSON object: %1").arg(error.errorString()));
    const QJsonValue list = document.object().value(QLatin1String("targets"));
    if (!list.isArray())
        return Error::invalid(QStringLiteral("the targets file has no \"targets\" list"));
    QList<ProxmoxTarget> targets;
    const QJsonArray array = list.toArray();
    for (int i = 0; i < array.size(); ++i) {
        Result<ProxmoxTarget> target = parseTarget(array.at(i).toObject(), i);
        if (!target)
            return target.error();
        targets.append(std::move(target).value());
    }
    return targets;
}

std::optional<ProxmoxTarget> ProxmoxTargets::defaultTarget(const Config &config)
{
    const QStringList hosts = config.list(ConfigKey::ProxmoxHost);
    if (hosts.isEmpty())
        return std::nullopt;
    ProxmoxTarget target;
    target.hosts = hosts;
    target.port = static_cast<quint16>(config.integer(ConfigKey::ProxmoxPort));
    target.user = config.string(ConfigKey::ProxmoxUser);
    target.tokenName = config.string(ConfigKey::ProxmoxTokenName);
    target.tokenSecret = config.string(ConfigKey::ProxmoxTokenValue);
    target.password = config.string(ConfigKey::ProxmoxPassword);
    target.verifyTls = config.boolean(ConfigKey::ProxmoxVerifySsl);
    target.caFile = config.string(ConfigKey::ProxmoxCaFile);
    target.fingerprint = config.string(ConfigKey::ProxmoxFingerprint);
    target.timeoutMs = static_cast<int>(config.integer(ConfigKey::ProxmoxTimeoutS)) * 1000;
    target.maxConnections = static_cast<int>(config.integer(ConfigKey::ProxmoxMaxConnections));
    target.coalesceReads = config.boolean(ConfigKey::ProxmoxCoalesceReads);
    return target;
}

Result<ProxmoxTargets> ProxmoxTargets::fromConfig(const Config &config)
{
    QList<ProxmoxTarget> targets;
    if (const auto target = defaultTarget(config))
        targets.append(*target);
    const QString path = config.string(ConfigKey::ProxmoxTargetsFile);
    if (!path.isEmpty()) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return Error{ErrorCode::Unavailable, QStringLiteral("cannot read the targets file "
                                                                "%1: %2")
                                                     .arg(path, file.errorString())};
        Result<QList<ProxmoxTarget>> more = parseTargetsFile(file.readAll());
        if (!more)
            return Error::invalid(QStringLiteral("%1: %2").arg(path, more.error().message));
        // The connection settings apply to every target.
        for (ProxmoxTarget &target : more.value()) {
            target.maxConnections =
                static_cast<int>(config.integer(ConfigKey::ProxmoxMaxConnections));
            target.coalesceReads = config.boolean(ConfigKey::ProxmoxCoalesceReads);
        }
        targets += more.value();
    }
    return fromTargets(targets);
}

Result<ProxmoxTargets> ProxmoxTargets::fromTargets(const QList<ProxmoxTarget> &targets)
{
    ProxmoxTargets result;
    for (const ProxmoxTarget &target : targets) {
        if (result.names().contains(target.name))
            return Error::invalid(QStringLiteral("two targets are named %1").arg(target.name));
        // deleteLater: a client may be destroyed from one of its own callbacks.
        std::shared_ptr<ProxmoxClient> client(new ProxmoxClient(target),
                                              [](ProxmoxClient *c) { c->deleteLater(); });
        result.m_clients.push_back({target.name, std::move(client)});
    }
    return result;
}

ProxmoxClient *ProxmoxTargets::client(const QString &name, QString *why) const
{
    if (m_clients.empty()) {
        if (why)
            *why = QStringLiteral("no Proxmox target is configured (set PROXMOX_HOST)");
        return nullptr;
    }
    if (name.isEmpty())
        return m_clients.front().client.get();
    for (const Named &named : m_clients) {
        if (named.name == name)
            return named.client.get();
    }
    if (why)
        *why = QStringLiteral("unknown Proxmox target %1; known targets: %2")
                   .arg(name, names().join(QStringLiteral(", ")));
    return nullptr;
}

QStringList ProxmoxTargets::names() const
{
    QStringList result;
    for (const Named &named : m_clients)
        result.append(named.name);
    return result;
}

} // namespace pmcp
