#pragma once

#include <QLoggingCategory>

namespace pmcp {

// The log category of the configuration ("pmcp.config"): QT_LOGGING_RULES="pmcp.config.debug=true"
// turns it up alone.
Q_DECLARE_LOGGING_CATEGORY(lcConfig)

} // namespace pmcp
