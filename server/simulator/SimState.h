#pragma once

#include "shared/core/Result.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

namespace pmcp {

struct SimSnapshot final {
    QString name;
    QString description;
    QString parent;
    qint64 snaptime = 0;
    bool vmstate = false;
    QJsonObject config;
};

struct SimGuest final {
    int vmid = 0;
    QString type; // "qemu" or "lxc"
    QString node;
    bool running = false;
    bool paused = false;
    qint64 startedAt = 0;
    int pid = 0;
    QJsonObject config; // as GET …/config shows it, without digest
    QList<SimSnapshot> snapshots;
    QString parentSnapshot; // what "current" points at
    bool haManaged = false;
    double cpuLoad = 0.02; // fraction of the guest's cores while running

    bool isQemu() const { return type == QLatin1String("qemu"); }
    bool isTemplate() const { return config.value(QStringLiteral("template")).toInt() == 1; }
    QString name() const;
    QString lock() const { return config.value(QStringLiteral("lock")).toString(); }
    int cores() const;
    qint64 maxMemBytes() const;
    qint64 maxDiskBytes() const;
    QString configPath() const; // nodes/pve1/qemu-server/100.conf
};

struct SimNode final {
    QString name;
    int nodeid = 1;
    QString ip;
    bool online = true;
    int cpus = 16;
    qint64 maxmem = 0;
    qint64 baseMem = 0;
    double cpu = 0.05;
    qint64 bootTime = 0;
    qint64 maxdisk = 0;
    qint64 disk = 0;
};

struct SimStorage final {
    QString id;
    QString type; // dir, lvmthin, nfs
    QStringList content;
    bool shared = false;
    qint64 total = 0;
    qint64 baseUsed = 0;
    QString path;
};

struct SimVolume final {
    QString storage;
    QString node; // empty on shared storage
    QString volid;
    QString content; // iso, vztmpl, backup, images, rootdir
    QString format;
    qint64 size = 0;
    qint64 ctime = 0;
    int vmid = 0;
    QString notes;
    QString guestType;       // backups: qemu or lxc
    QJsonObject guestConfig; // backups: the configuration a restore brings back
};

// One row of /access/acl: a role on a path for a user or a token.
struct SimAclEntry final {
    QString path;
    QString roleid;
    bool propagate = true;
};

struct SimToken final {
    QString userid;
    QString tokenid;
    QString secret;
    bool privsep = false;
    QString comment;
    qint64 expire = 0;
    QList<SimAclEntry> entries;        // the token's ACL rows (privsep tokens)
    QHash<QString, QSet<QString>> acl; // path -> privileges, from entries' roles; empty: the user's
};

// The state of the simulated cluster: nodes, guests, storage and its content, users, tokens and
// permissions, backup jobs and the cluster log, with the mutations the routes make.
class SimState final {
public:
    SimState();

    // Cluster layout
    void addNode(const SimNode &node) { m_nodes.append(node); }
    const QList<SimNode> &nodes() const { return m_nodes; }
    SimNode *node(const QString &name);
    QString clusterName() const { return m_clusterName; }
    void setClusterName(const QString &name) { m_clusterName = name; }

    // Guests
    QMap<int, SimGuest> &guests() { return m_guests; }
    const QMap<int, SimGuest> &guests() const { return m_guests; }
    SimGuest *guest(int vmid);
    // The guest as Proxmox finds it: by its config file on that node, of that type.
    Result<SimGuest *> guestOn(const QString &node, const QString &type, int vmid);
    void addGuest(const SimGuest &guest);
    void removeGuest(int vmid);
    int nextFreeVmid() const;
    static QString digest(const QJsonObject &config);
    // Rebuilds the guest's disk volumes on its storages from its configuration.
    void syncDiskVolumes(const SimGuest &guest);

    // Storage
    void addStorage(const SimStorage &storage) { m_storages.append(storage); }
    const QList<SimStorage> &storages() const { return m_storages; }
    const SimStorage *storage(const QString &id) const;
    QList<SimVolume> volumes(const QString &storage, const QString &node) const;
    const SimVolume *volume(const QString &node, const QString &volid) const;
    void addVolume(SimVolume volume);
    bool removeVolume(const QString &node, const QString &volid);
    qint64 storageUsed(const SimStorage &storage, const QString &node) const;

    // Users, tokens, permissions
    const QList<SimToken> &tokens() const { return m_tokens; }
    const SimToken *token(const QString &fullTokenId) const;
    // A token with exactly these privileges (privsep=1), e.g. {"/vms/100": {"VM.Audit"}}.
    // Returns its secret.
    QString createRestrictedToken(const QString &userid, const QString &tokenid,
                                  const QHash<QString, QStringList> &acl);
    bool knownUser(const QString &userid) const;
    // POST /access/users/{userid}/token/{tokenid}: {"full-tokenid", "info", "value"}; the secret
    // is shown this once, as Proxmox does. Errors carry Proxmox's messages.
    Result<QJsonObject> createToken(const QString &userid, const QString &tokenid, bool privsep,
                                    qint64 expire, const QString &comment);
    Result<void> updateToken(const QString &userid, const QString &tokenid,
                             const QHash<QString, QString> &changes);
    // Also removes the token's ACL rows, as Proxmox does.
    Result<void> deleteToken(const QString &userid, const QString &tokenid);
    // PUT /access/acl: roles granted to (or, remove, taken from) tokens and users on path.
    Result<void> changeAcl(const QString &path, const QStringList &roles, const QStringList &tokens,
                           const QStringList &users, bool propagate, bool remove);
    // Built-in roles (Administrator, PVEAuditor, PVEVMAdmin, …) and the simulator's own.
    QSet<QString> rolePrivileges(const QString &roleid, bool *known = nullptr) const;
    bool checkPassword(const QString &userid, const QString &password) const;
    bool hasPrivilege(const QString &authId, const QString &path, const QString &privilege) const;
    QJsonObject permissions(const QString &authId, const QString &path) const;
    QJsonArray users() const;
    QJsonArray acl() const;
    static QStringList allPrivileges();

    // Cluster data
    QJsonArray &backupJobs() { return m_backupJobs; }
    void appendClusterLog(const QString &node, const QString &tag, const QString &message);
    const QJsonArray &clusterLog() const { return m_clusterLog; }
    QStringList &syslog(const QString &node) { return m_syslog[node]; }
    // Guest agent exec results by pid (the agent's process ids are unique enough here).
    QHash<int, QJsonObject> &agentExecs() { return m_agentExecs; }

private:
    QString m_clusterName = QStringLiteral("demo");
    QList<SimNode> m_nodes;
    QMap<int, SimGuest> m_guests;
    QList<SimStorage> m_storages;
    QList<SimVolume> m_volumes;
    QList<SimToken> m_tokens;
    QList<std::pair<QString, SimAclEntry>> m_userAcl; // user id -> row
    QHash<QString, QSet<QString>> m_customRoles;      // createRestrictedToken's exact sets
    QJsonArray m_backupJobs;
    QJsonArray m_clusterLog;
    QHash<QString, QStringList> m_syslog;
    QHash<int, QJsonObject> m_agentExecs;
};

} // namespace pmcp
