#include "server/auth/AuthLogCategory.h"

namespace pmcp {

Q_LOGGING_CATEGORY(lcAuth, "pmcp.auth")

} // namespace pmcp
