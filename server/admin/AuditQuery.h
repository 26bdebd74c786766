#pragma once

#include "shared/core/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QUrlQuery>

#include <optional>

namespace pmcp {

// GET /api/admin/audit: the audit entries that match a filter, newest first, read from the
// files line by line (never a whole file in memory; at most offset + limit entries are kept).
// Pure: safe to run on a worker thread.
class AuditQuery final {
public:
    // Most entries one answer carries, and how far back offset may page.
    static constexpr int kMaxLimit = 1000;
    static constexpr int kDefaultLimit = 100;
    static constexpr int kMaxOffset = 100000;

    struct Filter {
        QString client;             // exact client name; empty: any
        QString tool;               // exact tool name; empty: any
        std::optional<bool> denied; // only denied (true) or only not denied (false)
        QDateTime from;             // inclusive; invalid: no bound
        QDateTime to;               // exclusive; invalid: no bound
        int limit = kDefaultLimit;
        int offset = 0;
    };

    // The filter of a query string (client, tool, denied=true|false, from, to as ISO 8601,
    // limit 1-1000, offset); an Invalid error names the parameter that is wrong.
    static Result<Filter> parse(const QUrlQuery &query);

    // {"entries": [newest first: seq, time, client, tool, arguments, decision, duration_ms,
    // outcome, upid, target, and confirmed_by/confirmation when set], "matched": total matches,
    // "offset", "limit"}
    static Result<QJsonObject> run(const QString &directory, const Filter &filter);
};

} // namespace pmcp
