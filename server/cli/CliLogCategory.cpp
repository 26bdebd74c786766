#include "server/cli/CliLogCategory.h"

namespace pmcp {

Q_LOGGING_CATEGORY(lcCli, "pmcp.cli")

} // namespace pmcp
