#pragma once

#include "server/proxmox/ProxmoxTypes.h"
#include "shared/config/Config.h"
#include "shared/core/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace pmcp {

class ProxmoxClient;

// Replaces the Proxmox API token the daemon calls with (docs/ROTATION.md): the old token read
// (privilege separation, expiry, its ACL rows), a new token for the same user made with the same
// privilege separation, the ACL rows copied to it, the new token proven with a call whose answer
// (its permissions) must equal the old token's, the configuration switched (ConfigEditor) and the
// daemon told to reload, the old token deleted. Any failure undoes the steps before it, in
// reverse, so the old token keeps working. Asynchronous, on the caller's event loop.
class ApiTokenRotation final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiTokenRotation)
public:
    enum class Step { Inspect, Create, CopyAcl, Prove, Switch, Revoke };
    static QList<Step> steps();
    static QString stepName(Step step); // "inspect", "create", "copy-acl", …

    // state: "running", "done", "failed", "undone".
    using Progress = std::function<void(Step step, const QString &state, const QString &detail)>;
    // The test seam: an error returned for a step fails it before it does anything.
    using Fault = std::function<std::optional<Error>(Step step)>;
    using Reload = std::function<Result<void>()>;

    struct Outcome final {
        QString oldTokenId; // user@realm!name
        QString newTokenId;
        int aclRows = 0;
        int configVersion = 0;
    };
    using Done = std::function<void(const Result<Outcome> &)>;

    ApiTokenRotation(Config config, QString configPath, QObject *parent = nullptr);
    ~ApiTokenRotation() override;

    void setFault(Fault fault) { m_fault = std::move(fault); }
    void setReload(Reload reload) { m_reload = std::move(reload); }
    void setClock(std::function<QDateTime()> now) { m_now = std::move(now); }

    Result<QStringList> plan() const;
    // done runs once, on the event loop.
    void run(Progress progress, Done done);

private:
    using Next = std::function<void(const Result<void> &)>;
    Result<void> prepare();
    QString describe(Step step) const;
    void runStep(int index);
    void perform(Step step, const Next &next);
    void inspect(const Next &next);
    void create(const Next &next);
    void copyAcl(int row, const Next &next);
    void uncopyAcl(int row, const Next &undone);
    void prove(const Next &next);
    void switchConfig(const Next &next);
    void revoke(const Next &next);
    void rollBack(const Error &error);
    void report(Step step, const QString &state, const QString &detail = {}) const;
    // One call; the reply's data, or the error as ours.
    void call(ProxmoxClient &client, const QByteArray &method, const QString &path,
              const QJsonObject &params, std::function<void(const Result<QJsonValue> &)> done);

    struct AclRow final {
        QString path;
        QString roleid;
        bool propagate = true;
    };

    Config m_config;
    QString m_configPath;
    Fault m_fault;
    Reload m_reload;
    std::function<QDateTime()> m_now;
    Progress m_progress;
    Done m_done;

    ProxmoxTarget m_target;
    QString m_newName;
    QString m_newSecret;
    bool m_privsep = true;
    qint64 m_expire = 0;
    QList<AclRow> m_rows;
    int m_copied = 0;
    Outcome m_outcome;
    std::unique_ptr<ProxmoxClient> m_old;
    std::unique_ptr<ProxmoxClient> m_new;
    // What each finished step leaves behind, undone in reverse.
    QList<std::pair<Step, std::function<void(const Next &)>>> m_undo;
};

} // namespace pmcp
