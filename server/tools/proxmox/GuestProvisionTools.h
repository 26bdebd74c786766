#pragma once

#include <QString>

#include <memory>

namespace pmcp {

class ProxmoxToolKit;
class ToolRegistry;

// The guest tools that create, copy, move, reshape or delete a guest of one kind ("qemu" or
// "lxc"): create, clone, migrate, resize_disk, update_config, delete.
class GuestProvisionTools final {
public:
    static void registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit,
                            const QString &type);
};

} // namespace pmcp
