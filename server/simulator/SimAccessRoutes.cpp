#include "server/simulator/SimAccessRoutes.h"

#include "server/simulator/SimRouter.h"
#include "server/simulator/SimState.h"

#include <QJsonArray>

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
                                    {QStringLiteral("expire"), 0},
                                    {QStringLiteral("comment"), t.comment}});
    }
    return SimResult::ok(rows);
}

SimResult acl(SimCall &call)
{
    return SimResult::ok(call.state.acl());
}

} // namespace

void SimAccessRoutes::install(SimRouter &router)
{
    router.add("GET", QStringLiteral("/access/permissions"), permissions);
    router.add("GET", QStringLiteral("/access/users"), users);
    router.add("GET", QStringLiteral("/access/users/{userid}/token"), tokens);
    router.add("GET", QStringLiteral("/access/acl"), acl);
}

} // namespace pmcp
