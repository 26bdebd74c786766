#include "server/simulator/SimState.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUuid>

#include <algorithm>

namespace pmcp {

namespace {

const QRegularExpression &diskKeyPattern()
{
    static const QRegularExpression re(
        QStringLiteral("^(scsi|virtio|sata|ide|efidisk|tpmstate|rootfs|mp)\\d*$"));
    return re;
}

qint64 sizeBytes(const QString &diskSpec)
{
    static const QRegularExpression re(QStringLiteral("size=(\\d+(?:\\.\\d+)?)([KMGT]?)"));
    const auto match = re.match(diskSpec);
    if (!match.hasMatch())
        return 0;
    const double value = match.captured(1).toDouble();
    const QString unit = match.captured(2);
    const int shift = unit == QLatin1String("K")   ? 10
                      : unit == QLatin1String("M") ? 20
                      : unit == QLatin1String("G") ? 30
                      : unit == QLatin1String("T") ? 40
                                                   : 0;
    return static_cast<qint64>(value * static_cast<double>(qint64(1) << shift));
}

} // namespace

QString SimGuest::name() const
{
    return config.value(isQemu() ? QStringLiteral("name") : QStringLiteral("hostname")).toString();
}

int SimGuest::cores() const
{
    const int cores = config.value(QStringLiteral("cores")).toInt(1);
    return isQemu() ? cores * config.value(QStringLiteral("sockets")).toInt(1) : cores;
}

qint64 SimGuest::maxMemBytes() const
{
    const QJsonValue memory = config.value(QStringLiteral("memory"));
    const qint64 mib = memory.isString() ? memory.toString().toLongLong() : memory.toInteger(512);
    return mib * 1024 * 1024;
}

qint64 SimGuest::maxDiskBytes() const
{
    const QString key = isQemu() ? QStringLiteral("scsi0") : QStringLiteral("rootfs");
    return sizeBytes(config.value(key).toString());
}

QString SimGuest::configPath() const
{
    return QStringLiteral("nodes/%1/%2/%3.conf")
        .arg(node, isQemu() ? QStringLiteral("qemu-server") : QStringLiteral("lxc"))
        .arg(vmid);
}

SimState::SimState()
{
    SimToken root;
    root.userid = QStringLiteral("root@pam");
    root.tokenid = QStringLiteral("mcp");
    root.secret = QUuid::createUuid().toString(QUuid::WithoutBraces);
    root.comment = QStringLiteral("proxmox-mcp");
    m_tokens.append(root);
    m_userAcl.append({QStringLiteral("monitor@pve"),
                      SimAclEntry{QStringLiteral("/"), QStringLiteral("PVEAuditor"), true}});
}

SimNode *SimState::node(const QString &name)
{
    for (SimNode &node : m_nodes) {
        if (node.name == name)
            return &node;
    }
    return nullptr;
}

SimGuest *SimState::guest(int vmid)
{
    const auto it = m_guests.find(vmid);
    return it == m_guests.end() ? nullptr : &it.value();
}

Result<SimGuest *> SimState::guestOn(const QString &node, const QString &type, int vmid)
{
    SimGuest *found = guest(vmid);
    if (!found || found->node != node || found->type != type) {
        const QString dir =
            type == QLatin1String("qemu") ? QStringLiteral("qemu-server") : QStringLiteral("lxc");
        return Error::notFound(QStringLiteral("Configuration file 'nodes/%1/%2/%3.conf' does "
                                              "not exist")
                                   .arg(node, dir)
                                   .arg(vmid));
    }
    return found;
}

void SimState::addGuest(const SimGuest &guest)
{
    m_guests.insert(guest.vmid, guest);
    syncDiskVolumes(guest);
}

void SimState::removeGuest(int vmid)
{
    const SimGuest *found = guest(vmid);
    if (!found)
        return;
    const QString node = found->node;
    m_volumes.removeIf([&](const SimVolume &v) {
        return v.vmid == vmid &&
               (v.content == QLatin1String("images") || v.content == QLatin1String("rootdir"));
    });
    m_guests.remove(vmid);
}

int SimState::nextFreeVmid() const
{
    int id = 100;
    while (m_guests.contains(id))
        ++id;
    return id;
}

QString SimState::digest(const QJsonObject &config)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(QJsonDocument(config).toJson(QJsonDocument::Compact),
                                 QCryptographicHash::Sha1)
            .toHex());
}

void SimState::syncDiskVolumes(const SimGuest &guest)
{
    m_volumes.removeIf([&](const SimVolume &v) {
        return v.vmid == guest.vmid &&
               (v.content == QLatin1String("images") || v.content == QLatin1String("rootdir"));
    });
    for (auto it = guest.config.begin(); it != guest.config.end(); ++it) {
        if (!diskKeyPattern().match(it.key()).hasMatch())
            continue;
        const QString spec = it.value().toString();
        const QString volid = spec.section(QLatin1Char(','), 0, 0);
        const QString storageId = volid.section(QLatin1Char(':'), 0, 0);
        const SimStorage *target = storage(storageId);
        if (!target || spec.contains(QLatin1String("media=cdrom")) || !volid.contains(u':'))
            continue;
        SimVolume volume;
        volume.storage = storageId;
        volume.node = target->shared ? QString() : guest.node;
        volume.volid = volid;
        volume.content = guest.isQemu() ? QStringLiteral("images") : QStringLiteral("rootdir");
        volume.format = QStringLiteral("raw");
        volume.size = sizeBytes(spec);
        volume.vmid = guest.vmid;
        volume.ctime = QDateTime::currentSecsSinceEpoch();
        m_volumes.append(volume);
    }
}

const SimStorage *SimState::storage(const QString &id) const
{
    for (const SimStorage &s : m_storages) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

QList<SimVolume> SimState::volumes(const QString &storageId, const QString &node) const
{
    const SimStorage *s = storage(storageId);
    QList<SimVolume> result;
    for (const SimVolume &v : m_volumes) {
        if (v.storage == storageId && (!s || s->shared || v.node == node))
            result.append(v);
    }
    std::sort(result.begin(), result.end(),
              [](const SimVolume &a, const SimVolume &b) { return a.volid < b.volid; });
    return result;
}

const SimVolume *SimState::volume(const QString &node, const QString &volid) const
{
    for (const SimVolume &v : m_volumes) {
        if (v.volid == volid && (v.node.isEmpty() || v.node == node))
            return &v;
    }
    return nullptr;
}

void SimState::addVolume(SimVolume volume)
{
    const SimStorage *s = storage(volume.storage);
    if (s && s->shared)
        volume.node.clear();
    m_volumes.append(volume);
}

bool SimState::removeVolume(const QString &node, const QString &volid)
{
    return m_volumes.removeIf([&](const SimVolume &v) {
        return v.volid == volid && (v.node.isEmpty() || v.node == node);
    }) > 0;
}

qint64 SimState::storageUsed(const SimStorage &s, const QString &node) const
{
    qint64 used = s.baseUsed;
    for (const SimVolume &v : volumes(s.id, node))
        used += v.size;
    return std::min(used, s.total);
}

const SimToken *SimState::token(const QString &fullTokenId) const
{
    for (const SimToken &t : m_tokens) {
        if (t.userid + QLatin1Char('!') + t.tokenid == fullTokenId)
            return &t;
    }
    return nullptr;
}

QString SimState::createRestrictedToken(const QString &userid, const QString &tokenid,
                                        const QHash<QString, QStringList> &acl)
{
    m_tokens.removeIf(
        [&](const SimToken &t) { return t.userid == userid && t.tokenid == tokenid; });
    SimToken created;
    created.userid = userid;
    created.tokenid = tokenid;
    created.secret = QUuid::createUuid().toString(QUuid::WithoutBraces);
    created.privsep = true;
    // Each exact set becomes a role of its own, so the rows of /access/acl name a real role.
    for (auto it = acl.begin(); it != acl.end(); ++it) {
        const QString role = QStringLiteral("SimCustom%1").arg(m_customRoles.size() + 1);
        m_customRoles.insert(role, QSet<QString>(it.value().begin(), it.value().end()));
        created.entries.append(SimAclEntry{it.key(), role, true});
        created.acl[it.key()] += m_customRoles.value(role);
    }
    m_tokens.append(created);
    return created.secret;
}

bool SimState::knownUser(const QString &userid) const
{
    for (const QJsonValue &user : users()) {
        if (user.toObject().value(QStringLiteral("userid")).toString() == userid)
            return true;
    }
    return false;
}

QSet<QString> SimState::rolePrivileges(const QString &roleid, bool *known) const
{
    const QStringList all = allPrivileges();
    QSet<QString> privileges;
    bool found = true;
    const auto matching = [&](auto keep) {
        for (const QString &p : all) {
            if (keep(p))
                privileges.insert(p);
        }
    };
    if (roleid == QLatin1String("Administrator"))
        matching([](const QString &) { return true; });
    else if (roleid == QLatin1String("PVEAuditor"))
        matching([](const QString &p) { return p.endsWith(QLatin1String(".Audit")); });
    else if (roleid == QLatin1String("PVEVMAdmin"))
        matching([](const QString &p) { return p.startsWith(QLatin1String("VM.")); });
    else if (roleid == QLatin1String("PVEVMUser"))
        privileges = {QStringLiteral("VM.Audit"),        QStringLiteral("VM.Console"),
                      QStringLiteral("VM.PowerMgmt"),    QStringLiteral("VM.Backup"),
                      QStringLiteral("VM.Config.CDROM"), QStringLiteral("VM.Config.Cloudinit")};
    else if (roleid == QLatin1String("PVEDatastoreUser"))
        privileges = {QStringLiteral("Datastore.AllocateSpace"), QStringLiteral("Datastore.Audit")};
    else if (roleid == QLatin1String("NoAccess"))
        privileges = {};
    else if (m_customRoles.contains(roleid))
        privileges = m_customRoles.value(roleid);
    else
        found = false;
    if (known)
        *known = found;
    return privileges;
}

Result<QJsonObject> SimState::createToken(const QString &userid, const QString &tokenid,
                                          bool privsep, qint64 expire, const QString &comment)
{
    if (!knownUser(userid))
        return Error{ErrorCode::InvalidArgument, QStringLiteral("no such user ('%1')").arg(userid)};
    if (token(userid + u'!' + tokenid))
        return Error{ErrorCode::Conflict, QStringLiteral("Token already exists.")};
    SimToken created;
    created.userid = userid;
    created.tokenid = tokenid;
    created.secret = QUuid::createUuid().toString(QUuid::WithoutBraces);
    created.privsep = privsep;
    created.expire = expire;
    created.comment = comment;
    m_tokens.append(created);
    QJsonObject info{{QStringLiteral("privsep"), privsep ? 1 : 0},
                     {QStringLiteral("expire"), expire}};
    if (!comment.isEmpty())
        info.insert(QStringLiteral("comment"), comment);
    return QJsonObject{{QStringLiteral("full-tokenid"), userid + u'!' + tokenid},
                       {QStringLiteral("info"), info},
                       {QStringLiteral("value"), created.secret}};
}

Result<void> SimState::updateToken(const QString &userid, const QString &tokenid,
                                   const QHash<QString, QString> &changes)
{
    for (SimToken &t : m_tokens) {
        if (t.userid != userid || t.tokenid != tokenid)
            continue;
        if (changes.contains(QStringLiteral("comment")))
            t.comment = changes.value(QStringLiteral("comment"));
        if (changes.contains(QStringLiteral("expire")))
            t.expire = changes.value(QStringLiteral("expire")).toLongLong();
        if (changes.contains(QStringLiteral("privsep")))
            t.privsep = changes.value(QStringLiteral("privsep")) == QLatin1String("1");
        return {};
    }
    return Error{ErrorCode::NotFound,
                 QStringLiteral("no such token '%1' for user '%2'").arg(tokenid, userid)};
}

Result<void> SimState::deleteToken(const QString &userid, const QString &tokenid)
{
    const qsizetype removed = m_tokens.removeIf(
        [&](const SimToken &t) { return t.userid == userid && t.tokenid == tokenid; });
    if (removed == 0)
        return Error{ErrorCode::NotFound,
                     QStringLiteral("no such token '%1' for user '%2'").arg(tokenid, userid)};
    return {};
}

Result<void> SimState::changeAcl(const QString &path, const QStringList &roles,
                                 const QStringList &tokens, const QStringList &users,
                                 bool propagate, bool remove)
{
    if (!path.startsWith(u'/'))
        return Error::invalid(QStringLiteral("invalid ACL path '%1'").arg(path));
    for (const QString &role : roles) {
        bool known = false;
        rolePrivileges(role, &known);
        if (!known)
            return Error::invalid(QStringLiteral("role '%1' does not exist").arg(role));
    }
    for (const QString &id : tokens) {
        if (!token(id))
            return Error::invalid(QStringLiteral("token '%1' does not exist").arg(id));
    }
    for (const QString &id : users) {
        if (!knownUser(id))
            return Error::invalid(QStringLiteral("user '%1' does not exist").arg(id));
    }
    const auto apply = [&](QList<SimAclEntry> &entries, const QString &role) {
        entries.removeIf([&](const SimAclEntry &e) { return e.path == path && e.roleid == role; });
        if (!remove)
            entries.append(SimAclEntry{path, role, propagate});
    };
    for (SimToken &t : m_tokens) {
        if (!tokens.contains(t.userid + u'!' + t.tokenid))
            continue;
        for (const QString &role : roles)
            apply(t.entries, role);
        t.acl.clear();
        for (const SimAclEntry &e : std::as_const(t.entries))
            t.acl[e.path] += rolePrivileges(e.roleid);
    }
    for (const QString &user : users) {
        for (const QString &role : roles) {
            m_userAcl.removeIf([&](const auto &row) {
                return row.first == user && row.second.path == path && row.second.roleid == role;
            });
            if (!remove)
                m_userAcl.append({user, SimAclEntry{path, role, propagate}});
        }
    }
    return {};
}

bool SimState::checkPassword(const QString &userid, const QString &password) const
{
    return userid == QLatin1String("root@pam") && password == QLatin1String("demo-password");
}

bool SimState::hasPrivilege(const QString &authId, const QString &path,
                            const QString &privilege) const
{
    const SimToken *t = token(authId);
    if (!t || !t->privsep)
        return authId.startsWith(QLatin1String("root@pam"));
    for (auto it = t->acl.begin(); it != t->acl.end(); ++it) {
        const QString &aclPath = it.key();
        const bool covers = aclPath == QLatin1String("/") || path == aclPath ||
                            path.startsWith(aclPath + QLatin1Char('/'));
        if (covers && it.value().contains(privilege))
            return true;
    }
    return false;
}

QJsonObject SimState::permissions(const QString &authId, const QString &path) const
{
    QHash<QString, QSet<QString>> acl;
    const SimToken *t = token(authId);
    if (t && t->privsep) {
        acl = t->acl;
    } else {
        const QStringList all = allPrivileges();
        for (const QString &p :
             {QStringLiteral("/"), QStringLiteral("/access"), QStringLiteral("/nodes"),
              QStringLiteral("/storage"), QStringLiteral("/vms"), QStringLiteral("/pool")})
            acl.insert(p, QSet<QString>(all.begin(), all.end()));
    }
    QJsonObject result;
    for (auto it = acl.begin(); it != acl.end(); ++it) {
        if (!path.isEmpty() && it.key() != path && !path.startsWith(it.key()))
            continue;
        QJsonObject privs;
        for (const QString &priv : it.value())
            privs.insert(priv, 1);
        result.insert(it.key(), privs);
    }
    return result;
}

QJsonArray SimState::users() const
{
    QJsonArray tokens;
    for (const SimToken &t : m_tokens) {
        if (t.userid == QLatin1String("root@pam"))
            tokens.append(QJsonObject{{QStringLiteral("tokenid"), t.tokenid},
                                      {QStringLiteral("privsep"), t.privsep ? 1 : 0},
                                      {QStringLiteral("expire"), 0},
                                      {QStringLiteral("comment"), t.comment}});
    }
    return {QJsonObject{{QStringLiteral("userid"), QStringLiteral("root@pam")},
                        {QStringLiteral("enable"), 1},
                        {QStringLiteral("expire"), 0},
                        {QStringLiteral("email"), QStringLiteral("admin@example.com")},
                        {QStringLiteral("realm-type"), QStringLiteral("pam")},
                        {QStringLiteral("tokens"), tokens}},
            QJsonObject{{QStringLiteral("userid"), QStringLiteral("monitor@pve")},
                        {QStringLiteral("enable"), 1},
                        {QStringLiteral("expire"), 0},
                        {QStringLiteral("firstname"), QStringLiteral("Read")},
                        {QStringLiteral("lastname"), QStringLiteral("Only")},
                        {QStringLiteral("realm-type"), QStringLiteral("pve")},
                        {QStringLiteral("tokens"), QJsonArray{}}}};
}

QJsonArray SimState::acl() const
{
    const auto row = [](const SimAclEntry &e, const QString &type, const QString &ugid) {
        return QJsonObject{{QStringLiteral("path"), e.path},
                           {QStringLiteral("type"), type},
                           {QStringLiteral("ugid"), ugid},
                           {QStringLiteral("roleid"), e.roleid},
                           {QStringLiteral("propagate"), e.propagate ? 1 : 0}};
    };
    QJsonArray rows;
    for (const auto &[user, entry] : m_userAcl)
        rows.append(row(entry, QStringLiteral("user"), user));
    for (const SimToken &t : m_tokens) {
        for (const SimAclEntry &e : t.entries)
            rows.append(row(e, QStringLiteral("token"), t.userid + u'!' + t.tokenid));
    }
    return rows;
}

QStringList SimState::allPrivileges()
{
    return QStringLiteral(
               "Datastore.Allocate,Datastore.AllocateSpace,Datastore.AllocateTemplate,"
               "Datastore.Audit,Group.Allocate,Mapping.Audit,Mapping.Modify,Mapping.Use,"
               "Permissions.Modify,Pool.Allocate,Pool.Audit,Realm.Allocate,Realm.AllocateUser,"
               "SDN.Allocate,SDN.Audit,SDN.Use,Sys.Audit,Sys.Console,Sys.Incoming,Sys.Modify,"
               "Sys.PowerMgmt,Sys.Syslog,User.Modify,VM.Allocate,VM.Audit,VM.Backup,VM.Clone,"
               "VM.Config.CDROM,VM.Config.CPU,VM.Config.Cloudinit,VM.Config.Disk,"
               "VM.Config.HWType,VM.Config.Memory,VM.Config.Network,VM.Config.Options,"
               "VM.Console,VM.GuestAgent.Audit,VM.GuestAgent.Unrestricted,VM.Migrate,"
               "VM.PowerMgmt,VM.Snapshot,VM.Snapshot.Rollback")
        .split(QLatin1Char(','));
}

void SimState::appendClusterLog(const QString &node, const QString &tag, const QString &message)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    m_clusterLog.prepend(QJsonObject{{QStringLiteral("uid"), m_clusterLog.size() + 1},
                                     {QStringLiteral("time"), now},
                                     {QStringLiteral("pri"), 6},
                                     {QStringLiteral("tag"), tag},
                                     {QStringLiteral("pid"), 1234 + m_clusterLog.size()},
                                     {QStringLiteral("node"), node},
                                     {QStringLiteral("user"), QStringLiteral("root@pam")},
                                     {QStringLiteral("msg"), message}});
}

} // namespace pmcp
