#pragma once

#include <QLoggingCategory>

namespace pmcp {

// The log category of the command line ("pmcp.cli"): QT_LOGGING_RULES="pmcp.cli.debug=true" turns
// it up alone.
Q_DECLARE_LOGGING_CATEGORY(lcCli)

} // namespace pmcp
