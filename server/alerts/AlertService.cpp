#include "server/alerts/AlertService.h"

#include "server/alerts/AlertMessage.h"
#include "server/alerts/AlertsLogCategory.h"
#include "server/alerts/CurlTransport.h"
#include "server/events/EventBus.h"

#include <QHostInfo>
#include <QJsonArray>
#include <QThread>

#include <algorithm>

namespace pmcp {

AlertService::AlertService(Options options, EventBus *events, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_events(events)
    , m_engine(m_options.authFailureBurst)
    , m_store(m_options.stateDir)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    CurlTransport::initialize();
    if (m_options.host.isEmpty())
        m_options.host = QHostInfo::localHostName();
    auto loaded = m_store.load();
    if (loaded.ok()) {
        m_state = loaded.value();
    } else {
        // The damaged file is kept for a look and replaced at the next change.
        m_problem = loaded.error().message;
        qCWarning(lcAlerts, "starting with no queued alerts: %s", qPrintable(m_problem));
    }
    // A restart is the moment to try again what is still queued.
    const QDateTime now = m_clock();
    for (AlertStore::Delivery &delivery : m_state.queue)
        delivery.nextAttempt = now;
    m_engine.restoreActive(m_state.active);
    connect(&m_engine, &AlertEngine::alert, this, &AlertService::submit);
    // On the next turn of the event loop: an alert published from inside another event's
    // delivery would reach the stream's clients before it, out of id order.
    if (m_events)
        connect(m_events, &EventBus::published, &m_engine, [this](const AdminEvent &event) {
            QMetaObject::invokeMethod(
                &m_engine, [this, event] { m_engine.observe(event); }, Qt::QueuedConnection);
        });
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &AlertService::pump);
    QTimer::singleShot(0, this, &AlertService::pump);
}

AlertService::~AlertService()
{
    for (QThread *thread : m_threads) {
        thread->wait();
        delete thread;
    }
}

void AlertService::setRetryDelays(qint64 firstMs, qint64 maxMs)
{
    m_firstRetryMs = firstMs;
    m_maxRetryMs = maxMs;
}

void AlertService::submit(const Alert &alert)
{
    qCInfo(lcAlerts, "%s %s: %s", qPrintable(Alert::kindName(alert.kind)), qPrintable(alert.key),
           qPrintable(alert.title));
    if (m_events) {
        const bool cleared = alert.kind == Alert::Kind::Cleared;
        m_events->publish(QLatin1String(cleared ? EventType::AlertCleared : EventType::AlertRaised),
                          {{QStringLiteral("id"), alert.id},
                           {QStringLiteral("alert"), alert.key},
                           {QStringLiteral("kind"), Alert::kindName(alert.kind)},
                           {QStringLiteral("severity"), Alert::severityName(alert.severity)},
                           {QStringLiteral("title"), alert.title},
                           {QStringLiteral("message"), alert.message}});
    }
    AlertStore::Recent recent{alert, {}};
    const QDateTime now = m_clock();
    for (const AlertChannel &channel : m_options.channels) {
        recent.channels.insert(channel.name, QStringLiteral("queued"));
        m_state.queue.append({channel.name, alert, 0, now, {}});
    }
    m_state.recent.append(recent);
    while (m_state.recent.size() > AlertStore::kRecentKept)
        m_state.recent.removeFirst();
    trimQueue();
    m_state.active = m_engine.active();
    save();
    pump();
}

void AlertService::trimQueue()
{
    while (m_state.queue.size() > m_options.queueMax) {
        const AlertStore::Delivery dropped = m_state.queue.takeFirst();
        ++m_state.dropped;
        qCWarning(lcAlerts, "the alert queue is full (%d): dropped %s for %s", m_options.queueMax,
                  qPrintable(dropped.alert.key), qPrintable(dropped.channel));
        recordRecent(dropped.alert.id, dropped.channel,
                     QStringLiteral("failed: dropped, the queue was full"));
    }
}

void AlertService::reconfigure(QList<AlertChannel> channels, int queueMax, qint64 authFailureBurst)
{
    QStringList names;
    for (const AlertChannel &channel : channels)
        names.append(channel.name);
    qCInfo(lcAlerts, "alert channels now: %s; queue bound %d; auth.failures after %lld",
           names.isEmpty() ? "none" : qPrintable(names.join(QStringLiteral(", "))), queueMax,
           static_cast<long long>(authFailureBurst));
    m_options.channels = std::move(channels);
    m_options.queueMax = queueMax;
    m_options.authFailureBurst = authFailureBurst;
    m_engine.setAuthFailureBurst(authFailureBurst);
    trimQueue();
    save();
    pump();
}

void AlertService::save()
{
    if (const auto saved = m_store.save(m_state); !saved.ok()) {
        m_problem = saved.error().message;
        qCWarning(lcAlerts, "cannot write the alert queue: %s", qPrintable(m_problem));
    } else {
        m_problem.clear();
    }
}

void AlertService::recordRecent(const QString &alertId, const QString &channel,
                                const QString &status)
{
    for (AlertStore::Recent &recent : m_state.recent) {
        if (recent.alert.id == alertId)
            recent.channels.insert(channel, status);
    }
}

void AlertService::runOff(std::function<Result<void>()> work,
                          std::function<void(Result<void>)> done)
{
    reapThreads();
    QPointer<AlertService> self(this);
    QThread *thread = QThread::create([self, work = std::move(work), done = std::move(done)] {
        const Result<void> result = work();
        QMetaObject::invokeMethod(
            self,
            [self, done, result] {
                if (self)
                    done(result);
            },
            Qt::QueuedConnection);
    });
    m_threads.push_back(thread);
    thread->start();
}

void AlertService::reapThreads()
{
    std::erase_if(m_threads, [](QThread *thread) {
        if (!thread->isFinished())
            return false;
        delete thread;
        return true;
    });
}

void AlertService::pump()
{
    if (m_inFlight)
        return;
    const QDateTime now = m_clock();
    QDateTime next;
    for (qsizetype i = 0; i < m_state.queue.size(); ++i) {
        const AlertStore::Delivery &delivery = m_state.queue.at(i);
        const auto channel = AlertChannel::find(m_options.channels, delivery.channel);
        if (!channel) {
            // The channel was removed from the configuration since it was queued.
            qCInfo(lcAlerts, "dropping %s for %s: the channel is no longer configured",
                   qPrintable(delivery.alert.key), qPrintable(delivery.channel));
            m_state.queue.removeAt(i);
            save();
            return pump();
        }
        if (delivery.nextAttempt > now) {
            if (!next.isValid() || delivery.nextAttempt < next)
                next = delivery.nextAttempt;
            continue;
        }
        m_inFlight = true;
        const AlertMessage message =
            AlertMessage::render(*channel, delivery.alert, m_options.host, now.toSecsSinceEpoch());
        const QString id = delivery.alert.id;
        const QString name = delivery.channel;
        runOff([message] { return CurlTransport::send(message, kTransferTimeoutMs); },
               [this, id, name](const Result<void> &result) { finished(id, name, result); });
        return;
    }
    if (next.isValid())
        m_retryTimer.start(int(std::clamp<qint64>(now.msecsTo(next), 0, m_maxRetryMs)));
}

void AlertService::finished(const QString &alertId, const QString &channel,
                            const Result<void> &result)
{
    m_inFlight = false;
    const auto found = std::find_if(
        m_state.queue.begin(), m_state.queue.end(), [&](const AlertStore::Delivery &delivery) {
            return delivery.alert.id == alertId && delivery.channel == channel;
        });
    const QString error = result.ok() ? QString() : result.error().message;
    if (found != m_state.queue.end()) {
        if (result.ok()) {
            recordRecent(alertId, channel, QStringLiteral("sent"));
            m_state.queue.erase(found);
        } else if (++found->attempts >= kMaxAttempts) {
            qCWarning(lcAlerts, "giving up %s for %s after %d attempts: %s",
                      qPrintable(found->alert.key), qPrintable(channel), found->attempts,
                      qPrintable(error));
            recordRecent(alertId, channel, QStringLiteral("failed: ") + error);
            m_state.queue.erase(found);
        } else {
            const qint64 delay =
                std::min(m_maxRetryMs, m_firstRetryMs << std::min(found->attempts - 1, 20));
            found->nextAttempt = m_clock().addMSecs(delay);
            found->lastError = error;
            qCInfo(lcAlerts, "%s for %s failed (attempt %d), retrying in %lld s: %s",
                   qPrintable(found->alert.key), qPrintable(channel), found->attempts, delay / 1000,
                   qPrintable(error));
            recordRecent(alertId, channel, QStringLiteral("retrying: ") + error);
        }
        save();
    }
    emit attempted(alertId, channel, result.ok(), error);
    pump();
}

Result<void> AlertService::sendTest(const QString &channelName, Done done)
{
    const auto channel = AlertChannel::find(m_options.channels, channelName);
    if (!channel)
        return Error::notFound(QStringLiteral("no alert channel %1 is configured (configured: %2)")
                                   .arg(channelName, [this] {
                                       QStringList names;
                                       for (const AlertChannel &c : m_options.channels)
                                           names.append(c.name);
                                       return names.isEmpty() ? QStringLiteral("none")
                                                              : names.join(QLatin1String(", "));
                                   }()));
    Alert alert;
    alert.id = Alert::newId();
    alert.key = QStringLiteral("test");
    alert.kind = Alert::Kind::Test;
    alert.severity = Alert::Severity::Info;
    alert.title = QStringLiteral("Test alert from proxmox-mcp");
    alert.message =
        QStringLiteral("This is a test of the %1 alert channel: it works.").arg(channelName);
    alert.time = m_clock();
    const AlertMessage message =
        AlertMessage::render(*channel, alert, m_options.host, alert.time.toSecsSinceEpoch());
    runOff([message] { return CurlTransport::send(message, kTransferTimeoutMs); },
           [done](const Result<void> &result) {
               if (done)
                   done(result);
           });
    return {};
}

QJsonObject AlertService::toJson(int limit) const
{
    QJsonArray channels;
    for (const AlertChannel &channel : m_options.channels)
        channels.append(channel.name);
    QJsonArray active;
    for (const Alert &alert : m_engine.active())
        active.append(alert.toJson());
    QJsonArray recent;
    for (qsizetype i = m_state.recent.size() - 1; i >= 0 && recent.size() < limit; --i) {
        const AlertStore::Recent &entry = m_state.recent.at(i);
        QJsonObject deliveries;
        for (auto it = entry.channels.begin(); it != entry.channels.end(); ++it)
            deliveries.insert(it.key(), it.value());
        QJsonObject json = entry.alert.toJson();
        json.insert(QStringLiteral("deliveries"), deliveries);
        recent.append(json);
    }
    return {{QStringLiteral("channels"), channels},
            {QStringLiteral("active"), active},
            {QStringLiteral("recent"), recent},
            {QStringLiteral("queued"), queued()},
            {QStringLiteral("dropped"), m_state.dropped}};
}

} // namespace pmcp
