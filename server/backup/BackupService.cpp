#include "server/backup/BackupService.h"

#include "server/backup/BackupLogCategory.h"
#include "server/events/EventBus.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QThread>

namespace pmcp {

namespace {

BackupService::Outcome failure(const Error &error)
{
    return {false, error.code, {{QStringLiteral("message"), error.message}}};
}

} // namespace

BackupService::BackupService(Config config, QString configPath, EventBus *events, QObject *parent)
    : QObject(parent)
    , m_operations(std::move(config), std::move(configPath))
    , m_events(events)
{}

BackupService::~BackupService()
{
    // A running operation finishes first: stopping it halfway could leave a partial restore.
    if (m_worker) {
        m_worker->wait();
        delete m_worker;
    }
}

void BackupService::progress(const QString &operation, const QString &name, const QString &step,
                             int percent)
{
    // At most one event per 5 % and per step.
    if (step == m_lastStep && percent < m_lastPercent + 5 && percent != 100)
        return;
    m_lastStep = step;
    m_lastPercent = percent;
    if (m_events)
        m_events->publish(QLatin1String(EventType::BackupProgress),
                          {{QStringLiteral("operation"), operation},
                           {QStringLiteral("name"), name},
                           {QStringLiteral("step"), step},
                           {QStringLiteral("percent"), percent}});
}

Result<void> BackupService::run(const QString &operation, const QString &name, Work work, Done done)
{
    if (m_busy)
        return Error{ErrorCode::Conflict,
                     QStringLiteral("another backup operation is running; try again when it has "
                                    "finished (backup.finished on the event stream)")};
    m_busy = true;
    m_lastStep.clear();
    m_lastPercent = -1;
    if (m_worker) {
        m_worker->wait();
        delete m_worker;
        m_worker = nullptr;
    }
    QPointer<BackupService> self(this);
    m_worker = QThread::create([self, operation, name, work = std::move(work),
                                done = std::move(done)] {
        const BackupOperations::Progress report = [self, operation, name](const QString &step,
                                                                          int percent) {
            QMetaObject::invokeMethod(
                self,
                [self, operation, name, step, percent] {
                    if (self)
                        self->progress(operation, name, step, percent);
                },
                Qt::QueuedConnection);
        };
        const Outcome outcome = work(report);
        QMetaObject::invokeMethod(
            self,
            [self, operation, name, outcome, done] {
                if (!self)
                    return;
                self->m_busy = false;
                QJsonObject data{{QStringLiteral("operation"), operation},
                                 {QStringLiteral("ok"), outcome.ok}};
                const QString resultName = outcome.result[QLatin1String("name")].toString();
                data.insert(QStringLiteral("name"), resultName.isEmpty() ? name : resultName);
                if (!outcome.ok)
                    data.insert(QStringLiteral("error"),
                                outcome.result[QLatin1String("message")].toString());
                if (self->m_events)
                    self->m_events->publish(QLatin1String(EventType::BackupFinished), data);
                if (outcome.ok && operation == QLatin1String("restore")) {
                    QStringList parts;
                    for (const QJsonValue &part : outcome.result[QLatin1String("parts")].toArray())
                        parts.append(part.toString());
                    emit self->restored(parts,
                                        outcome.result[QLatin1String("configRestored")].toBool());
                }
                if (done)
                    done(outcome);
            },
            Qt::QueuedConnection);
    });
    m_worker->start();
    return {};
}

Result<void> BackupService::create(Done done)
{
    const BackupOperations operations = m_operations;
    return run(
        QStringLiteral("create"), {},
        [operations](const BackupOperations::Progress &progress) {
            const auto entry = operations.create({}, {}, progress);
            if (!entry.ok())
                return failure(entry.error());
            return Outcome{true, ErrorCode::Internal,
                           entry.value().toJson(QDateTime::currentDateTimeUtc())};
        },
        std::move(done));
}

Result<void> BackupService::verify(const QString &name, Done done)
{
    const auto entry = store().find(name);
    if (!entry.ok())
        return entry.error();
    const BackupOperations operations = m_operations;
    const QString path = entry.value().path;
    return run(
        QStringLiteral("verify"), name,
        [operations, path, name](const BackupOperations::Progress &progress) {
            const BackupCheck check = operations.verify(path, progress);
            QJsonObject result{{QStringLiteral("name"), name},
                               {QStringLiteral("ok"), check.ok},
                               {QStringLiteral("files"), check.filesChecked},
                               {QStringLiteral("message"), check.message()}};
            if (!check.ok)
                result.insert(QStringLiteral("firstBadFile"), check.firstBadFile);
            return Outcome{true, ErrorCode::Internal, result};
        },
        std::move(done));
}

Result<void> BackupService::restore(const QString &name, const QStringList &parts, Done done)
{
    const auto entry = store().find(name);
    if (!entry.ok())
        return entry.error();
    for (const QString &part : parts) {
        if (!BackupPart::isValid(part))
            return Error::invalid(QStringLiteral("only: no part \"%1\" (parts: %2)")
                                      .arg(part, BackupPart::all().join(QStringLiteral(", "))));
    }
    const BackupOperations operations = m_operations;
    const QString path = entry.value().path;
    return run(
        QStringLiteral("restore"), name,
        [operations, path, parts, name](const BackupOperations::Progress &progress) {
            const auto restored = operations.restore(path, parts, progress);
            if (!restored.ok())
                return failure(restored.error());
            const RestoreReport &report = restored.value().report;
            return Outcome{
                true,
                ErrorCode::Internal,
                {{QStringLiteral("name"), name},
                 {QStringLiteral("parts"), QJsonArray::fromStringList(report.parts)},
                 {QStringLiteral("files"), int(report.files.size())},
                 {QStringLiteral("configRestored"), report.configRestored},
                 {QStringLiteral("restartNeeded"), report.configRestored},
                 {QStringLiteral("savedAs"), QFileInfo(restored.value().savedAs).fileName()}}};
        },
        std::move(done));
}

} // namespace pmcp
