#include "server/app/AppLogCategory.h"

namespace pmcp {

Q_LOGGING_CATEGORY(lcApp, "pmcp.app")

} // namespace pmcp
