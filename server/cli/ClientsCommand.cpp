#include "server/cli/ClientsCommand.h"

#include "server/auth/ClientStore.h"
#include "server/cli/ConfigLoader.h"
#include "server/oauth/ClientList.h"
#include "server/oauth/ClientUsage.h"
#include "server/oauth/OAuthScope.h"
#include "server/oauth/OAuthStore.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace pmcp {

namespace {

constexpr int kDefaultGrantDays = 90;

QString shown(const QJsonValue &date)
{
    return date.isString() ? date.toString().left(19) + u'Z' : QStringLiteral("never");
}

QString who()
{
    const QString user = qEnvironmentVariable("SUDO_USER", qEnvironmentVariable("USER"));
    return QStringLiteral("cli:") + (user.isEmpty() ? QStringLiteral("unknown") : user);
}

} // namespace

QString ClientsCommand::summary() const
{
    return QStringLiteral("client tokens and OAuth client access: create, list, revoke, register, "
                          "pending, approve, reject");
}

QString ClientsCommand::usage() const
{
    return QStringLiteral(
        "Usage: proxmox-mcpd clients create NAME [--read-only] [--expires-days N] [--config "
        "FILE]\n"
        "       proxmox-mcpd clients list [--json] [--config FILE]\n"
        "       proxmox-mcpd clients revoke NAME [--reason TEXT] [--config FILE]\n"
        "       proxmox-mcpd clients register NAME --redirect-uri URI [--redirect-uri URI...]\n"
        "       proxmox-mcpd clients pending [--json] [--config FILE]\n"
        "       proxmox-mcpd clients approve ID [--scope SCOPE] [--expires-days N] [--config "
        "FILE]\n"
        "       proxmox-mcpd clients reject ID [--config FILE]\n"
        "create prints a new static bearer token once, as the last line of its output;\n"
        "only its SHA-256 hash is stored under STATE_DIR. list shows the static tokens and\n"
        "the OAuth grants together, with scope, expiry, last use and tool calls.\n"
        "register pre-registers an OAuth client and prints its client_id (a loopback\n"
        "redirect URI, http://127.0.0.1/PATH or http://localhost/PATH, matches any port).\n"
        "pending lists the access requests waiting for an administrator; ID is the request\n"
        "code the client's browser shows. approve grants SCOPE (read-only, full or\n"
        "tools:NAME,NAME; default read-only) for"
        " --expires-days (7 to 365, default 90);\n"
        "reject refuses. A running daemon sees every change within a second.\n");
}

QList<QCommandLineOption> ClientsCommand::options() const
{
    return {QCommandLineOption(QStringLiteral("read-only")),
            QCommandLineOption(QStringLiteral("json")),
            QCommandLineOption(QStringLiteral("expires-days"), QString(), QStringLiteral("N")),
            QCommandLineOption(QStringLiteral("scope"), QString(), QStringLiteral("SCOPE")),
            QCommandLineOption(QStringLiteral("reason"), QString(), QStringLiteral("TEXT")),
            QCommandLineOption(QStringLiteral("redirect-uri"), QString(), QStringLiteral("URI"))};
}

int ClientsCommand::execute(const Arguments &arguments)
{
    QStringList rest = arguments.positional;
    if (rest.isEmpty())
        return fail(QStringLiteral("clients needs an action: create, list, revoke, register, "
                                   "pending, approve or reject\n\n") +
                        usage(),
                    2);
    const QString action = rest.takeFirst();
    // Which options and how many positional arguments each action takes.
    static const QHash<QString, std::pair<QStringList, int>> grammar{
        {QStringLiteral("create"),
         {{QStringLiteral("read-only"), QStringLiteral("expires-days")}, 1}},
        {QStringLiteral("list"), {{QStringLiteral("json")}, 0}},
        {QStringLiteral("revoke"), {{QStringLiteral("reason")}, 1}},
        {QStringLiteral("register"), {{QStringLiteral("redirect-uri")}, 1}},
        {QStringLiteral("pending"), {{QStringLiteral("json")}, 0}},
        {QStringLiteral("approve"), {{QStringLiteral("scope"), QStringLiteral("expires-days")}, 1}},
        {QStringLiteral("reject"), {{}, 1}},
    };
    const auto rule = grammar.constFind(action);
    if (rule == grammar.constEnd())
        return fail(QStringLiteral("unknown clients action \"%1\": use create, list, revoke, "
                                   "register, pending, approve or reject")
                        .arg(action),
                    2);
    for (const QCommandLineOption &option : options()) {
        const QString optionName = option.names().first();
        if (!arguments.options.isSet(optionName) || rule->first.contains(optionName))
            continue;
        QStringList owners;
        for (auto it = grammar.cbegin(); it != grammar.cend(); ++it) {
            if (it.value().first.contains(optionName))
                owners.append(QStringLiteral("clients ") + it.key());
        }
        owners.sort();
        return fail(QStringLiteral("--%1 does not go with clients %2; it goes with %3")
                        .arg(optionName, action, owners.join(QStringLiteral(", "))),
                    2);
    }
    if (rest.size() != rule->second)
        return fail(rule->second == 0 ? QStringLiteral("clients %1 takes no NAME or ID").arg(action)
                                      : QStringLiteral("clients %1 needs exactly one %2")
                                            .arg(action, action == QLatin1String("approve") ||
                                                                 action == QLatin1String("reject")
                                                             ? QStringLiteral("ID")
                                                             : QStringLiteral("NAME")),
                    2);
    int days = 0;
    if (arguments.options.isSet(QStringLiteral("expires-days"))) {
        const bool grant = action == QLatin1String("approve");
        const int min = grant ? OAuthStore::kMinExpiresDays : 1;
        const int max = grant ? OAuthStore::kMaxExpiresDays : 36500;
        bool ok = false;
        days = arguments.options.value(QStringLiteral("expires-days")).toInt(&ok);
        if (!ok || days < min || days > max)
            return fail(
                QStringLiteral("--expires-days must be a whole number of days from %1 to %2")
                    .arg(min)
                    .arg(max),
                2);
    } else if (action == QLatin1String("approve")) {
        days = kDefaultGrantDays;
    }
    if (action == QLatin1String("register") &&
        arguments.options.values(QStringLiteral("redirect-uri")).isEmpty())
        return fail(QStringLiteral("clients register needs at least one --redirect-uri URI"), 2);

    const auto config =
        ConfigLoader(err()).load(arguments.configPath, ConfigLoader::Check::NoErrors);
    if (!config.ok())
        return fail(config.error().message, 1);
    const QString stateDir = config.value().string(ConfigKey::StateDir);
    ClientStore tokens(stateDir);
    OAuthStore oauth(stateDir);
    const bool json = arguments.options.isSet(QStringLiteral("json"));
    if (action == QLatin1String("create"))
        return create(tokens, rest.first(), arguments.options.isSet(QStringLiteral("read-only")),
                      days);
    if (action == QLatin1String("list"))
        return list(tokens, oauth, stateDir, json);
    if (action == QLatin1String("revoke"))
        return revoke(tokens, oauth, rest.first(),
                      arguments.options.value(QStringLiteral("reason")));
    if (action == QLatin1String("register"))
        return registerClient(oauth, rest.first(),
                              arguments.options.values(QStringLiteral("redirect-uri")));
    if (action == QLatin1String("pending"))
        return pending(oauth, json);
    if (action == QLatin1String("approve"))
        return approve(oauth, rest.first(),
                       arguments.options.isSet(QStringLiteral("scope"))
                           ? arguments.options.value(QStringLiteral("scope"))
                           : QStringLiteral("read-only"),
                       days);
    return reject(oauth, rest.first());
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

int ClientsCommand::list(ClientStore &tokens, OAuthStore &oauth, const QString &stateDir, bool json)
{
    const auto records = tokens.list();
    if (!records.ok())
        return fail(records.error().message, 1);
    const auto state = oauth.read();
    if (!state.ok())
        return fail(state.error().message, 1);
    const QJsonArray clients =
        ClientList::clients(records.value(), state.value().grants, ClientUsage::readFile(stateDir),
                            QDateTime::currentDateTimeUtc());
    if (json) {
        out() << QJsonDocument(clients).toJson(QJsonDocument::Indented);
        return 0;
    }
    const auto row = [](const QString &name, const QString &kind, const QString &scope,
                        const QString &state, const QString &created, const QString &expires,
                        const QString &lastUsed, const QString &calls) {
        return QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8")
            .arg(name, -32)
            .arg(kind, -6)
            .arg(scope, -10)
            .arg(state, -8)
            .arg(created, -21)
            .arg(expires, -21)
            .arg(lastUsed, -21)
            .arg(calls);
    };
    out() << row(QStringLiteral("NAME"), QStringLiteral("KIND"), QStringLiteral("SCOPE"),
                 QStringLiteral("STATE"), QStringLiteral("CREATED"), QStringLiteral("EXPIRES"),
                 QStringLiteral("LAST USE"), QStringLiteral("CALLS"))
          << Qt::endl;
    for (const QJsonValue &value : clients) {
        const QJsonObject c = value.toObject();
        out() << row(c.value(QLatin1String("name")).toString(),
                     c.value(QLatin1String("kind")).toString(),
                     c.value(QLatin1String("scope")).toString(),
                     c.value(QLatin1String("state")).toString(),
                     shown(c.value(QLatin1String("created"))),
                     shown(c.value(QLatin1String("expires"))),
                     shown(c.value(QLatin1String("lastUsed"))),
                     QString::number(c.value(QLatin1String("calls")).toInteger()))
              << Qt::endl;
    }
    return 0;
}

int ClientsCommand::revoke(ClientStore &tokens, OAuthStore &oauth, const QString &name,
                           const QString &reason)
{
    const QString why = reason.isEmpty() ? QStringLiteral("revoked with the CLI") : reason;
    const auto grant = oauth.revoke(name, why);
    if (grant.ok()) {
        out() << "Revoked OAuth grant " << name << " (" << grant.value().revokeReason << ")"
              << Qt::endl;
        return 0;
    }
    if (grant.error().code != ErrorCode::NotFound)
        return fail(grant.error().message, 1);
    const auto revoked = tokens.revoke(name);
    if (!revoked.ok())
        return fail(revoked.error().message, 1);
    out() << "Revoked client " << name << Qt::endl;
    return 0;
}

int ClientsCommand::registerClient(OAuthStore &oauth, const QString &name,
                                   const QStringList &redirectUris)
{
    const auto client = oauth.registerClient(name, redirectUris, QStringLiteral("cli"));
    if (!client.ok())
        return fail(client.error().message, 1);
    out() << "Registered OAuth client " << client.value().name
          << " (redirect URIs: " << redirectUris.join(QStringLiteral(", "))
          << "). Give the client this client_id (no secret: it uses PKCE):" << Qt::endl
          << client.value().clientId << Qt::endl;
    return 0;
}

int ClientsCommand::pending(OAuthStore &oauth, bool json)
{
    const auto state = oauth.read();
    if (!state.ok())
        return fail(state.error().message, 1);
    const QJsonArray requests = ClientList::pending(state.value().requests, oauth.now());
    if (json) {
        out() << QJsonDocument(requests).toJson(QJsonDocument::Indented);
        return 0;
    }
    if (requests.isEmpty()) {
        out() << "No access request is waiting." << Qt::endl;
        return 0;
    }
    out() << QStringLiteral("%1 %2 %3 %4 %5")
                 .arg(QStringLiteral("ID"), -10)
                 .arg(QStringLiteral("CLIENT"), -28)
                 .arg(QStringLiteral("RETURNS TO"), -24)
                 .arg(QStringLiteral("ASKS FOR"), -12)
                 .arg(QStringLiteral("EXPIRES"))
          << Qt::endl;
    for (const QJsonValue &value : requests) {
        const QJsonObject r = value.toObject();
        const QString scope = r.value(QLatin1String("requestedScope")).toString();
        out() << QStringLiteral("%1 %2 %3 %4 %5")
                     .arg(r.value(QLatin1String("id")).toString(), -10)
                     .arg(r.value(QLatin1String("clientName")).toString(), -28)
                     .arg(r.value(QLatin1String("redirectHost")).toString(), -24)
                     .arg(scope.isEmpty() ? QStringLiteral("-") : scope, -12)
                     .arg(shown(r.value(QLatin1String("expires"))))
              << Qt::endl;
    }
    out() << "Approve with: proxmox-mcpd clients approve ID --scope read-only|full|tools:NAME,NAME "
             "--expires-days N"
          << Qt::endl;
    return 0;
}

int ClientsCommand::approve(OAuthStore &oauth, const QString &id, const QString &scopeText,
                            int days)
{
    QString problem;
    const auto scope = OAuthScope::parse(scopeText, &problem);
    if (!scope)
        return fail(QStringLiteral("--scope: ") + problem, 2);
    const auto approved = oauth.approve(id, *scope, days, who());
    if (!approved.ok())
        return fail(approved.error().message, 1);
    out() << "Approved " << approved.value().id << ": " << approved.value().clientName
          << " gets scope " << scope->toString() << " for " << days << " days as client "
          << approved.value().grantName << ". Its browser continues by itself." << Qt::endl;
    return 0;
}

int ClientsCommand::reject(OAuthStore &oauth, const QString &id)
{
    const auto rejected = oauth.reject(id, who());
    if (!rejected.ok())
        return fail(rejected.error().message, 1);
    out() << "Rejected " << rejected.value().id << " (" << rejected.value().clientName << ")."
          << Qt::endl;
    return 0;
}

} // namespace pmcp
