#include "server/mcp/McpLogCategory.h"

namespace pmcp {

Q_LOGGING_CATEGORY(lcMcp, "pmcp.mcp")

} // namespace pmcp
