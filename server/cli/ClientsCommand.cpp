#include "server/cli/ClientsCommand.h"

#include "server/auth/ClientStore.h"
#include "server/cli/ConfigLoader.h"

#include <QDateTime>

namespace pmcp {

namespace {

QString formatDate(const QDateTime &date)
{
    return date.isValid() ? date.toUTC().toString(Qt::ISODate) : QStringLiteral("never");
}

} // namespace

QString ClientsCommand::summary() const
{
    return QStringLiteral("create, list or revoke client tokens");
}

QString ClientsCommand::usage() const
{
    return QStringLiteral(
        "Usage: proxmox-mcpd clients create NAME [--read-only] [--expires-days N] [--config "
        "FILE]\n"
        "       proxmox-mcpd clients list [--config FILE]\n"
        "       proxmox-mcpd clients revoke NAME [--config FILE]\n"
        "create prints the new bearer token once, as the last line of its output;\n"
        "only its SHA-256 hash is stored under STATE_DIR. A running daemon sees\n"
        "new and revoked tokens within a second.\n");
}

QList<QCommandLineOption> ClientsCommand::options() const
{
    return {QCommandLineOption(QStringLiteral("read-only")),
            QCommandLineOption(QStringLiteral("expires-days"), QString(), QStringLiteral("N"))};
}

int ClientsCommand::execute(const Arguments &arguments)
{
    QStringList rest = arguments.positional;
    if (rest.isEmpty())
        return fail(QStringLiteral("clients needs an action: create, list or revoke\n\n") + usage(),
                    2);
    const QString action = rest.takeFirst();
    const bool readOnly = arguments.options.isSet(QStringLiteral("read-only"));
    const bool expiresGiven = arguments.options.isSet(QStringLiteral("expires-days"));
    int days = 0;
    if (action == QLatin1String("create")) {
        if (rest.size() != 1)
            return fail(QStringLiteral("clients create needs exactly one NAME"), 2);
        if (expiresGiven) {
            bool ok = false;
            days = arguments.options.value(QStringLiteral("expires-days")).toInt(&ok);
            if (!ok || days < 1 || days > 36500)
                return fail(
                    QStringLiteral("--expires-days must be a whole number of days from 1 to 36500"),
                    2);
        }
    } else if (action == QLatin1String("list") || action == QLatin1String("revoke")) {
        if (expiresGiven || readOnly)
            return fail(QStringLiteral("--read-only and --expires-days go with clients create"), 2);
        if (action == QLatin1String("list") && !rest.isEmpty())
            return fail(QStringLiteral("clients list takes no NAME"), 2);
        if (action == QLatin1String("revoke") && rest.size() != 1)
            return fail(QStringLiteral("clients revoke needs exactly one NAME"), 2);
    } else {
        return fail(
            QStringLiteral("unknown clients action \"%1\": use create, list or revoke").arg(action),
            2);
    }

    const auto config =
        ConfigLoader(err()).load(arguments.configPath, ConfigLoader::Check::NoErrors);
    if (!config.ok())
        return fail(config.error().message, 1);
    ClientStore store(config.value().string(ConfigKey::StateDir));
    if (action == QLatin1String("create"))
        return create(store, rest.first(), readOnly, days);
    if (action == QLatin1String("list"))
        return list(store);
    return revoke(store, rest.first());
}

int ClientsCommand::create(ClientStore &store, const QString &name, bool readOnly, int days)
{
    const auto token = store.create(name, readOnly, days);
    if (!token.ok())
        return fail(token.error().message, 1);
    out() << "Created client " << name << (readOnly ? " (read-only)" : "")
          << (days > 0 ? QStringLiteral(", expires in %1 day(s)").arg(days) : QString())
          << ". The token is shown once; store it now:" << Qt::endl
          << token.value() << Qt::endl;
    return 0;
}

int ClientsCommand::list(ClientStore &store)
{
    const auto records = store.list();
    if (!records.ok())
        return fail(records.error().message, 1);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    out() << QStringLiteral("%1 %2 %3 %4 %5")
                 .arg(QStringLiteral("NAME"), -24)
                 .arg(QStringLiteral("ACCESS"), -10)
                 .arg(QStringLiteral("STATE"), -8)
                 .arg(QStringLiteral("CREATED"), -21)
                 .arg(QStringLiteral("EXPIRES"))
          << Qt::endl;
    for (const auto &record : records.value()) {
        const QString state = record.revoked.isValid() ? QStringLiteral("revoked")
                              : record.isActive(now)   ? QStringLiteral("active")
                                                       : QStringLiteral("expired");
        out() << QStringLiteral("%1 %2 %3 %4 %5")
                     .arg(record.name, -24)
                     .arg(record.readOnly ? QStringLiteral("read-only") : QStringLiteral("full"),
                          -10)
                     .arg(state, -8)
                     .arg(formatDate(record.created), -21)
                     .arg(formatDate(record.expires))
              << Qt::endl;
    }
    return 0;
}

int ClientsCommand::revoke(ClientStore &store, const QString &name)
{
    const auto revoked = store.revoke(name);
    if (!revoked.ok())
        return fail(revoked.error().message, 1);
    out() << "Revoked client " << name << Qt::endl;
    return 0;
}

} // namespace pmcp
