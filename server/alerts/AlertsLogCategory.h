#pragma once

#include <QLoggingCategory>

namespace pmcp {

// The log category of alerts and their delivery ("pmcp.alerts"): QT_LOGGING_RULES=
// "pmcp.alerts.debug=true" turns it up alone.
Q_DECLARE_LOGGING_CATEGORY(lcAlerts)

} // namespace pmcp
