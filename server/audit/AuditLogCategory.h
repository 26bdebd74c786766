#pragma once

#include <QLoggingCategory>

namespace pmcp {

// The log category of the audit log ("pmcp.audit"): QT_LOGGING_RULES="pmcp.audit.debug=true" turns
// it up alone.
Q_DECLARE_LOGGING_CATEGORY(lcAudit)

} // namespace pmcp
