#pragma once

#include <QString>

namespace pmcp {

// What went wrong, as a value: a code the edges map to HTTP statuses and JSON-RPC errors,
// and a message meant for the person or client reading it.
enum class ErrorCode {
    InvalidArgument, // bad input from the caller
    NotFound,
    PermissionDenied,
    Unauthenticated,
    Conflict,
    Unavailable, // a backend could not be reached
    Timeout,
    Cancelled,
    TooLarge,
    Unsupported,
    Internal,
};

struct Error final {
    ErrorCode code = ErrorCode::Internal;
    QString message;

    static Error invalid(const QString &message) { return {ErrorCode::InvalidArgument, message}; }
    static Error notFound(const QString &message) { return {ErrorCode::NotFound, message}; }
    static Error internal(const QString &message) { return {ErrorCode::Internal, message}; }
};

QString errorCodeName(ErrorCode code);

} // namespace pmcp
