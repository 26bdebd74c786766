#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace pmcp {

// One line of the daily health report: a check, its verdict and a sentence a person reads.
struct DailyCheck final {
    enum class Status { Ok, Warning, Failed };
    QString name; // "service", "disk", "backup", …
    Status status = Status::Ok;
    QString sentence;

    static QString statusName(Status status); // ok, warning, failed
};

// The administrator guide's morning check from the daemon's point of view, as `proxmox-mcpd
// health-report` prints it: every check with ok/warning/failed and a sentence; the exit status
// is the worst verdict (0 ok, 1 warning, 2 failed).
class DailyHealthReport final {
public:
    void add(DailyCheck check) { m_checks.append(std::move(check)); }
    const QList<DailyCheck> &checks() const { return m_checks; }
    DailyCheck::Status worst() const;
    int exitCode() const { return int(worst()); }

    // One line a check ("ok       service   the daemon answers …"), then a summary line.
    QString text() const;
    // {"status": worst, "checks": [{"name", "status", "sentence"}, …]}
    QJsonObject json() const;

private:
    QList<DailyCheck> m_checks;
};

} // namespace pmcp
