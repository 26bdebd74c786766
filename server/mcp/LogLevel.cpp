#include "server/mcp/LogLevel.h"

#include <array>

namespace pmcp {

namespace {
constexpr std::array<const char *, 8> kNames = {"debug", "info",     "notice", "warning",
                                                "error", "critical", "alert",  "emergency"};
}

std::optional<LogLevel> parseLogLevel(const QString &name)
{
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (name == QLatin1String(kNames[i]))
            return static_cast<LogLevel>(i);
    }
    return std::nullopt;
}

QString logLevelName(LogLevel level)
{
    return QLatin1String(kNames[static_cast<std::size_t>(level)]);
}

} // namespace pmcp
