#include "server/audit/AuditLogCategory.h"

namespace pmcp {

Q_LOGGING_CATEGORY(lcAudit, "pmcp.audit")

} // namespace pmcp
