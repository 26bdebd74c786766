#pragma once

#include <QString>

#include <optional>

namespace pmcp {

// MCP (syslog) log levels, in increasing severity.
enum class LogLevel { Debug, Info, Notice, Warning, Error, Critical, Alert, Emergency };

std::optional<LogLevel> parseLogLevel(const QString &name);
QString logLevelName(LogLevel level);

} // namespace pmcp
