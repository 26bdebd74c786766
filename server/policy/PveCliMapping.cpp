#include "server/policy/PveCliMapping.h"

#include <QHash>
#include <QJsonArray>

namespace pmcp {

namespace {

const QString kNode = QStringLiteral("/nodes/localhost");

QString segment(QString value)
{
    return value.replace(u'%', QLatin1String("%25")).replace(u'/', QLatin1String("%2F"));
}

ApiOperation operation(const char *method, const QString &path, const QJsonObject &params = {})
{
    return ApiOperation{QString::fromLatin1(method), path, params};
}

// The subcommand as one word: "disk unlink", "guest exec", "user token add" count as one.
QString take(QStringList &positional)
{
    return positional.isEmpty() ? QString() : positional.takeFirst();
}

std::optional<ApiOperation> pvesh(PveCliMapping::Words words)
{
    static const QHash<QString, QString> methods{
        {QStringLiteral("set"), QStringLiteral("PUT")},
        {QStringLiteral("create"), QStringLiteral("POST")},
        {QStringLiteral("delete"), QStringLiteral("DELETE")}};
    const QString verb = take(words.positional);
    const QString path = take(words.positional);
    if (!methods.contains(verb))
        return std::nullopt; // get, ls, usage, help: reads
    return ApiOperation{methods.value(verb), CoreRules::normalisePath(path), words.options};
}

// qm and pct share most subcommands; type is "qemu" or "lxc".
std::optional<ApiOperation> guestTool(const QString &type, PveCliMapping::Words words)
{
    QString verb = take(words.positional);
    if ((verb == QLatin1String("disk") || verb == QLatin1String("guest")) &&
        !words.positional.isEmpty())
        verb += u' ' + take(words.positional);
    const QString vmid = take(words.positional);
    const QString guest = kNode + u'/' + type + u'/' + segment(vmid);
    QJsonObject params = words.options;
    if (verb == QLatin1String("destroy"))
        return operation("DELETE", guest, params);
    static const QStringList power{QStringLiteral("start"),  QStringLiteral("stop"),
                                   QStringLiteral("reset"),  QStringLiteral("shutdown"),
                                   QStringLiteral("reboot"), QStringLiteral("suspend"),
                                   QStringLiteral("resume")};
    if (power.contains(verb))
        return operation("POST", guest + QStringLiteral("/status/") + verb, params);
    if (verb == QLatin1String("snapshot")) {
        params.insert(QStringLiteral("snapname"), take(words.positional));
        return operation("POST", guest + QStringLiteral("/snapshot"), params);
    }
    if (verb == QLatin1String("migrate")) {
        params.insert(QStringLiteral("target"), take(words.positional));
        return operation("POST", guest + QStringLiteral("/migrate"), params);
    }
    if (verb == QLatin1String("clone")) {
        params.insert(QStringLiteral("newid"), take(words.positional));
        return operation("POST", guest + QStringLiteral("/clone"), params);
    }
    if (verb == QLatin1String("template"))
        return operation("POST", guest + QStringLiteral("/template"), params);
    if (verb == QLatin1String("resize") || verb == QLatin1String("disk resize"))
        return operation("PUT", guest + QStringLiteral("/resize"), params);
    if (verb == QLatin1String("move-disk") || verb == QLatin1String("move_disk") ||
        verb == QLatin1String("disk move") || verb == QLatin1String("move-volume"))
        return operation("POST",
                         guest + (type == QLatin1String("lxc") ? QStringLiteral("/move_volume")
                                                               : QStringLiteral("/move_disk")),
                         params);
    if (verb == QLatin1String("delsnapshot"))
        return operation("DELETE",
                         guest + QStringLiteral("/snapshot/") + segment(take(words.positional)),
                         params);
    if (verb == QLatin1String("rollback"))
        return operation("POST",
                         guest + QStringLiteral("/snapshot/") + segment(take(words.positional)) +
                             QStringLiteral("/rollback"),
                         params);
    if (verb == QLatin1String("set"))
        return operation("PUT", guest + QStringLiteral("/config"), params);
    if (verb == QLatin1String("unlink") || verb == QLatin1String("disk unlink"))
        return operation("PUT", guest + QStringLiteral("/unlink"), params);
    if (verb == QLatin1String("guest exec")) { // the words after "--" are the command
        params.insert(QStringLiteral("command"), QJsonArray::fromStringList(words.positional));
        return operation("POST", guest + QStringLiteral("/agent/exec"), params);
    }
    if (verb == QLatin1String("create")) { // qm create --archive, pct create --restore
        params.insert(QStringLiteral("vmid"), vmid);
        if (type == QLatin1String("lxc"))
            params.insert(QStringLiteral("ostemplate"), take(words.positional));
        return operation("POST", kNode + u'/' + type, params);
    }
    if (verb == QLatin1String("restore") && type == QLatin1String("lxc")) {
        params.insert(QStringLiteral("vmid"), vmid);
        params.insert(QStringLiteral("ostemplate"), take(words.positional));
        params.insert(QStringLiteral("restore"), 1);
        return operation("POST", kNode + QStringLiteral("/lxc"), params);
    }
    return std::nullopt;
}

std::optional<ApiOperation> qmrestore(PveCliMapping::Words words)
{
    QJsonObject params = words.options;
    params.insert(QStringLiteral("archive"), take(words.positional));
    params.insert(QStringLiteral("vmid"), take(words.positional));
    return operation("POST", kNode + QStringLiteral("/qemu"), params);
}

std::optional<ApiOperation> pveum(PveCliMapping::Words words)
{
    // Old spellings first: useradd, usermod, userdel, aclmod, acldel, roleadd, rolemod, roledel.
    static const QHash<QString, QStringList> aliases{
        {QStringLiteral("useradd"), {QStringLiteral("user"), QStringLiteral("add")}},
        {QStringLiteral("usermod"), {QStringLiteral("user"), QStringLiteral("modify")}},
        {QStringLiteral("userdel"), {QStringLiteral("user"), QStringLiteral("delete")}},
        {QStringLiteral("aclmod"), {QStringLiteral("acl"), QStringLiteral("modify")}},
        {QStringLiteral("acldel"), {QStringLiteral("acl"), QStringLiteral("delete")}},
        {QStringLiteral("roleadd"), {QStringLiteral("role"), QStringLiteral("add")}},
        {QStringLiteral("rolemod"), {QStringLiteral("role"), QStringLiteral("modify")}},
        {QStringLiteral("roledel"), {QStringLiteral("role"), QStringLiteral("delete")}}};
    QString noun = take(words.positional);
    if (aliases.contains(noun)) {
        words.positional = aliases.value(noun).mid(1) + words.positional;
        noun = aliases.value(noun).first();
    }
    if (noun == QLatin1String("passwd")) {
        QJsonObject params = words.options;
        params.insert(QStringLiteral("userid"), take(words.positional));
        return operation("PUT", QStringLiteral("/access/password"), params);
    }
    QString verb = take(words.positional);
    if (noun == QLatin1String("user") && verb == QLatin1String("token")) {
        const QString action = take(words.positional);
        const QString user = take(words.positional);
        const QString path = QStringLiteral("/access/users/") + segment(user) +
                             QStringLiteral("/token/") + segment(take(words.positional));
        if (action == QLatin1String("add"))
            return operation("POST", path, words.options);
        if (action == QLatin1String("modify"))
            return operation("PUT", path, words.options);
        if (action == QLatin1String("remove") || action == QLatin1String("delete"))
            return operation("DELETE", path, words.options);
        return std::nullopt;
    }
    if (noun == QLatin1String("user")) {
        if (verb == QLatin1String("passwd")) {
            QJsonObject params = words.options;
            params.insert(QStringLiteral("userid"), take(words.positional));
            return operation("PUT", QStringLiteral("/access/password"), params);
        }
        const QString path = QStringLiteral("/access/users/") + segment(take(words.positional));
        if (verb == QLatin1String("modify"))
            return operation("PUT", path, words.options);
        if (verb == QLatin1String("delete"))
            return operation("DELETE", path, words.options);
        return std::nullopt;
    }
    if (noun == QLatin1String("acl") &&
        (verb == QLatin1String("modify") || verb == QLatin1String("delete"))) {
        QJsonObject params = words.options;
        params.insert(QStringLiteral("path"), take(words.positional));
        if (verb == QLatin1String("delete"))
            params.insert(QStringLiteral("delete"), 1);
        return operation("PUT", QStringLiteral("/access/acl"), params);
    }
    if (noun == QLatin1String("role")) {
        const QString path = QStringLiteral("/access/roles/") + segment(take(words.positional));
        if (verb == QLatin1String("add"))
            return operation("POST", QStringLiteral("/access/roles"), words.options);
        if (verb == QLatin1String("modify"))
            return operation("PUT", path, words.options);
        if (verb == QLatin1String("delete"))
            return operation("DELETE", path, words.options);
    }
    return std::nullopt;
}

std::optional<ApiOperation> pvecm(PveCliMapping::Words words)
{
    const QString verb = take(words.positional);
    if (verb == QLatin1String("add"))
        return operation("POST", QStringLiteral("/cluster/config/join"), words.options);
    if (verb == QLatin1String("create"))
        return operation("POST", QStringLiteral("/cluster/config"), words.options);
    if (verb == QLatin1String("addnode") || verb == QLatin1String("delnode"))
        return operation(verb == QLatin1String("addnode") ? "POST" : "DELETE",
                         QStringLiteral("/cluster/config/nodes/") + segment(take(words.positional)),
                         words.options);
    return std::nullopt;
}

std::optional<ApiOperation> pvenode(PveCliMapping::Words words)
{
    const QString verb = take(words.positional);
    static const QStringList bulk{QStringLiteral("startall"), QStringLiteral("stopall"),
                                  QStringLiteral("suspendall"), QStringLiteral("migrateall")};
    if (bulk.contains(verb))
        return operation("POST", kNode + u'/' + verb, words.options);
    return std::nullopt;
}

std::optional<ApiOperation> haManager(PveCliMapping::Words words)
{
    const QString verb = take(words.positional);
    if (verb == QLatin1String("remove") || verb == QLatin1String("rm"))
        return operation("DELETE",
                         QStringLiteral("/cluster/ha/resources/") + segment(take(words.positional)),
                         words.options);
    return std::nullopt;
}

std::optional<ApiOperation> pvesm(PveCliMapping::Words words)
{
    const QString verb = take(words.positional);
    if (verb == QLatin1String("remove"))
        return operation("DELETE", QStringLiteral("/storage/") + segment(take(words.positional)),
                         words.options);
    if (verb == QLatin1String("free")) {
        const QString volume = take(words.positional);
        const QString storage =
            words.options.value(QLatin1String("storage")).toString(volume.section(u':', 0, 0));
        return operation("DELETE",
                         kNode + QStringLiteral("/storage/") + segment(storage) +
                             QStringLiteral("/content/") + segment(volume),
                         words.options);
    }
    return std::nullopt;
}

std::optional<ApiOperation> pveFirewall(PveCliMapping::Words words)
{
    if (take(words.positional) == QLatin1String("stop"))
        return operation("PUT", kNode + QStringLiteral("/firewall/options"),
                         {{QStringLiteral("enable"), 0}});
    return std::nullopt;
}

} // namespace

PveCliMapping::Words PveCliMapping::split(const QStringList &arguments)
{
    Words words;
    bool optionsEnded = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &word = arguments.at(i);
        if (optionsEnded || word.size() < 2 || !word.startsWith(u'-') || word.at(1).isDigit()) {
            words.positional.append(word);
            continue;
        }
        if (word == QLatin1String("--")) {
            optionsEnded = true;
            continue;
        }
        QString name = word.mid(word.startsWith(QLatin1String("--")) ? 2 : 1);
        const qsizetype equals = name.indexOf(u'=');
        if (equals >= 0) {
            words.options.insert(name.left(equals), name.mid(equals + 1));
            continue;
        }
        const QString next = arguments.value(i + 1);
        if (i + 1 < arguments.size() &&
            !(next.startsWith(u'-') && next.size() > 1 && !next.at(1).isDigit())) {
            words.options.insert(name, next);
            ++i;
        } else {
            words.options.insert(name, 1);
        }
    }
    return words;
}

std::optional<ApiOperation> PveCliMapping::map(const QString &program, const QStringList &arguments)
{
    const QString name = program.section(u'/', -1);
    const Words words = split(arguments);
    if (name == QLatin1String("pvesh"))
        return pvesh(words);
    if (name == QLatin1String("qm"))
        return guestTool(QStringLiteral("qemu"), words);
    if (name == QLatin1String("pct"))
        return guestTool(QStringLiteral("lxc"), words);
    if (name == QLatin1String("qmrestore"))
        return qmrestore(words);
    if (name == QLatin1String("pveum"))
        return pveum(words);
    if (name == QLatin1String("pvecm"))
        return pvecm(words);
    if (name == QLatin1String("pvenode"))
        return pvenode(words);
    if (name == QLatin1String("ha-manager"))
        return haManager(words);
    if (name == QLatin1String("pvesm"))
        return pvesm(words);
    if (name == QLatin1String("pve-firewall"))
        return pveFirewall(words);
    return std::nullopt;
}

} // namespace pmcp
