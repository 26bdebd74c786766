#include "server/cli/AuditCommand.h"

#include "server/audit/AuditLog.h"
#include "server/cli/Cli.h"
#include "shared/config/Config.h"

#include <QFileInfo>
#include <QJsonDocument>

namespace pmcp {

AuditCommand::AuditCommand(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{}

QString AuditCommand::usage()
{
    return QStringLiteral(
        "Usage: proxmox-mcpd audit verify [--config FILE]\n"
        "       proxmox-mcpd audit tail [-n N] [--config FILE]\n"
        "verify checks every entry of STATE_DIR/audit against its HMAC (key: "
        "STATE_DIR/audit.key)\n"
        "and the chain between entries and files; exit 0 when all is intact, 1 naming the first\n"
        "bad entry (edited, removed or reordered, truncated, missing file).\n"
        "tail prints the last N entries (default 20), one JSON object a line.\n");
}

int AuditCommand::fail(const QString &message, int code)
{
    m_err << "proxmox-mcpd audit: " << message << Qt::endl;
    return code;
}

int AuditCommand::run(QStringList arguments)
{
    QString configPath = Cli::defaultConfigPath();
    QString action;
    int count = 20;
    while (!arguments.isEmpty()) {
        const QString argument = arguments.takeFirst();
        const bool takesValue =
            argument == QLatin1String("--config") || argument == QLatin1String("-n");
        if (takesValue && arguments.isEmpty())
            return fail(QStringLiteral("%1 needs a value").arg(argument), 2);
        if (argument == QLatin1String("--config")) {
            configPath = arguments.takeFirst();
        } else if (argument.startsWith(QLatin1String("--config="))) {
            configPath = argument.mid(9);
        } else if (argument == QLatin1String("-n")) {
            bool ok = false;
            count = arguments.takeFirst().toInt(&ok);
            if (!ok || count < 1)
                return fail(QStringLiteral("-n needs a positive number"), 2);
        } else if (action.isEmpty() && !argument.startsWith(QLatin1Char('-'))) {
            action = argument;
        } else {
            return fail(QStringLiteral("unexpected argument \"%1\"\n\n%2").arg(argument, usage()),
                        2);
        }
    }
    if (action != QLatin1String("verify") && action != QLatin1String("tail"))
        return fail(QStringLiteral("audit needs an action: verify or tail\n\n") + usage(), 2);
    if (configPath.isEmpty() || !QFileInfo::exists(configPath))
        return fail(QStringLiteral("cannot read the configuration %1").arg(configPath), 1);
    const Config config = Config::load(configPath);
    const QString stateDir = config.string(QStringLiteral("STATE_DIR"));
    return action == QLatin1String("verify") ? verify(stateDir) : tail(stateDir, count);
}

int AuditCommand::verify(const QString &stateDir)
{
    const QString directory = AuditLog::directoryIn(stateDir);
    if (!QFileInfo(directory).isDir())
        return fail(QStringLiteral("no audit log at %1").arg(directory), 1);
    const AuditVerification result = AuditLog::verify(directory, AuditLog::keyPathIn(stateDir));
    if (result.ok) {
        m_out << result.entriesChecked << " entries verified in " << directory << Qt::endl;
        return 0;
    }
    m_out << "FAILED at " << (result.firstBadFile.isEmpty() ? directory : result.firstBadFile);
    if (result.firstBadLine > 0)
        m_out << " line " << result.firstBadLine;
    m_out << ": " << result.reason << " (" << result.entriesChecked
          << " entries before it verified)" << Qt::endl;
    return 1;
}

int AuditCommand::tail(const QString &stateDir, int count)
{
    const auto entries = AuditLog::tail(AuditLog::directoryIn(stateDir), count);
    if (!entries.ok())
        return fail(entries.error().message, 1);
    for (const auto &entry : entries.value())
        m_out << QString::fromUtf8(QJsonDocument(entry).toJson(QJsonDocument::Compact)) << Qt::endl;
    return 0;
}

} // namespace pmcp
