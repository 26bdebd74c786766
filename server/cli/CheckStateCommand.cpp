#include "server/cli/CheckStateCommand.h"

#include "server/app/StateCheck.h"
#include "server/cli/ConfigLoader.h"
#include "shared/config/Config.h"

namespace pmcp {

QString CheckStateCommand::summary() const
{
    return QStringLiteral("check that this version reads the configuration and the state");
}

QString CheckStateCommand::usage() const
{
    return QStringLiteral(
        "Usage: proxmox-mcpd check-state [--state-dir DIR] [--config FILE]\n"
        "Reads the configuration and, with this version's code, what the daemon keeps in\n"
        "STATE_DIR (or DIR): the client and admin token stores, the OAuth store, the audit\n"
        "log's key, anchor and chain head, the rotation record and the alert store. Writes\n"
        "nothing. Prints one line for each (ok or FAILED, with the reason).\n"
        "Exit 0 when everything was read, 1 naming what could not be. The package runs it\n"
        "after an upgrade, before the service restarts.\n");
}

QList<QCommandLineOption> CheckStateCommand::options() const
{
    return {QCommandLineOption(QStringLiteral("state-dir"), QString(), QStringLiteral("DIR"))};
}

int CheckStateCommand::execute(const Arguments &arguments)
{
    if (!arguments.positional.isEmpty())
        return unexpectedArgument(arguments.positional.first());
    const Config config = Config::load(arguments.configPath);
    QStringList unreadable;
    if (ConfigLoader(out()).report(config, ConfigLoader::Check::Valid)) {
        out() << "ok      configuration " << arguments.configPath << Qt::endl;
    } else {
        out() << "FAILED  configuration " << arguments.configPath << ": it has errors (above)"
              << Qt::endl;
        unreadable.append(QStringLiteral("the configuration"));
    }
    const QString stateDir = arguments.options.isSet(QStringLiteral("state-dir"))
                                 ? arguments.options.value(QStringLiteral("state-dir"))
                                 : config.string(ConfigKey::StateDir);
    if (stateDir.isEmpty())
        return fail(QStringLiteral("no state folder: STATE_DIR is empty; name one with "
                                   "--state-dir DIR"),
                    2);
    for (const StateCheckItem &item : StateCheck::run(stateDir)) {
        if (item.ok()) {
            out() << "ok      " << item.what << " " << item.path << ": " << item.detail << Qt::endl;
        } else {
            out() << "FAILED  " << item.what << " " << item.path << ": " << item.problem
                  << Qt::endl;
            unreadable.append(QStringLiteral("the ") + item.what);
        }
    }
    if (!unreadable.isEmpty())
        return fail(QStringLiteral("this version (%1) cannot read %2; the reasons are above.")
                        .arg(QStringLiteral(PMCP_VERSION), unreadable.join(QStringLiteral(", "))),
                    1);
    out() << stateDir << ": everything is readable by proxmox-mcpd " << PMCP_VERSION << Qt::endl;
    return 0;
}

} // namespace pmcp
