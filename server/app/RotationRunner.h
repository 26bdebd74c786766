#pragma once

#include "server/admin/RotationController.h"
#include "server/app/ApiTokenRotation.h"
#include "server/app/SshKeyRotation.h"
#include "shared/config/Config.h"
#include "shared/core/Result.h"

#include <QJsonObject>
#include <QObject>

#include <atomic>
#include <functional>

class QThread;

namespace pmcp {

// The rotations of the admin API (RotationController, docs/ROTATION.md) inside the daemon: what
// GET /api/admin/rotation shows of both credentials, and a rotation started and reported step
// by step on the event loop. SshKeyRotation is synchronous (SSH logins, a backup), so it runs
// on a thread of its own, its reports and the daemon's reload brought to the event loop;
// ApiTokenRotation is asynchronous and runs on the event loop. Destroying the runner waits for
// an SSH rotation in flight (a reload it asks for then fails, and the rotation undoes itself).
class RotationRunner final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RotationRunner)
public:
    struct Options final {
        std::function<Config()> config;       // the configuration as last (re)loaded
        std::function<QString()> configFile;  // where the rotation writes the new credential
        std::function<Result<void>()> reload; // the daemon's reload, on the event loop
    };

    explicit RotationRunner(Options options, QObject *parent = nullptr);
    ~RotationRunner() override;

    // {"sshKey": {…}, "apiToken": {…}, "rotationDays": n} (docs/ADMIN-API.md).
    QJsonObject status() const;
    // kind "ssh-key" or "api-token"; refused (a sentence) when the rotation cannot start: no
    // configuration file, the credential not configured. The callbacks run on the event loop.
    Result<void> start(const QString &kind, bool dryRun, RotationController::Callbacks callbacks);

    // "SHA256:…" of the public half of the key in path, as ssh-keygen -l prints it; empty when
    // the key cannot be read.
    static QString fingerprintOf(const QString &keyPath, const QString &passphrase);

    // Test seams: a fault injected at a step of the next rotations.
    void setSshFault(SshKeyRotation::Fault fault) { m_sshFault = std::move(fault); }
    void setTokenFault(ApiTokenRotation::Fault fault) { m_tokenFault = std::move(fault); }

private:
    Result<void> startSshKey(const Config &config, const QString &file, bool dryRun,
                             const RotationController::Callbacks &callbacks);
    Result<void> startApiToken(const Config &config, const QString &file, bool dryRun,
                               const RotationController::Callbacks &callbacks);
    // The planned steps as reports, then the end: a dry run changes nothing.
    void reportPlan(const QStringList &names, const QStringList &plan,
                    const RotationController::Callbacks &callbacks);
    // The daemon's reload asked from the SSH rotation's thread, run on the event loop.
    Result<void> reloadFromThread();

    Options m_options;
    SshKeyRotation::Fault m_sshFault;
    ApiTokenRotation::Fault m_tokenFault;
    QThread *m_thread = nullptr;
    std::atomic<bool> m_stopping{false};
};

} // namespace pmcp
