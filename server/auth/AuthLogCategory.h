#pragma once

#include <QLoggingCategory>

namespace pmcp {

// The log category of the client store ("pmcp.auth"): QT_LOGGING_RULES="pmcp.auth.debug=true" turns
// it up alone.
Q_DECLARE_LOGGING_CATEGORY(lcAuth)

} // namespace pmcp
