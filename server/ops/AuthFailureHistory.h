#pragma once

#include "shared/core/Result.h"

#include <QDateTime>
#include <QMap>
#include <QString>

#include <functional>

namespace pmcp {

// Refused bearer tokens per hour over the last 24 hours, kept in STATE_DIR/auth-failures.json so
// that the count survives a restart (the admin status's last hour is in memory only): the daily
// health report reads it. A refused token never reaches a tool, so the audit log does not hold
// it; refused commands, which are audit entries, are counted from the audit log instead. The
// daemon records and writes (at most once a minute and when it stops, so a crash loses a minute
// at most); anyone may read. Lives on one thread.
class AuthFailureHistory final {
public:
    using Clock = std::function<QDateTime()>;

    static constexpr int kHours = 24;

    explicit AuthFailureHistory(const QString &stateDir, Clock clock = {});

    static QString fileName() { return QStringLiteral("auth-failures.json"); }
    QString path() const { return m_path; }

    void record(qint64 count = 1);
    // Within the last 24 h: the current hour and the 23 before it.
    qint64 lastDay() const;

    // Reads the file; a missing one is an empty history, a damaged one an error (and empty).
    Result<void> load();
    // Writes the file (atomically, mode 0600) when something was recorded since the last save.
    Result<void> save();
    bool dirty() const { return m_dirty; }

private:
    qint64 hourNow() const; // hours since the epoch
    void prune();

    QString m_path;
    Clock m_clock;
    QMap<qint64, qint64> m_hours; // hour since the epoch -> refused tokens
    bool m_dirty = false;
};

} // namespace pmcp
