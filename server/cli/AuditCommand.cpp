#include "server/cli/AuditCommand.h"

#include "server/audit/AuditLog.h"
#include "server/cli/ConfigLoader.h"

#include <QFileInfo>
#include <QJsonDocument>

namespace pmcp {

QString AuditCommand::summary() const
{
    return QStringLiteral("verify the audit log's HMAC chain, or print its last entries");
}

QString AuditCommand::usage() const
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

QList<QCommandLineOption> AuditCommand::options() const
{
    return {QCommandLineOption(QStringLiteral("n"), QString(), QStringLiteral("N"))};
}

int AuditCommand::execute(const Arguments &arguments)
{
    const QStringList &rest = arguments.positional;
    const QString action = rest.isEmpty() ? QString() : rest.first();
    if (action != QLatin1String("verify") && action != QLatin1String("tail"))
        return fail(QStringLiteral("audit needs an action: verify or tail\n\n") + usage(), 2);
    if (rest.size() > 1)
        return unexpectedArgument(rest.at(1));
    int count = 20;
    if (arguments.options.isSet(QStringLiteral("n"))) {
        bool ok = false;
        count = arguments.options.value(QStringLiteral("n")).toInt(&ok);
        if (!ok || count < 1)
            return fail(QStringLiteral("-n needs a positive number"), 2);
    }
    const auto config = ConfigLoader(err()).load(arguments.configPath, ConfigLoader::Check::Exists);
    if (!config.ok())
        return fail(config.error().message, 1);
    const QString stateDir = config.value().string(ConfigKey::StateDir);
    return action == QLatin1String("verify") ? verify(stateDir) : tail(stateDir, count);
}

int AuditCommand::verify(const QString &stateDir)
{
    const QString directory = AuditLog::directoryIn(stateDir);
    if (!QFileInfo(directory).isDir())
        return fail(QStringLiteral("no audit log at %1").arg(directory), 1);
    const AuditVerification result = AuditLog::verify(directory, AuditLog::keyPathIn(stateDir));
    if (result.ok) {
        out() << result.entriesChecked << " entries verified in " << directory << Qt::endl;
        return 0;
    }
    out() << "FAILED at " << (result.firstBadFile.isEmpty() ? directory : result.firstBadFile);
    if (result.firstBadLine > 0)
        out() << " line " << result.firstBadLine;
    out() << ": " << result.reason << " (" << result.entriesChecked
          << " entries before it verified)" << Qt::endl;
    return 1;
}

int AuditCommand::tail(const QString &stateDir, int count)
{
    const auto entries = AuditLog::tail(AuditLog::directoryIn(stateDir), count);
    if (!entries.ok())
        return fail(entries.error().message, 1);
    for (const auto &entry : entries.value())
        out() << QString::fromUtf8(QJsonDocument(entry).toJson(QJsonDocument::Compact)) << Qt::endl;
    return 0;
}

} // namespace pmcp
