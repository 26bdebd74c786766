#pragma once

#include <QString>

#include <memory>

namespace pmcp {

class ProxmoxToolKit;
class ToolRegistry;

// The guest tools of one kind ("qemu" virtual machines or "lxc" containers): list, status,
// config and the power actions (start, stop, shutdown, reboot, suspend, resume; reset for qemu).
class GuestTools final {
public:
    static void registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit,
                            const QString &type);
    static QString noun(const QString &type); // "virtual machine" or "container"
};

} // namespace pmcp
