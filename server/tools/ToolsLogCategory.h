#pragma once

#include <QLoggingCategory>

namespace pmcp {

// The log category of the MCP tools ("pmcp.tools"): QT_LOGGING_RULES="pmcp.tools.debug=true" turns
// it up alone.
Q_DECLARE_LOGGING_CATEGORY(lcTools)

} // namespace pmcp
