#include "server/exec/CommandExecutor.h"

namespace pmcp {

QString CommandResult::statusName(Status status)
{
    switch (status) {
    case Status::Success:
        return QStringLiteral("success");
    case Status::NonZeroExit:
        return QStringLiteral("non_zero_exit");
    case Status::Timeout:
        return QStringLiteral("timeout");
    case Status::Denied:
        return QStringLiteral("denied");
    case Status::ConnectionFailure:
        break;
    }
    return QStringLiteral("connection_failure");
}

} // namespace pmcp
