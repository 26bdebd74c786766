#include "server/app/HealthReportScheduler.h"

#include "server/alerts/AlertService.h"
#include "server/app/AppLogCategory.h"

#include <QPointer>
#include <QThread>

#include <algorithm>

namespace pmcp {

namespace {

// The timer looks at the clock at least this often, so a changed clock or a suspended machine
// delays a report by at most a minute.
constexpr qint64 kPollMs = 60'000;

Alert reportAlert(const DailyHealthReport &report)
{
    Alert alert;
    alert.id = Alert::newId();
    alert.key = QStringLiteral("health.report");
    alert.kind = Alert::Kind::Report;
    const DailyCheck::Status worst = report.worst();
    alert.severity = worst == DailyCheck::Status::Failed    ? Alert::Severity::Critical
                     : worst == DailyCheck::Status::Warning ? Alert::Severity::Warning
                                                            : Alert::Severity::Info;
    alert.title = QStringLiteral("Daily health report: %1").arg(DailyCheck::statusName(worst));
    alert.message = report.text();
    alert.time = QDateTime::currentDateTimeUtc();
    return alert;
}

} // namespace

HealthReportScheduler::HealthReportScheduler(BackupSchedule schedule, Runner runner,
                                             AlertService *alerts, QObject *parent)
    : QObject(parent)
    , m_schedule(std::move(schedule))
    , m_runner(std::move(runner))
    , m_alerts(alerts)
    , m_clock([] { return QDateTime::currentDateTime(); })
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HealthReportScheduler::poll);
}

HealthReportScheduler::~HealthReportScheduler()
{
    if (m_worker) {
        m_worker->wait();
        delete m_worker;
    }
}

void HealthReportScheduler::start()
{
    m_next = m_schedule.nextAfter(m_clock());
    qCInfo(lcApp, "health report %s; next at %s", qPrintable(m_schedule.describe()),
           qPrintable(m_next.toString(Qt::ISODate)));
    arm();
}

void HealthReportScheduler::poll()
{
    const QDateTime now = m_clock();
    if (m_next.isValid() && now >= m_next) {
        m_next = m_schedule.nextAfter(now);
        run();
    }
    arm();
}

void HealthReportScheduler::arm()
{
    const qint64 untilNext = m_clock().msecsTo(m_next);
    m_timer.start(int(std::clamp<qint64>(untilNext, 0, kPollMs)));
}

void HealthReportScheduler::run()
{
    if (m_worker && !m_worker->isFinished()) {
        qCWarning(lcApp, "the previous health report is still running; skipping this one");
        return;
    }
    delete m_worker;
    QPointer<HealthReportScheduler> self(this);
    m_worker = QThread::create([self, runner = m_runner] {
        const DailyHealthReport report = runner();
        QMetaObject::invokeMethod(
            self,
            [self, report] {
                if (!self)
                    return;
                if (self->m_alerts)
                    self->m_alerts->submit(reportAlert(report));
                emit self->sent(report);
            },
            Qt::QueuedConnection);
    });
    m_worker->start();
}

} // namespace pmcp
