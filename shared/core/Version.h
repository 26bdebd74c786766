#pragma once

#include <QString>

namespace pmcp {

// The product's version and name, set by the build.
inline QString productVersion()
{
    return QStringLiteral(PMCP_VERSION);
}
inline QString productName()
{
    return QStringLiteral("proxmox-mcp");
}

} // namespace pmcp
