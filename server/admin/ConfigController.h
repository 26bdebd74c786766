#pragma once

#include "server/http/HttpRouter.h"
#include "shared/config/ConfigEditor.h"
#include "shared/core/Result.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace pmcp {

// The configuration routes of the admin API (docs/ADMIN-API.md, "Configuration"): read every
// setting (secrets only as set or not), validate proposed changes with check-config's validator,
// apply them (ConfigEditor: atomic, the old file kept as a version) and have the daemon reload,
// the kept versions, a diff between two, and a rollback.
class ConfigController final {
public:
    struct Options {
        // The daemon's configuration file; empty when it was started without one (then every
        // route answers 409).
        std::function<QString()> configPath;
        QString stateDir;
        std::function<QProcessEnvironment()> environment;
        // Re-read the file and apply what can be applied live (Daemon::reload()).
        std::function<Result<ConfigReload>()> reload;
        // Keys whose value in the file waits for a restart.
        std::function<QStringList()> restartNeeded;
    };

    explicit ConfigController(Options options);

    void registerRoutes(HttpRouter &router);

private:
    // A change by the CLI takes milliseconds; the route waits this long for its lock, then 503.
    static constexpr int kLockWaitMs = 250;

    std::optional<ConfigEditor> editor() const;
    HttpResponse show() const;
    HttpResponse validate(const HttpRequest &request) const;
    HttpResponse apply(const HttpRequest &request);
    HttpResponse history() const;
    HttpResponse diff(const HttpRequest &request) const;
    HttpResponse rollback(const HttpRequest &request);
    HttpResponse outcomeAnswer(const ConfigOutcome &outcome);

    Options m_options;
};

} // namespace pmcp
