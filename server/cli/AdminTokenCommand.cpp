#include "server/cli/AdminTokenCommand.h"

#include "server/auth/AdminTokenStore.h"
#include "server/cli/ConfigLoader.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace pmcp {

namespace {

// The longest an admin token may live when given an expiry (as for client tokens).
constexpr int kMaxExpiresDays = 36500;

QString formatDate(const QDateTime &date)
{
    return date.isValid() ? date.toUTC().toString(Qt::ISODate) : QStringLiteral("never");
}

QJsonValue jsonDate(const QDateTime &date)
{
    return date.isValid() ? QJsonValue(date.toUTC().toString(Qt::ISODate)) : QJsonValue::Null;
}

QString stateOf(const TokenRecord &record, const QDateTime &now)
{
    if (record.revoked.isValid())
        return QStringLiteral("revoked");
    return record.isActive(now) ? QStringLiteral("active") : QStringLiteral("expired");
}

} // namespace

QString AdminTokenCommand::summary() const
{
    return QStringLiteral("create, list or revoke admin API tokens");
}

QString AdminTokenCommand::usage() const
{
    return QStringLiteral(
        "Usage: proxmox-mcpd admin-token create NAME [--expires-days N] [--config FILE]\n"
        "       proxmox-mcpd admin-token list [--json] [--config FILE]\n"
        "       proxmox-mcpd admin-token revoke NAME [--config FILE]\n"
        "An admin token opens the admin API (/api/admin/, used by the desktop control\n"
        "center and the tray), never /api/mcp; MCP client tokens never open the admin API.\n"
        "create prints the new token once, as the last line of its output; only its\n"
        "SHA-256 hash is stored, in STATE_DIR/admin-tokens.json. A running daemon sees\n"
        "new and revoked tokens within a second.\n");
}

QList<QCommandLineOption> AdminTokenCommand::options() const
{
    return {QCommandLineOption(QStringLiteral("expires-days"), QString(), QStringLiteral("N")),
            QCommandLineOption(QStringLiteral("json"))};
}

int AdminTokenCommand::execute(const Arguments &arguments)
{
    QStringList rest = arguments.positional;
    if (rest.isEmpty())
        return usageError(QStringLiteral("admin-token needs an action: create, list or revoke"));
    const QString action = rest.takeFirst();
    const bool expiresGiven = arguments.options.isSet(QStringLiteral("expires-days"));
    const bool json = arguments.options.isSet(QStringLiteral("json"));
    int days = 0;
    if (action == QLatin1String("create")) {
        if (rest.size() != 1)
            return usageError(QStringLiteral("admin-token create needs exactly one NAME"));
        if (json)
            return usageError(QStringLiteral("--json goes with admin-token list"));
        if (expiresGiven) {
            bool ok = false;
            days = arguments.options.value(QStringLiteral("expires-days")).toInt(&ok);
            if (!ok || days < 1 || days > kMaxExpiresDays)
                return usageError(
                    QStringLiteral("--expires-days must be a whole number of days from 1 to %1")
                        .arg(kMaxExpiresDays));
        }
    } else if (action == QLatin1String("list") || action == QLatin1String("revoke")) {
        if (expiresGiven)
            return usageError(QStringLiteral("--expires-days goes with admin-token create"));
        if (action == QLatin1String("list") && !rest.isEmpty())
            return usageError(QStringLiteral("admin-token list takes no NAME"));
        if (action == QLatin1String("revoke") && json)
            return usageError(QStringLiteral("--json goes with admin-token list"));
        if (action == QLatin1String("revoke") && rest.size() != 1)
            return usageError(QStringLiteral("admin-token revoke needs exactly one NAME"));
    } else {
        return usageError(
            QStringLiteral("unknown admin-token action \"%1\": use create, list or revoke")
                .arg(action));
    }

    const auto config =
        ConfigLoader(err()).load(arguments.configPath, ConfigLoader::Check::NoErrors);
    if (!config.ok())
        return fail(config.error().message, 1);
    AdminTokenStore store(config.value().string(ConfigKey::StateDir));
    if (action == QLatin1String("create"))
        return create(store, rest.first(), days);
    if (action == QLatin1String("list"))
        return list(store, json);
    return revoke(store, rest.first());
}

int AdminTokenCommand::create(AdminTokenStore &store, const QString &name, int days)
{
    const auto token = store.create(name, false, days);
    if (!token.ok())
        return fail(token.error().message, 1);
    out() << "Created admin token " << name
          << (days > 0 ? QStringLiteral(", expires in %1 day(s)").arg(days) : QString())
          << ". It is shown once; store it now:" << Qt::endl
          << token.value() << Qt::endl;
    return 0;
}

int AdminTokenCommand::list(AdminTokenStore &store, bool json)
{
    const auto records = store.list();
    if (!records.ok())
        return fail(records.error().message, 1);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (json) {
        QJsonArray tokens;
        for (const TokenRecord &record : records.value()) {
            tokens.append(QJsonObject{{QStringLiteral("name"), record.name},
                                      {QStringLiteral("state"), stateOf(record, now)},
                                      {QStringLiteral("created"), jsonDate(record.created)},
                                      {QStringLiteral("expires"), jsonDate(record.expires)},
                                      {QStringLiteral("revoked"), jsonDate(record.revoked)}});
        }
        out() << QJsonDocument(tokens).toJson(QJsonDocument::Indented);
        out().flush();
        return 0;
    }
    out() << QStringLiteral("%1 %2 %3 %4")
                 .arg(QStringLiteral("NAME"), -24)
                 .arg(QStringLiteral("STATE"), -8)
                 .arg(QStringLiteral("CREATED"), -21)
                 .arg(QStringLiteral("EXPIRES"))
          << Qt::endl;
    for (const TokenRecord &record : records.value()) {
        out() << QStringLiteral("%1 %2 %3 %4")
                     .arg(record.name, -24)
                     .arg(stateOf(record, now), -8)
                     .arg(formatDate(record.created), -21)
                     .arg(formatDate(record.expires))
              << Qt::endl;
    }
    return 0;
}

int AdminTokenCommand::revoke(AdminTokenStore &store, const QString &name)
{
    const auto revoked = store.revoke(name);
    if (!revoked.ok())
        return fail(revoked.error().message, 1);
    out() << "Revoked admin token " << name << Qt::endl;
    return 0;
}

} // namespace pmcp
