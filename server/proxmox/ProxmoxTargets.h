#pragma once

#include "shared/core/Result.h"
#include "server/proxmox/ProxmoxTypes.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace pmcp {

class Config;
class ProxmoxClient;

// The Proxmox VE targets the daemon talks to, each with its own client: the default one from
// the PROXMOX_* keys and more, by name, from the JSON file PROXMOX_TARGETS_FILE.
class ProxmoxTargets final {
public:
    ProxmoxTargets() = default;

    static Result<ProxmoxTargets> fromConfig(const Config &config);
    static Result<ProxmoxTargets> fromTargets(const QList<ProxmoxTarget> &targets);
    // {"targets":[{"name","hosts":[…],"port","user","token_name","token_value"|"password",
    //  "verify_ssl","ca_file","fingerprint","timeout_s"}]}; errors name the target, never a
    // secret.
    static Result<QList<ProxmoxTarget>> parseTargetsFile(const QByteArray &json);
    // The default target from the PROXMOX_* keys; nullopt when PROXMOX_HOST is empty.
    static std::optional<ProxmoxTarget> defaultTarget(const Config &config);

    // The client of a target; an empty name means the default (the first) target. nullptr,
    // with the reason in *why, when there is no such target.
    ProxmoxClient *client(const QString &name = {}, QString *why = nullptr) const;
    QStringList names() const;
    bool isEmpty() const { return m_clients.empty(); }

private:
    struct Named {
        QString name;
        std::shared_ptr<ProxmoxClient> client;
    };
    std::vector<Named> m_clients;
};

} // namespace pmcp
