#include "server/tools/proxmox/AccessTools.h"

#include "server/tools/proxmox/ProxmoxToolKit.h"

#include <QJsonArray>

namespace pmcp {

namespace {

const QString kCategory = QStringLiteral("access");

// {"/vms/100": {"VM.Audit": 1, ...}} -> rows {path, privileges: [...]}.
QJsonValue permissionRows(const QJsonValue &data, const QJsonObject &)
{
    const QJsonObject byPath = data.toObject();
    QJsonArray paths;
    for (auto it = byPath.begin(); it != byPath.end(); ++it) {
        QJsonArray privileges;
        const QJsonObject granted = it.value().toObject();
        for (auto privilege = granted.begin(); privilege != granted.end(); ++privilege)
            privileges.append(privilege.key());
        paths.append(QJsonObject{{QStringLiteral("path"), it.key()},
                                 {QStringLiteral("privileges"), privileges}});
    }
    return QJsonObject{{QStringLiteral("permissions"), byPath}, {QStringLiteral("paths"), paths}};
}

ApiToolSpec permissions()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("access_permissions"), QStringLiteral("Effective permissions"), kCategory,
        QStringLiteral("/access/permissions"),
        QStringLiteral("Show what the configured token (or another user) may do, per path; "
                       "explains a 403."));
    spec.input.string(QStringLiteral("path"), QStringLiteral("Only this ACL path, e.g. /vms/100."))
        .string(QStringLiteral("userid"), QStringLiteral("Another user or token, e.g. alice@pve."));
    spec.transform = permissionRows;
    return spec;
}

ApiToolSpec listSpec(const QString &name, const QString &title, const QString &path,
                     const QString &description, const QStringList &filters,
                     const QStringList &columns)
{
    ApiToolSpec spec = ApiToolSpec::read(name, title, kCategory, path, description);
    spec.output = ApiToolSpec::Output::List;
    spec.filters = filters;
    spec.columns = columns;
    return spec;
}

ApiToolSpec users()
{
    ApiToolSpec spec = listSpec(
        QStringLiteral("access_users"), QStringLiteral("Users"), QStringLiteral("/access/users"),
        QStringLiteral("List the Proxmox users: userid, enabled, expiry, name, e-mail, groups."),
        {QStringLiteral("enable")},
        {QStringLiteral("userid"), QStringLiteral("enable"), QStringLiteral("expire"),
         QStringLiteral("firstname"), QStringLiteral("lastname"), QStringLiteral("email")});
    spec.input.listControls(spec.filters);
    spec.shortList = true;
    return spec;
}

ApiToolSpec tokens()
{
    ApiToolSpec spec =
        listSpec(QStringLiteral("access_tokens"), QStringLiteral("API tokens"),
                 QStringLiteral("/access/users/{userid}/token"),
                 QStringLiteral("List a user's API tokens (default: the configured token's user), "
                                "never their secrets."),
                 {},
                 {QStringLiteral("tokenid"), QStringLiteral("privsep"), QStringLiteral("expire"),
                  QStringLiteral("comment")});
    spec.input.string(QStringLiteral("userid"), QStringLiteral("User, e.g. root@pam."));
    spec.input.listControls({});
    spec.prepare = [](QJsonObject arguments, ProxmoxClient *client) {
        if (!arguments.contains(QLatin1String("userid")))
            arguments.insert(QStringLiteral("userid"), client->target().user);
        return arguments;
    };
    spec.shortList = true;
    return spec;
}

ApiToolSpec acl()
{
    ApiToolSpec spec =
        listSpec(QStringLiteral("access_acl"), QStringLiteral("Access control list"),
                 QStringLiteral("/access/acl"),
                 QStringLiteral("List the access control entries: path, user, group or token, "
                                "role, propagate."),
                 {QStringLiteral("path"), QStringLiteral("type"), QStringLiteral("ugid"),
                  QStringLiteral("roleid")},
                 {QStringLiteral("path"), QStringLiteral("type"), QStringLiteral("ugid"),
                  QStringLiteral("roleid"), QStringLiteral("propagate")});
    spec.input.listControls(spec.filters);
    spec.shortList = true;
    return spec;
}

} // namespace

void AccessTools::registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit)
{
    for (ApiToolSpec spec : {permissions(), users(), tokens(), acl()})
        kit->add(registry, std::move(spec));
}

} // namespace pmcp
