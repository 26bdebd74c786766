// Compiled by LayeringEnforcedByBuild against pmcp_engine: a room below it is visible.
#include "server/mcp/ToolResult.h"
#include "shared/core/Result.h"

int pmcpLayeringAllowedProbe()
{
    return 0;
}
