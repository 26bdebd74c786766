#pragma once

#include <QString>

namespace pmcp {

// The daemon's log: one line per message on stderr (the journal takes it from there), at or
// above LOG_LEVEL, each naming its room's category (pmcp.mcp, pmcp.audit, ...);
// QT_LOGGING_RULES overrides LOG_LEVEL per category. Stdout stays free for the stdio transport.
class Logging final {
public:
    // level: DEBUG, INFO, WARN or ERROR (LOG_LEVEL's values).
    static void install(const QString &level);
    // A new LOG_LEVEL for a running daemon (a configuration reload); the handler stays.
    static void setLevel(const QString &level);
    static QString format(QtMsgType type, const QString &category, const QString &message);
};

} // namespace pmcp
