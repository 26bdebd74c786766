#pragma once

#include <QLoggingCategory>

namespace pmcp {

// The log category of the MCP engine ("pmcp.mcp"): QT_LOGGING_RULES="pmcp.mcp.debug=true" turns it
// up alone.
Q_DECLARE_LOGGING_CATEGORY(lcMcp)

} // namespace pmcp
