#include "server/proxmox/ProxmoxLogCategory.h"

namespace pmcp {

Q_LOGGING_CATEGORY(lcProxmox, "pmcp.proxmox")

} // namespace pmcp
