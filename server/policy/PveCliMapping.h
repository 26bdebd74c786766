#pragma once

#include "server/policy/CoreRules.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace pmcp {

// Turns an invocation of a Proxmox command-line tool into the API operation it performs, so
// that the core rules judge `qm destroy 100` as they judge DELETE /nodes/{node}/qemu/100:
// pvesh (get/set/create/delete PATH --key value), qm and qmrestore, pct, pveum, pvecm, pvenode,
// ha-manager, pvesm and pve-firewall. The node of a local command is "localhost" (as pvesh
// accepts it). Works from the program's base name and its argument words alone. Besides what
// the rules look at, qm and pct's power actions, snapshot, migrate, clone, template, resize and
// disk moves are mapped too (the shell tools announce the resources they change); nullopt when
// the invocation is none of those (a read such as qm list, or pct exec, whose inner command is
// judged on its own).
class PveCliMapping final {
public:
    static std::optional<ApiOperation> map(const QString &program, const QStringList &arguments);

    // The words split as Proxmox's command-line parser does: --key value, --key=value, -key
    // value, a bare --flag (value 1), and "--" ending the options.
    struct Words {
        QStringList positional;
        QJsonObject options;
    };
    static Words split(const QStringList &arguments);
};

} // namespace pmcp
