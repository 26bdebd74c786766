#include "server/app/RotationRunner.h"

#include "server/app/RotationRecord.h"
#include "server/ssh/SshKeyPair.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QThread>
#include <QTimer>

#include <chrono>
#include <future>
#include <memory>

namespace pmcp {

namespace {

const QString kSshKey = QStringLiteral("ssh-key");
const QString kApiToken = QStringLiteral("api-token");

// The rotations' own states as the admin API names them.
QString stateName(const QString &state)
{
    if (state == QLatin1String("done"))
        return QStringLiteral("ok");
    if (state == QLatin1String("skipped"))
        return QStringLiteral("planned");
    return state; // running, failed, undone
}

QJsonValue timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODate))
                          : QJsonValue(QJsonValue::Null);
}

// Age and due of one credential made at created (invalid: unknown).
void addAge(QJsonObject &entry, const QDateTime &created, int rotationDays)
{
    const int days = RotationRecord::ageDays(created, QDateTime::currentDateTimeUtc());
    entry.insert(QStringLiteral("created"), timeOrNull(created));
    entry.insert(QStringLiteral("ageDays"), days < 0 ? QJsonValue(QJsonValue::Null) : days);
    entry.insert(QStringLiteral("due"), days > rotationDays);
}

// The rotations' refusals ("SSH_HOST is not set: …") as the admin API's sentences.
Error asSentence(Error error)
{
    QString &text = error.message;
    if (!text.isEmpty() && text.at(0).isLower())
        text[0] = text.at(0).toUpper();
    if (!text.isEmpty() && !text.endsWith(u'.') && !text.endsWith(u'?') && !text.endsWith(u'!'))
        text += u'.';
    return error;
}

template <typename Step>
QStringList namesOf(const QList<Step> &steps, QString (*name)(Step))
{
    QStringList names;
    for (const Step step : steps)
        names.append(name(step));
    return names;
}

} // namespace

RotationRunner::RotationRunner(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{}

RotationRunner::~RotationRunner()
{
    m_stopping = true;
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

QString RotationRunner::fingerprintOf(const QString &keyPath, const QString &passphrase)
{
    const auto blob = SshKeyPair::publicBlobOf(keyPath, passphrase);
    if (!blob.ok())
        return {};
    const QByteArray digest = QCryptographicHash::hash(
        QByteArray::fromBase64(blob.value().toLatin1()), QCryptographicHash::Sha256);
    return QStringLiteral("SHA256:") +
           QString::fromLatin1(digest.toBase64(QByteArray::OmitTrailingEquals));
}

QJsonObject RotationRunner::status() const
{
    const Config config = m_options.config();
    const RotationRecord record(config.string(ConfigKey::StateDir));
    const int rotationDays = int(config.integer(ConfigKey::RotationDays));

    const QString keyPath = config.string(ConfigKey::SshKeyPath);
    const bool keyPresent = !keyPath.isEmpty() && QFileInfo(keyPath).isFile();
    QJsonObject sshKey{{QStringLiteral("enabled"), config.boolean(ConfigKey::EnableSsh)},
                       {QStringLiteral("keyPath"), keyPath},
                       {QStringLiteral("present"), keyPresent}};
    const QString fingerprint =
        keyPresent ? fingerprintOf(keyPath, config.string(ConfigKey::SshKeyPassphrase)) : QString();
    sshKey.insert(QStringLiteral("fingerprint"),
                  fingerprint.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(fingerprint));
    addAge(sshKey, record.sshKeyCreated(config), rotationDays);
    sshKey.insert(QStringLiteral("lastRotated"), timeOrNull(record.sshKeyRotated(config)));

    const QString user = config.string(ConfigKey::ProxmoxUser);
    const QString name = config.string(ConfigKey::ProxmoxTokenName);
    QJsonObject apiToken{{QStringLiteral("enabled"), config.boolean(ConfigKey::EnableProxmoxApi)},
                         {QStringLiteral("tokenId"), user.isEmpty() || name.isEmpty()
                                                         ? QJsonValue(QJsonValue::Null)
                                                         : QJsonValue(user + u'!' + name)}};
    // A token's age is known only when `rotate` made it: then it was also last rotated then.
    const QDateTime tokenCreated = record.apiTokenCreated(config);
    addAge(apiToken, tokenCreated, rotationDays);
    apiToken.insert(QStringLiteral("lastRotated"), timeOrNull(tokenCreated));

    return {{QStringLiteral("sshKey"), sshKey},
            {QStringLiteral("apiToken"), apiToken},
            {QStringLiteral("rotationDays"), rotationDays}};
}

Result<void> RotationRunner::start(const QString &kind, bool dryRun,
                                   RotationController::Callbacks callbacks)
{
    const QString file = m_options.configFile();
    if (file.isEmpty())
        return Error{ErrorCode::Conflict,
                     QStringLiteral("This daemon was not started from a configuration file, so a "
                                    "rotation has nowhere to write the new credential.")};
    const Config config = m_options.config();
    if (kind == kSshKey) {
        if (!config.boolean(ConfigKey::EnableSsh))
            return Error{ErrorCode::Conflict,
                         QStringLiteral("SSH is off on this daemon (ENABLE_SSH=false), so it has "
                                        "no SSH key in use to rotate.")};
        return startSshKey(config, file, dryRun, callbacks);
    }
    if (kind == kApiToken) {
        if (!config.boolean(ConfigKey::EnableProxmoxApi))
            return Error{ErrorCode::Conflict,
                         QStringLiteral("The Proxmox API is off on this daemon "
                                        "(ENABLE_PROXMOX_API=false), so it has no API token in use "
                                        "to rotate.")};
        return startApiToken(config, file, dryRun, callbacks);
    }
    return Error::invalid(QStringLiteral("There is no rotation of \"%1\"; use ssh-key or "
                                         "api-token.")
                              .arg(kind));
}

void RotationRunner::reportPlan(const QStringList &names, const QStringList &plan,
                                const RotationController::Callbacks &callbacks)
{
    // After the 202: the planned steps arrive as events, as a real rotation's do.
    QTimer::singleShot(0, this, [names, plan, callbacks] {
        for (qsizetype i = 0; i < names.size(); ++i) {
            QString line = i < plan.size() ? plan.at(i) : QString();
            if (line.startsWith(names.at(i) + QStringLiteral(": ")))
                line = line.mid(names.at(i).size() + 2);
            callbacks.step(
                {int(i) + 1, int(names.size()), names.at(i), QStringLiteral("planned"), line});
        }
        callbacks.finished(
            {true,
             QStringLiteral("Dry run: the %1 steps above would run; nothing was changed.")
                 .arg(names.size()),
             {}});
    });
}

Result<void> RotationRunner::reloadFromThread()
{
    auto promise = std::make_shared<std::promise<Result<void>>>();
    std::future<Result<void>> answer = promise->get_future();
    QMetaObject::invokeMethod(
        this,
        [this, promise] {
            promise->set_value(m_options.reload ? m_options.reload() : Result<void>{});
        },
        Qt::QueuedConnection);
    while (answer.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
        if (m_stopping)
            return Error{ErrorCode::Cancelled,
                         QStringLiteral("the daemon is stopping and cannot reload")};
    }
    return answer.get();
}

Result<void> RotationRunner::startSshKey(const Config &config, const QString &file, bool dryRun,
                                         const RotationController::Callbacks &callbacks)
{
    const QStringList names = namesOf(SshKeyRotation::steps(), &SshKeyRotation::stepName);
    // plan() checks what the rotation needs (SSH on, a key, the host) without touching anything.
    const auto plan = SshKeyRotation(config, file).plan();
    if (!plan.ok())
        return asSentence(plan.error());
    if (dryRun) {
        reportPlan(names, plan.value(), callbacks);
        return {};
    }
    if (m_thread) { // the previous rotation's thread has ended: finished came after it
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    const QString oldKey = config.string(ConfigKey::SshKeyPath);
    const QString passphrase = config.string(ConfigKey::SshKeyPassphrase);
    m_thread = QThread::create([this, config, file, names, oldKey, passphrase, callbacks,
                                fault = m_sshFault] {
        SshKeyRotation rotation(config, file);
        rotation.setFault(fault);
        rotation.setReload([this] { return reloadFromThread(); });
        const int total = int(names.size());
        const auto outcome =
            rotation.run([this, total, callbacks](SshKeyRotation::Step step, const QString &state,
                                                  const QString &detail) {
                const int index = int(SshKeyRotation::steps().indexOf(step)) + 1;
                const RotationController::StepReport report{
                    index, total, SshKeyRotation::stepName(step), stateName(state), detail};
                QMetaObject::invokeMethod(
                    this, [callbacks, report] { callbacks.step(report); }, Qt::QueuedConnection);
            });
        RotationController::Finish finish;
        if (outcome.ok()) {
            const SshKeyRotation::Outcome &done = outcome.value();
            finish.ok = true;
            finish.message = QStringLiteral("The SSH key was rotated: SSH_KEY_PATH is now %1, "
                                            "and the old key is kept only in the backup %2.")
                                 .arg(done.newKeyPath, done.backupName);
            finish.result = {
                {QStringLiteral("keyPath"), done.newKeyPath},
                {QStringLiteral("fingerprint"), fingerprintOf(done.newKeyPath, passphrase)},
                {QStringLiteral("backup"), done.backupName},
                {QStringLiteral("configVersion"), done.configVersion}};
        } else {
            finish.message = QStringLiteral("The rotation failed and was undone; the old key %1 "
                                            "logs in as before: %2")
                                 .arg(oldKey, outcome.error().message);
        }
        QMetaObject::invokeMethod(
            this, [callbacks, finish] { callbacks.finished(finish); }, Qt::QueuedConnection);
    });
    m_thread->setObjectName(QStringLiteral("ssh-key-rotation"));
    m_thread->start();
    return {};
}

Result<void> RotationRunner::startApiToken(const Config &config, const QString &file, bool dryRun,
                                           const RotationController::Callbacks &callbacks)
{
    const QStringList names = namesOf(ApiTokenRotation::steps(), &ApiTokenRotation::stepName);
    auto *rotation = new ApiTokenRotation(config, file, this);
    const auto plan = rotation->plan();
    if (!plan.ok()) {
        delete rotation;
        return asSentence(plan.error());
    }
    if (dryRun) {
        delete rotation;
        reportPlan(names, plan.value(), callbacks);
        return {};
    }
    rotation->setFault(m_tokenFault);
    rotation->setReload(m_options.reload);
    const QString oldName =
        config.string(ConfigKey::ProxmoxUser) + u'!' + config.string(ConfigKey::ProxmoxTokenName);
    const int total = int(names.size());
    rotation->run(
        [total, callbacks](ApiTokenRotation::Step step, const QString &state,
                           const QString &detail) {
            callbacks.step({int(ApiTokenRotation::steps().indexOf(step)) + 1, total,
                            ApiTokenRotation::stepName(step), stateName(state), detail});
        },
        [rotation, oldName, callbacks](const Result<ApiTokenRotation::Outcome> &outcome) {
            RotationController::Finish finish;
            if (outcome.ok()) {
                const ApiTokenRotation::Outcome &done = outcome.value();
                finish.ok = true;
                finish.message =
                    QStringLiteral("The API token was rotated: the daemon now calls Proxmox as "
                                   "%1 (%2 ACL rows copied), and %3 is deleted.")
                        .arg(done.newTokenId)
                        .arg(done.aclRows)
                        .arg(done.oldTokenId);
                finish.result = {{QStringLiteral("tokenId"), done.newTokenId},
                                 {QStringLiteral("previousTokenId"), done.oldTokenId},
                                 {QStringLiteral("aclRows"), done.aclRows},
                                 {QStringLiteral("configVersion"), done.configVersion}};
            } else {
                finish.message = QStringLiteral("The rotation failed and was undone; the token "
                                                "%1 works as before: %2")
                                     .arg(oldName, outcome.error().message);
            }
            rotation->deleteLater();
            callbacks.finished(finish);
        });
    return {};
}

} // namespace pmcp
