#include "shared/config/ConfigLogCategory.h"

namespace pmcp {

Q_LOGGING_CATEGORY(lcConfig, "pmcp.config")

} // namespace pmcp
