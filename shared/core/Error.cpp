#include "shared/core/Error.h"

namespace pmcp {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument:
        return QStringLiteral("invalid_argument");
    case ErrorCode::NotFound:
        return QStringLiteral("not_found");
    case ErrorCode::PermissionDenied:
        return QStringLiteral("permission_denied");
    case ErrorCode::Unauthenticated:
        return QStringLiteral("unauthenticated");
    case ErrorCode::Conflict:
        return QStringLiteral("conflict");
    case ErrorCode::Unavailable:
        return QStringLiteral("unavailable");
    case ErrorCode::Timeout:
        return QStringLiteral("timeout");
    case ErrorCode::Cancelled:
        return QStringLiteral("cancelled");
    case ErrorCode::TooLarge:
        return QStringLiteral("too_large");
    case ErrorCode::Unsupported:
        return QStringLiteral("unsupported");
    case ErrorCode::Internal:
        return QStringLiteral("internal");
    }
    return QStringLiteral("internal");
}

} // namespace pmcp
