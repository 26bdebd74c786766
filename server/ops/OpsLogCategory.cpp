#include "server/ops/OpsLogCategory.h"

namespace pmcp {

Q_LOGGING_CATEGORY(lcOps, "pmcp.ops")

} // namespace pmcp
