#pragma once

#include <QLoggingCategory>

namespace pmcp {

// The log category of backups and restores ("pmcp.backup"): QT_LOGGING_RULES=
// "pmcp.backup.debug=true" turns it up alone.
Q_DECLARE_LOGGING_CATEGORY(lcBackup)

} // namespace pmcp
