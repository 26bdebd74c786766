#include "desktop/app/Keychain.h"

#include <QPointer>
#include <qt6keychain/keychain.h>

namespace pmcp {

const QString Keychain::kDefaultService = QStringLiteral("proxmox-mcp-desktop");

namespace {

Error failure(const QKeychain::Job &job)
{
    switch (job.error()) {
    case QKeychain::NoBackendAvailable:
        return {ErrorCode::Unavailable,
                Keychain::tr("No keychain is available (%1), so the admin token cannot be kept. "
                             "Start the desktop's keychain (for example GNOME Keyring or KWallet) "
                             "and try again.")
                    .arg(job.errorString())};
    case QKeychain::EntryNotFound:
        return {ErrorCode::NotFound,
                Keychain::tr("The keychain holds no admin token for \"%1\".").arg(job.key())};
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return {ErrorCode::PermissionDenied,
                Keychain::tr("The keychain refused access: %1").arg(job.errorString())};
    default:
        return {ErrorCode::Unavailable,
                Keychain::tr("The keychain failed: %1").arg(job.errorString())};
    }
}

// Every job: never the plaintext fallback, deleted when done.
template <typename JobType>
JobType *prepared(JobType *job, const QString &key)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}

} // namespace

Keychain::Keychain(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{}

void Keychain::read(const QString &key, QObject *context,
                    std::function<void(Result<QByteArray>)> done)
{
    auto *job = prepared(new QKeychain::ReadPasswordJob(m_service, this), key);
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [job, guard, context, done](QKeychain::Job *) {
        if (context && !guard)
            return;
        if (job->error() != QKeychain::NoError)
            return done(failure(*job));
        done(job->binaryData());
    });
    job->start();
}

void Keychain::write(const QString &key, const QByteArray &secret, QObject *context,
                     std::function<void(Result<void>)> done)
{
    auto *job = prepared(new QKeychain::WritePasswordJob(m_service, this), key);
    job->setBinaryData(secret);
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [job, guard, context, done](QKeychain::Job *) {
        if (context && !guard)
            return;
        if (job->error() != QKeychain::NoError)
            return done(failure(*job));
        done({});
    });
    job->start();
}

void Keychain::remove(const QString &key, QObject *context, std::function<void(Result<void>)> done)
{
    auto *job = prepared(new QKeychain::DeletePasswordJob(m_service, this), key);
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [job, guard, context, done](QKeychain::Job *) {
        if (context && !guard)
            return;
        if (job->error() != QKeychain::NoError && job->error() != QKeychain::EntryNotFound)
            return done(failure(*job));
        done({});
    });
    job->start();
}

} // namespace pmcp
