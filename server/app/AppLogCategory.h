#pragma once

#include <QLoggingCategory>

namespace pmcp {

// The log category of the daemon's composition ("pmcp.app"): QT_LOGGING_RULES="pmcp.app.debug=true"
// turns it up alone.
Q_DECLARE_LOGGING_CATEGORY(lcApp)

} // namespace pmcp
