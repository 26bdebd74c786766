#include "server/cli/ConfigCommand.h"

#include "server/app/PidFile.h"
#include "server/cli/ConfigLoader.h"
#include "shared/config/ConfigEditor.h"

namespace pmcp {

namespace {

// A version number on the command line, or nullopt.
std::optional<int> versionNumber(const QString &word)
{
    bool ok = false;
    const int number = word.toInt(&ok);
    return ok && number > 0 ? std::optional<int>(number) : std::nullopt;
}

} // namespace

QString ConfigCommand::summary() const
{
    return QStringLiteral("show, change, compare or roll back the configuration file");
}

QString ConfigCommand::usageText()
{
    return QStringLiteral(
        "Usage: proxmox-mcpd config show [--config FILE]\n"
        "       proxmox-mcpd config set KEY=VALUE... [--config FILE]\n"
        "       proxmox-mcpd config diff [A [B]] [--config FILE]\n"
        "       proxmox-mcpd config history [--config FILE]\n"
        "       proxmox-mcpd config rollback [N] [--config FILE]\n"
        "show prints every setting with where its value comes from (secrets only as set or\n"
        "not set) and whether a change applies live or needs a restart.\n"
        "set checks the changes as check-config does and refuses them, writing nothing, when\n"
        "the result is not valid; otherwise it writes the file atomically, keeping comments\n"
        "and order, keeps the previous file as a numbered version (STATE_DIR/config-versions),\n"
        "and tells a running daemon to reload (SIGHUP). KEY= removes the key (its default\n"
        "applies).\n"
        "diff compares version A with B (default: the file as it is now); without A, what the\n"
        "last change did. Secret values are never printed.\n"
        "history lists the kept versions; rollback writes version N back (default: the one\n"
        "before the current) as a new version, and tells the daemon to reload.\n"
        "Exit 0 on success, 1 when a change is refused, 2 for a wrong command line.\n");
}

int ConfigCommand::execute(const Arguments &arguments)
{
    QStringList rest = arguments.positional;
    if (rest.isEmpty())
        return usageError(
            QStringLiteral("config needs an action: show, set, diff, history or rollback"));
    const QString action = rest.takeFirst();
    const QStringList actions = {QStringLiteral("show"), QStringLiteral("set"),
                                 QStringLiteral("diff"), QStringLiteral("history"),
                                 QStringLiteral("rollback")};
    if (!actions.contains(action))
        return usageError(
            QStringLiteral("unknown config action \"%1\": use show, set, diff, history or rollback")
                .arg(action));
    if ((action == QLatin1String("show") || action == QLatin1String("history")) && !rest.isEmpty())
        return unexpectedArgument(rest.first());
    if (action == QLatin1String("set") && rest.isEmpty())
        return usageError(QStringLiteral("config set needs at least one KEY=VALUE"));
    if ((action == QLatin1String("diff") && rest.size() > 2) ||
        (action == QLatin1String("rollback") && rest.size() > 1))
        return unexpectedArgument(rest.last());

    // The file as it is, even when it is not valid: set may be what repairs it.
    const auto config = ConfigLoader(err()).load(arguments.configPath, ConfigLoader::Check::Exists);
    if (!config.ok())
        return fail(config.error().message, 1);
    m_stateDir = config.value().string(ConfigKey::StateDir);
    ConfigEditor editor(arguments.configPath, m_stateDir);
    if (action == QLatin1String("show"))
        return show(editor);
    if (action == QLatin1String("set"))
        return set(editor, rest);
    if (action == QLatin1String("diff"))
        return diff(editor, rest);
    if (action == QLatin1String("history"))
        return history(editor);
    return rollback(editor, rest);
}

int ConfigCommand::show(const ConfigEditor &editor)
{
    const Config config = Config::load(editor.configPath());
    const int current = editor.currentVersion();
    out() << "# " << editor.configPath()
          << (current > 0 ? QStringLiteral(" (version %1)").arg(current)
                          : QStringLiteral(" (not a kept version)"))
          << Qt::endl;
    for (const ConfigSetting &setting : ConfigSchema::instance().keys()) {
        const QString value = setting.secret ? (config.string(setting.key).isEmpty()
                                                    ? QStringLiteral("(secret, not set)")
                                                    : QStringLiteral("(secret, set)"))
                                             : config.string(setting.key);
        out() << setting.name << '=' << value << "  # " << config.sourceOf(setting.key) << ", "
              << (setting.live ? "live" : "restart") << Qt::endl;
    }
    for (const ConfigProblem &problem : config.problems())
        out() << "# " << ConfigLoader::describe(problem) << Qt::endl;
    return 0;
}

int ConfigCommand::set(ConfigEditor &editor, const QStringList &words)
{
    const auto changes = ConfigEditor::parseAssignments(words);
    if (!changes)
        return usageError(changes.error().message);
    QList<ConfigProblem> problems;
    const auto outcome = editor.apply(changes.value(), QStringLiteral("cli"), &problems);
    for (const ConfigProblem &problem : std::as_const(problems))
        err() << ConfigLoader::describe(problem) << Qt::endl;
    if (!outcome)
        return fail(outcome.error().message, 1);
    return reportWritten(outcome.value().diff.lines(), outcome.value().version.number,
                         outcome.value().live, outcome.value().restartNeeded);
}

int ConfigCommand::rollback(ConfigEditor &editor, const QStringList &versions)
{
    int number = 0;
    if (!versions.isEmpty()) {
        const auto version = versionNumber(versions.first());
        if (!version)
            return usageError(QStringLiteral("\"%1\" is not a version number (see config history)")
                                  .arg(versions.first()));
        number = *version;
    }
    QList<ConfigProblem> problems;
    const auto outcome = editor.rollback(number, QStringLiteral("cli"), &problems);
    if (!outcome) {
        for (const ConfigProblem &problem : std::as_const(problems))
            err() << ConfigLoader::describe(problem) << Qt::endl;
        return fail(outcome.error().message, 1);
    }
    return reportWritten(outcome.value().diff.lines(), outcome.value().version.number,
                         outcome.value().live, outcome.value().restartNeeded);
}

int ConfigCommand::reportWritten(const QStringList &diffLines, int version, const QStringList &live,
                                 const QStringList &restartNeeded)
{
    if (version == 0) {
        out() << "nothing changed: the file already says so" << Qt::endl;
        return 0;
    }
    for (const QString &line : diffLines)
        out() << line << Qt::endl;
    out() << "written as version " << version << Qt::endl;
    const auto signalled = PidFile::signalReload(m_stateDir);
    if (!signalled) {
        err() << "warning: " << signalled.error().message << Qt::endl;
    } else if (!signalled.value()) {
        out() << "no daemon is running on this STATE_DIR: the change applies when it starts"
              << Qt::endl;
        return 0;
    } else {
        out() << "the running daemon (pid " << *signalled.value() << ") reloads";
        out() << (live.isEmpty()
                      ? QStringLiteral(".")
                      : QStringLiteral(": applied live: ") + live.join(QStringLiteral(", ")))
              << Qt::endl;
    }
    if (!restartNeeded.isEmpty())
        out() << "needs a restart to take effect: " << restartNeeded.join(QStringLiteral(", "))
              << " (systemctl restart proxmox-mcpd)" << Qt::endl;
    return 0;
}

int ConfigCommand::diff(const ConfigEditor &editor, const QStringList &versions)
{
    int numbers[2] = {0, 0};
    for (qsizetype i = 0; i < versions.size(); ++i) {
        const auto version = versionNumber(versions[i]);
        if (!version && versions[i] != QLatin1String("current"))
            return usageError(
                QStringLiteral("\"%1\" is not a version number (see config history) or current")
                    .arg(versions[i]));
        numbers[i] = version.value_or(0);
    }
    const int from = numbers[0] > 0 ? numbers[0] : editor.previousVersion();
    const auto result = editor.diff(from, numbers[1]);
    if (!result)
        return fail(result.error().message, 1);
    out() << "--- version " << from << Qt::endl
          << "+++ "
          << (numbers[1] > 0 ? QStringLiteral("version %1").arg(numbers[1])
                             : QStringLiteral("the file as it is now"))
          << Qt::endl;
    const QStringList lines = result.value().lines();
    if (lines.isEmpty())
        out() << "(no difference)" << Qt::endl;
    for (const QString &line : lines)
        out() << line << Qt::endl;
    return 0;
}

int ConfigCommand::history(const ConfigEditor &editor)
{
    const QList<ConfigVersion> versions = editor.versions().list();
    if (versions.isEmpty()) {
        out() << "no version is kept yet: the first `config set` keeps the original file"
              << Qt::endl;
        return 0;
    }
    const int current = editor.currentVersion();
    for (const ConfigVersion &version : versions) {
        QString what = version.action;
        if (version.rolledBackTo > 0)
            what += QStringLiteral(" to %1").arg(version.rolledBackTo);
        out() << QStringLiteral("%1  %2  %3  %4  %5%6")
                     .arg(version.number, 4)
                     .arg(version.time.toString(Qt::ISODate), what,
                          version.by.isEmpty() ? QStringLiteral("-") : version.by,
                          version.keys.isEmpty() ? QStringLiteral("-")
                                                 : version.keys.join(QStringLiteral(",")),
                          version.number == current ? QStringLiteral("  (current)") : QString())
              << Qt::endl;
    }
    if (current == 0)
        out() << "the file has been edited since the last kept version (config diff shows how)"
              << Qt::endl;
    return 0;
}

} // namespace pmcp
