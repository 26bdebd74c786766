#include "server/alerts/AlertEngine.h"

#include "server/events/EventBus.h"

#include <algorithm>

namespace pmcp {

namespace {

QString str(const QJsonObject &data, const char *name)
{
    return data.value(QLatin1String(name)).toString();
}

} // namespace

AlertEngine::AlertEngine(qint64 authFailureBurst, QObject *parent)
    : QObject(parent)
    , m_authFailureBurst(authFailureBurst)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    connect(&m_timer, &QTimer::timeout, this, [this] { evaluate(); });
}

void AlertEngine::start(int intervalMs)
{
    evaluate();
    m_timer.start(intervalMs);
}

Alert AlertEngine::make(Alert::Kind kind, const QString &key, Alert::Severity severity,
                        const QString &title, const QString &message) const
{
    Alert alert;
    alert.id = Alert::newId();
    alert.key = key;
    alert.kind = kind;
    alert.severity = severity;
    alert.title = title;
    alert.message = message;
    alert.time = m_clock().toUTC();
    return alert;
}

void AlertEngine::raise(const QString &key, Alert::Severity severity, const QString &title,
                        const QString &message)
{
    const auto found = m_active.constFind(key);
    if (found != m_active.cend() && found->severity >= severity)
        return; // deduplicated: the condition was already announced
    const Alert alert = make(Alert::Kind::Raised, key, severity, title, message);
    m_active.insert(key, alert);
    emit this->alert(alert);
}

void AlertEngine::clear(const QString &key, const QString &message)
{
    const auto found = m_active.constFind(key);
    if (found == m_active.cend())
        return;
    const Alert raised = *found;
    m_active.erase(found);
    emit alert(make(Alert::Kind::Cleared, key, Alert::Severity::Info,
                    QStringLiteral("Recovered: ") + raised.title, message));
}

void AlertEngine::notice(const QString &key, Alert::Severity severity, const QString &title,
                         const QString &message)
{
    const QDateTime now = m_clock().toUTC();
    Quiet &quiet = m_notices[key];
    if (quiet.last.isValid() && quiet.last.secsTo(now) < kNoticeQuietSeconds) {
        ++quiet.suppressed;
        return;
    }
    QString text = message;
    if (quiet.suppressed > 0)
        text += QStringLiteral(" (%1 more of these since %2 were not sent one by one)")
                    .arg(quiet.suppressed)
                    .arg(quiet.last.toString(Qt::ISODate));
    quiet = {now, 0};
    emit alert(make(Alert::Kind::Notice, key, severity, title, text));
}

QList<Alert> AlertEngine::active() const
{
    QList<Alert> list = m_active.values();
    std::sort(list.begin(), list.end(),
              [](const Alert &a, const Alert &b) { return a.time < b.time; });
    return list;
}

void AlertEngine::restoreActive(const QList<Alert> &alerts)
{
    for (const Alert &alert : alerts) {
        if (alert.kind == Alert::Kind::Raised)
            m_active.insert(alert.key, alert);
    }
}

void AlertEngine::evaluate()
{
    if (m_source)
        evaluate(m_source());
}

void AlertEngine::evaluate(const Snapshot &snapshot)
{
    evaluateChecks(snapshot.checks);
    evaluateTargets(snapshot.targets);
    if (snapshot.authFailuresTotal)
        evaluateAuthFailures(*snapshot.authFailuresTotal);
    evaluateCredentials(snapshot.credentials);
}

void AlertEngine::clearOthers(const QString &prefix, const QStringList &keep,
                              const QString &message)
{
    const QStringList keys = m_active.keys();
    for (const QString &key : keys) {
        if (key.startsWith(prefix) && !keep.contains(key))
            clear(key, message);
    }
}

void AlertEngine::evaluateChecks(const QList<Check> &checks)
{
    // The Proxmox check sums up the targets, which have conditions of their own.
    for (const Check &check : checks) {
        if (check.name == QLatin1String("proxmox"))
            continue;
        const bool failed = check.status == QLatin1String("fail");
        const bool warns = check.status == QLatin1String("warn");
        // A late or failed scheduled backup is the "overdue backup" condition.
        const QString key = check.name == QLatin1String("backup")
                                ? QStringLiteral("backup.overdue")
                                : QStringLiteral("health.") + check.name;
        if (failed || warns) {
            const QString title =
                key == QLatin1String("backup.overdue")
                    ? QStringLiteral("The scheduled backup is overdue or failed")
                    : QStringLiteral("proxmox-mcpd is %1: %2")
                          .arg(failed ? QStringLiteral("unhealthy") : QStringLiteral("degraded"),
                               check.name);
            raise(key, failed ? Alert::Severity::Critical : Alert::Severity::Warning, title,
                  check.detail);
        } else {
            clear(key,
                  QStringLiteral("%1 is %2 again: %3").arg(check.name, check.status, check.detail));
        }
    }
}

void AlertEngine::evaluateTargets(const QList<Target> &targets)
{
    for (const Target &target : targets) {
        const QString key = QStringLiteral("proxmox.unreachable:") + target.name;
        if (target.status == QLatin1String("fail"))
            raise(key, Alert::Severity::Critical,
                  QStringLiteral("Proxmox target %1 is unreachable").arg(target.name),
                  target.detail);
        else if (target.status == QLatin1String("ok") || target.status == QLatin1String("warn"))
            clear(key, QStringLiteral("Proxmox target %1 answers again: %2")
                           .arg(target.name, target.detail));
        const QString nodePrefix = QStringLiteral("proxmox.node:%1/").arg(target.name);
        QStringList offline;
        for (const QString &node : target.offlineNodes) {
            offline.append(nodePrefix + node);
            raise(nodePrefix + node, Alert::Severity::Warning,
                  QStringLiteral("Node %1 of Proxmox target %2 is offline").arg(node, target.name),
                  QStringLiteral("The cluster reports node %1 offline: guests on it are not "
                                 "reachable.")
                      .arg(node));
        }
        if (target.status != QLatin1String("fail")) // nodes are only known from an answer
            clearOthers(nodePrefix, offline,
                        QStringLiteral("The cluster reports the node online again."));
    }
}

void AlertEngine::evaluateAuthFailures(qint64 total)
{
    const QDateTime now = m_clock().toUTC();
    m_authSamples.emplace_back(now, total);
    // The oldest sample kept is the newest one at least a window old: the count since then
    // covers the whole window.
    while (m_authSamples.size() > 1 && m_authSamples[1].first.secsTo(now) >= kAuthWindowSeconds)
        m_authSamples.pop_front();
    if (m_authFailureBurst <= 0)
        return;
    const qint64 inWindow = total - m_authSamples.front().second;
    const QString key = QStringLiteral("auth.failures");
    if (inWindow >= m_authFailureBurst)
        raise(key, Alert::Severity::Warning, QStringLiteral("A burst of failed authentications"),
              QStringLiteral("%1 bearer tokens were refused within %2 minutes: someone is "
                             "guessing, or a client uses a revoked token (the request log "
                             "names the addresses).")
                  .arg(inWindow)
                  .arg(kAuthWindowSeconds / 60));
    else if (inWindow == 0)
        clear(key, QStringLiteral("No bearer token was refused in the last %1 minutes.")
                       .arg(kAuthWindowSeconds / 60));
}

void AlertEngine::evaluateCredentials(const QList<Credential> &credentials)
{
    for (const Credential &credential : credentials) {
        const QString key = QStringLiteral("credential.age:") + credential.name;
        if (credential.ageDays > credential.rotationDays)
            raise(key, Alert::Severity::Warning,
                  QStringLiteral("The %1 is due for rotation").arg(credential.name),
                  QStringLiteral("The %1 is %2 days old, more than its rotation period of %3 "
                                 "days.")
                      .arg(credential.name)
                      .arg(credential.ageDays)
                      .arg(credential.rotationDays));
        else
            clear(key, QStringLiteral("The %1 is %2 days old.")
                           .arg(credential.name)
                           .arg(credential.ageDays));
    }
}

void AlertEngine::observe(const AdminEvent &event)
{
    const QJsonObject &data = event.data;
    if (event.type == QLatin1String(EventType::CommandDenied)) {
        const QString rule = str(data, "rule");
        notice(QStringLiteral("command.denied:") + rule, Alert::Severity::Warning,
               QStringLiteral("A command was denied (rule %1)").arg(rule),
               QStringLiteral("Client %1 asked %2 to run `%3`: %4")
                   .arg(str(data, "client"), str(data, "tool"), str(data, "command"),
                        str(data, "reason")));
    } else if (event.type == QLatin1String(EventType::ClientRequested)) {
        notice(QStringLiteral("client.requested:") + str(data, "id"), Alert::Severity::Info,
               QStringLiteral("Client %1 asks for access").arg(str(data, "clientName")),
               QStringLiteral("%1 (redirecting to %2) asks for %3 access with code %4; approve "
                              "with `proxmox-mcpd clients approve %5` or in the control center, "
                              "or reject it.")
                   .arg(str(data, "clientName"), str(data, "redirectHost"), str(data, "scope"),
                        str(data, "code"), str(data, "id")));
    } else if (event.type == QLatin1String(EventType::BackupFinished)) {
        const QString operation = str(data, "operation");
        const bool ok = data.value(QLatin1String("ok")).toBool();
        if (operation == QLatin1String("create")) {
            if (ok)
                clear(QStringLiteral("backup.failed"),
                      QStringLiteral("Backup %1 was written.").arg(str(data, "name")));
            else
                raise(QStringLiteral("backup.failed"), Alert::Severity::Critical,
                      QStringLiteral("A backup failed"), str(data, "error"));
        } else if (!ok) {
            notice(QStringLiteral("backup.%1.failed").arg(operation), Alert::Severity::Warning,
                   QStringLiteral("Backup %1 of %2 failed").arg(operation, str(data, "name")),
                   str(data, "error"));
        }
    } else if (event.type == QLatin1String(EventType::HealthChanged) && !m_evaluationQueued) {
        // The watcher publishes from inside its own run of the probes: evaluate after it.
        m_evaluationQueued = true;
        QTimer::singleShot(0, this, [this] {
            m_evaluationQueued = false;
            evaluate();
        });
    }
}

} // namespace pmcp
