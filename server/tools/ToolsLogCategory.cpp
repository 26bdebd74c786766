#include "server/tools/ToolsLogCategory.h"

namespace pmcp {

Q_LOGGING_CATEGORY(lcTools, "pmcp.tools")

} // namespace pmcp
