#pragma once

#include <QLoggingCategory>

namespace pmcp {

// The log category of health, metrics and docs ("pmcp.ops"): QT_LOGGING_RULES="pmcp.ops.debug=true"
// turns it up alone.
Q_DECLARE_LOGGING_CATEGORY(lcOps)

} // namespace pmcp
