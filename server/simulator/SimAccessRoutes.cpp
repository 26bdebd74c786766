#include "server/simulator/SimAccessRoutes.h"

#include "server/simulator/SimRouter.h"
#include "server/simulator/SimState.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace pmcp {

namespace {

SimResult permissions(SimCall &call)
{
    const QString who = call.str(QStringLiteral("userid"), call.authId);
    return SimResult::ok(call.state.permissions(who, call.str(QStringLiteral("path"))));
}

SimResult users(SimCall &call)
{
    return SimResult::ok(call.state.users());
}

SimResult tokens(SimCall &call)
{
    const QString userid = call.str(QStringLiteral("userid"));
    bool known = false;
    for (const QJsonValue &u : call.state.users())
        known = known || u.toObject().value(QStringLiteral("userid")).toString() == userid;
    if (!known)
        return SimResult::fail(500, QStringLiteral("no such user ('%1')").arg(userid));
    QJsonArray rows;
    for (const SimToken &t : call.state.tokens()) {
        if (t.userid == userid)
            rows.append(QJsonObject{{QStringLiteral("tokenid"), t.tokenid},
                                    {QStringLiteral("privsep"), t.privsep ? 1 : 0},
                                    {QStringLiteral("expire"), t.expire},
                                    {QStringLiteral("comment"), t.comment}});
    }
    return SimResult::ok(rows);
}

// Proxmox answers its own `die` messages with 500.
SimResult failed(const Error &error)
{
    return SimResult::fail(500, error.message);
}

QStringList listParam(const SimCall &call, const QString &name)
{
    return call.str(name).split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts);
}

SimResult tokenInfo(SimCall &call)
{
    const QString userid = call.str(QStringLiteral("userid"));
    const QString tokenid = call.str(QStringLiteral("tokenid"));
    const SimToken *t = call.state.token(userid + u'!' + tokenid);
    if (!t)
        return SimResult::fail(
            500, QStringLiteral("no such token '%1' for user '%2'").arg(tokenid, userid));
    QJsonObject info{{QStringLiteral("privsep"), t->privsep ? 1 : 0},
                     {QStringLiteral("expire"), t->expire}};
    if (!t->comment.isEmpty())
        info.insert(QStringLiteral("comment"), t->comment);
    return SimResult::ok(info);
}

SimResult createToken(SimCall &call)
{
    // privsep defaults to 1, expire to the user's (0 here: no user of the simulator expires).
    const bool privsep =
        !call.has(QStringLiteral("privsep")) || call.flag(QStringLiteral("privsep"));
    auto created = call.state.createToken(
        call.str(QStringLiteral("userid")), call.str(QStringLiteral("tokenid")), privsep,
        call.integer(QStringLiteral("expire")), call.str(QStringLiteral("comment")));
    if (!created.ok())
        return failed(created.error());
    return SimResult::ok(created.value());
}

SimResult updateToken(SimCall &call)
{
    QHash<QString, QString> changes;
    for (const QString &key :
         {QStringLiteral("comment"), QStringLiteral("expire"), QStringLiteral("privsep")}) {
        if (call.has(key))
            changes.insert(key, key == QLatin1String("privsep")
                                    ? QString::number(call.flag(key) ? 1 : 0)
                                    : call.str(key));
    }
    for (const QString &key : listParam(call, QStringLiteral("delete")))
        changes.insert(key, key == QLatin1String("privsep") ? QStringLiteral("1") : QString());
    const auto updated = call.state.updateToken(call.str(QStringLiteral("userid")),
                                                call.str(QStringLiteral("tokenid")), changes);
    if (!updated.ok())
        return failed(updated.error());
    return tokenInfo(call);
}

SimResult deleteToken(SimCall &call)
{
    const auto deleted = call.state.deleteToken(call.str(QStringLiteral("userid")),
                                                call.str(QStringLiteral("tokenid")));
    if (!deleted.ok())
        return failed(deleted.error());
    return SimResult::ok();
}

SimResult acl(SimCall &call)
{
    return SimResult::ok(call.state.acl());
}

SimResult changeAcl(SimCall &call)
{
    if (call.has(QStringLiteral("groups")))
        return SimResult::fail(
            500,
            QStringLiteral("group '%1' does not exist").arg(call.str(QStringLiteral("groups"))));
    const bool propagate =
        !call.has(QStringLiteral("propagate")) || call.flag(QStringLiteral("propagate"));
    const auto changed = call.state.changeAcl(
        call.str(QStringLiteral("path")), listParam(call, QStringLiteral("roles")),
        listParam(call, QStringLiteral("tokens")), listParam(call, QStringLiteral("users")),
        propagate, call.flag(QStringLiteral("delete")));
    if (!changed.ok())
        return failed(changed.error());
    return SimResult::ok();
}

} // namespace

void SimAccessRoutes::install(SimRouter &router)
{
    router.add("GET", QStringLiteral("/access/permissions"), permissions);
    router.add("GET", QStringLiteral("/access/users"), users);
    router.add("GET", QStringLiteral("/access/users/{userid}/token"), tokens);
    const QString token = QStringLiteral("/access/users/{userid}/token/{tokenid}");
    router.add("GET", token, tokenInfo);
    router.add("POST", token, createToken);
    router.add("PUT", token, updateToken);
    router.add("DELETE", token, deleteToken);
    router.add("GET", QStringLiteral("/access/acl"), acl);
    router.add("PUT", QStringLiteral("/access/acl"), changeAcl);
}

} // namespace pmcp
