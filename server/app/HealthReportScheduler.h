#pragma once

#include "server/app/DailyHealthReport.h"
#include "server/backup/BackupSchedule.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <functional>

class QThread;

namespace pmcp {

class AlertService;

// HEALTH_REPORT_SCHEDULE inside the daemon: at each due time the daily health report
// (DailyHealthChecks, the same checks as `proxmox-mcpd health-report`) runs on a worker thread
// (its probes wait on the network) and goes to every alert channel as a `report` alert. A run
// missed while the daemon was down is not made up (a report describes now, not then).
class HealthReportScheduler final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthReportScheduler)
public:
    using Runner = std::function<DailyHealthReport()>; // called on the worker thread
    using Clock = std::function<QDateTime()>;

    HealthReportScheduler(BackupSchedule schedule, Runner runner, AlertService *alerts,
                          QObject *parent = nullptr);
    ~HealthReportScheduler() override; // waits for a report in progress

    void setClock(Clock clock) { m_clock = std::move(clock); } // tests; default: local time
    void start();
    // Sends the report when it is due; the timer calls it at least every minute.
    void poll();
    QDateTime nextRun() const { return m_next; }

signals:
    void sent(const pmcp::DailyHealthReport &report);

private:
    void run();
    void arm();

    BackupSchedule m_schedule;
    Runner m_runner;
    AlertService *m_alerts;
    Clock m_clock;
    QDateTime m_next;
    QThread *m_worker = nullptr;
    QTimer m_timer;
};

} // namespace pmcp
