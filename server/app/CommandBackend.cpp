#include "server/app/CommandBackend.h"

#include "shared/config/Config.h"
#include "server/policy/CommandPolicy.h"
#include "server/exec/LocalExecutor.h"
#include "server/ssh/SshConfig.h"
#include "server/ssh/SshExecutor.h"

#include <QFile>

namespace pmcp {

std::shared_ptr<CommandExecutor> CommandBackend::executorFromConfig(const Config &config)
{
    const int timeoutMs = int(config.integer(ConfigKey::SshTimeoutS) * 1000);
    if (config.boolean(ConfigKey::EnableLocalExecution))
        return std::make_shared<LocalExecutor>(timeoutMs);
    if (config.boolean(ConfigKey::EnableSsh))
        return std::make_shared<SshExecutor>(SshConfig::fromConfig(config));
    return nullptr;
}

Result<std::shared_ptr<const CommandPolicy>> CommandBackend::policyFromConfig(const Config &config)
{
    const bool dangerous = config.boolean(ConfigKey::EnableDangerousCommands);
    const QString path = config.string(ConfigKey::CommandPolicyFile);
    if (path.isEmpty())
        return std::shared_ptr<const CommandPolicy>(
            std::make_shared<CommandPolicy>(CommandPolicy::defaults(dangerous)));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::invalid(QStringLiteral("COMMAND_POLICY_FILE: cannot read %1: %2")
                                  .arg(path, file.errorString()));
    auto policy = CommandPolicy::fromRulesText(QString::fromUtf8(file.readAll()), dangerous);
    if (!policy.ok())
        return Error::invalid(
            QStringLiteral("COMMAND_POLICY_FILE %1: %2").arg(path, policy.error().message));
    return std::shared_ptr<const CommandPolicy>(
        std::make_shared<CommandPolicy>(std::move(policy.value())));
}

} // namespace pmcp
