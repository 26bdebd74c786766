#include "server/alerts/AlertsLogCategory.h"

namespace pmcp {

Q_LOGGING_CATEGORY(lcAlerts, "pmcp.alerts")

} // namespace pmcp
