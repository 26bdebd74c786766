#include "server/backup/BackupLogCategory.h"

namespace pmcp {

Q_LOGGING_CATEGORY(lcBackup, "pmcp.backup")

} // namespace pmcp
