#include "server/simulator/SimShell.h"

#include "server/simulator/PveSimulator.h"
#include "server/simulator/SimContainerShell.h"
#include "server/simulator/SimShellFilters.h"
#include "server/simulator/SimShellOutput.h"
#include "server/simulator/SimTasks.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

#include <memory>

namespace pmcp {

namespace {

const QStringList &powerVerbs()
{
    static const QStringList verbs{QStringLiteral("start"),    QStringLiteral("stop"),
                                   QStringLiteral("shutdown"), QStringLiteral("reboot"),
                                   QStringLiteral("suspend"),  QStringLiteral("resume"),
                                   QStringLiteral("reset")};
    return verbs;
}

// What the CLI prints for a failed API call: plain die() messages as they are, exceptions
// with a code as "NNN message", then the per-parameter errors.
QByteArray failureText(const SimResult &result)
{
    QByteArray text = result.status == 500
                          ? result.message.toUtf8()
                          : QByteArray::number(result.status) + ' ' + result.message.toUtf8();
    if (!text.endsWith('\n'))
        text += '\n';
    for (auto it = result.errors.begin(); it != result.errors.end(); ++it)
        text += it.key().toUtf8() + ": " + it.value().toString().toUtf8() + '\n';
    return text;
}

// pvesh prints only data: objects and arrays as documents, scalars as JSON values.
QByteArray renderJson(const QJsonValue &value, bool pretty)
{
    const auto style = pretty ? QJsonDocument::Indented : QJsonDocument::Compact;
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(style).trimmed() + '\n';
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(style).trimmed() + '\n';
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2) + '\n';
}

bool isOperator(QChar c)
{
    static const QString operators = QStringLiteral("|&;<>()`$\n*?[");
    return operators.contains(c);
}

} // namespace

SimShell::SimShell(PveSimulator *simulator, QString node, QObject *parent)
    : QObject(parent)
    , m_simulator(simulator)
    , m_node(std::move(node))
{}

QString SimShell::describe() const
{
    return QStringLiteral("simulated %1").arg(m_node);
}

std::optional<QStringList> SimShell::splitSimple(const QString &commandLine)
{
    QStringList words;
    QString word;
    bool inWord = false;
    enum class Quote { None, Single, Double } quote = Quote::None;
    for (qsizetype i = 0; i < commandLine.size(); ++i) {
        const QChar c = commandLine.at(i);
        if (quote == Quote::Single) {
            if (c == u'\'')
                quote = Quote::None;
            else
                word += c;
            continue;
        }
        if (quote == Quote::Double) {
            if (c == u'"') {
                quote = Quote::None;
            } else if (c == u'$' || c == u'`') {
                return std::nullopt;
            } else if (c == u'\\' && i + 1 < commandLine.size() &&
                       QStringLiteral("\"\\$`").contains(commandLine.at(i + 1))) {
                word += commandLine.at(++i);
            } else {
                word += c;
            }
            continue;
        }
        if (c == u' ' || c == u'\t') {
            if (inWord)
                words.append(word);
            word.clear();
            inWord = false;
            continue;
        }
        if (c == u'#' && !inWord)
            break; // a comment
        if (isOperator(c))
            return std::nullopt;
        inWord = true;
        if (c == u'\'') {
            quote = Quote::Single;
        } else if (c == u'"') {
            quote = Quote::Double;
        } else if (c == u'\\') {
            if (++i >= commandLine.size())
                return std::nullopt;
            word += commandLine.at(i);
        } else {
            word += c;
        }
    }
    if (quote != Quote::None)
        return std::nullopt;
    if (inWord)
        words.append(word);
    return words;
}

std::optional<QList<QStringList>> SimShell::splitPipeline(const QString &commandLine)
{
    QList<QStringList> stages;
    qsizetype start = 0;
    enum class Quote { None, Single, Double } quote = Quote::None;
    const auto cut = [&](qsizetype end) {
        auto words = splitSimple(commandLine.mid(start, end - start));
        if (!words || words->isEmpty())
            return false;
        stages.append(*words);
        start = end + 1;
        return true;
    };
    for (qsizetype i = 0; i < commandLine.size(); ++i) {
        const QChar c = commandLine.at(i);
        if (quote == Quote::Single) {
            if (c == u'\'')
                quote = Quote::None;
        } else if (quote == Quote::Double) {
            if (c == u'\\')
                ++i;
            else if (c == u'"')
                quote = Quote::None;
        } else if (c == u'\\') {
            ++i;
        } else if (c == u'\'') {
            quote = Quote::Single;
        } else if (c == u'"') {
            quote = Quote::Double;
        } else if (c == u'#' && (i == 0 || commandLine.at(i - 1).isSpace())) {
            break; // a comment: splitSimple drops it with the rest of the stage
        } else if (c == u'|') {
            if (i + 1 < commandLine.size() && commandLine.at(i + 1) == u'|')
                return std::nullopt; // ||, a list
            if (!cut(i))
                return std::nullopt;
        }
    }
    if (stages.isEmpty()) {
        auto words = splitSimple(commandLine);
        if (!words)
            return std::nullopt;
        return QList<QStringList>{*words};
    }
    if (!cut(commandLine.size()))
        return std::nullopt;
    return stages;
}

QString SimShell::unsupportedPart(const QString &commandLine)
{
    enum class Quote { None, Single, Double } quote = Quote::None;
    for (qsizetype i = 0; i < commandLine.size(); ++i) {
        const QChar c = commandLine.at(i);
        const QChar next = i + 1 < commandLine.size() ? commandLine.at(i + 1) : QChar();
        if (quote == Quote::Single) {
            if (c == u'\'')
                quote = Quote::None;
            continue;
        }
        if (c == u'\\') {
            ++i;
            continue;
        }
        if (quote == Quote::Double) {
            if (c == u'"')
                quote = Quote::None;
            else if (c == u'$' || c == u'`')
                return QStringLiteral("variables or command substitutions ($, `)");
            continue;
        }
        if (c == u'\'')
            quote = Quote::Single;
        else if (c == u'"')
            quote = Quote::Double;
        else if ((c == u'&' && next == u'&') || (c == u'|' && next == u'|'))
            return QStringLiteral("lists (&&, ||)");
        else if (c == u'&')
            return QStringLiteral("background jobs (&)");
        else if (c == u';' || c == u'\n')
            return QStringLiteral("command lists (;)");
        else if (c == u'<' || c == u'>')
            return QStringLiteral("redirections (<, >)");
        else if (c == u'$' || c == u'`')
            return QStringLiteral("variables or command substitutions ($, `)");
        else if (c == u'(' || c == u')')
            return QStringLiteral("subshells ( )");
        else if (c == u'*' || c == u'?' || c == u'[')
            return QStringLiteral("globs (*, ?, [)");
        else if (c == u'|' && (commandLine.left(i).trimmed().isEmpty() ||
                               commandLine.mid(i + 1).trimmed().isEmpty()))
            return QStringLiteral("a pipe with an empty side");
    }
    if (quote != Quote::None)
        return QStringLiteral("an unterminated quote");
    return QStringLiteral("this command line");
}

void SimShell::run(const QString &commandLine, int timeoutMs, Callback callback)
{
    QElapsedTimer clock;
    clock.start();
    auto deliver = std::make_shared<Callback>(std::move(callback));
    const Reply finish = [deliver, clock](Output output) {
        CommandResult result;
        result.stdoutData = std::move(output.out);
        result.stderrData = std::move(output.err);
        if (output.timedOut) {
            result.status = CommandResult::Status::Timeout;
            result.error = QStringLiteral("the command did not finish in time");
        } else {
            result.exitStatus = output.exitStatus;
            result.status = output.exitStatus == 0 ? CommandResult::Status::Success
                                                   : CommandResult::Status::NonZeroExit;
        }
        result.durationMs = clock.elapsed();
        (*deliver)(result);
    };
    // The callback runs on the event loop, never inside run().
    QTimer::singleShot(0, this, [this, commandLine, timeoutMs, finish, deliver] {
        if (!m_simulator) {
            CommandResult result;
            result.status = CommandResult::Status::ConnectionFailure;
            result.error = QStringLiteral("the simulated Proxmox node is gone");
            (*deliver)(result);
            return;
        }
        auto stages = splitPipeline(commandLine);
        if (!stages) {
            finish({2,
                    {},
                    "proxmox-mcpd demo: the demo shell runs simple commands and pipes into " +
                        SimShellFilters::known().toUtf8() + "; it does not run " +
                        unsupportedPart(commandLine).toUtf8() + "\n"});
            return;
        }
        QList<QStringList> filters = stages->mid(1);
        for (const QStringList &filter : std::as_const(filters)) {
            if (!SimShellFilters::isFilter(filter.first())) {
                finish({2,
                        {},
                        "proxmox-mcpd demo: the demo shell pipes into " +
                            SimShellFilters::known().toUtf8() + " only, not " +
                            filter.first().toUtf8() + "\n"});
                return;
            }
        }
        // Each filter reads the output of the stage before; the pipeline's status is the last
        // stage's, as in a shell without pipefail.
        execute(stages->first(), std::max(1, timeoutMs), [finish, filters](Output output) {
            for (const QStringList &filter : filters) {
                if (output.timedOut)
                    break;
                const auto filtered = SimShellFilters::run(filter, output.out);
                output.out = filtered.out;
                output.err += filtered.err;
                output.exitStatus = filtered.exitStatus;
            }
            finish(std::move(output));
        });
    });
}

void SimShell::execute(QStringList words, int timeoutMs, const Reply &reply)
{
    if (!words.isEmpty() && words.first() == QLatin1String("sudo")) {
        words.removeFirst();
        while (!words.isEmpty() && words.first().startsWith(u'-'))
            words.removeFirst();
    }
    if (words.isEmpty()) {
        reply({});
        return;
    }
    const QString program = words.takeFirst().section(u'/', -1);
    if (program == QLatin1String("qm") || program == QLatin1String("pct"))
        guestCommand(program == QLatin1String("qm") ? QStringLiteral("qemu")
                                                    : QStringLiteral("lxc"),
                     words, timeoutMs, reply);
    else if (program == QLatin1String("pvesh"))
        pvesh(words, timeoutMs, reply);
    else
        reply(system(program, words));
}

SimShell::Output SimShell::system(const QString &program, const QStringList &args)
{
    if (program == QLatin1String("pvesm"))
        return pvesm(args);
    if (program == QLatin1String("pvecm"))
        return pvecm(args);
    if (program == QLatin1String("pveversion"))
        return {0, "pve-manager/8.4.14/b502d23c55afcba1 (running kernel: 6.8.12-15-pve)\n", {}};
    if (program == QLatin1String("hostname"))
        return {0, m_node.toUtf8() + '\n', {}};
    if (program == QLatin1String("whoami"))
        return {0, "root\n", {}};
    if (program == QLatin1String("echo"))
        return {0, args.join(u' ').toUtf8() + '\n', {}};
    if (program == QLatin1String("true"))
        return {};
    if (program == QLatin1String("false"))
        return {1, {}, {}};
    if (program == QLatin1String("uptime"))
        return nodeStatusCommand(&SimShellOutput::uptime);
    if (program == QLatin1String("df"))
        return nodeStatusCommand(
            [human = args.contains(QStringLiteral("-h"))](const QJsonObject &s) {
                return SimShellOutput::df(s, human);
            });
    if (program == QLatin1String("free")) {
        const qint64 unit = args.contains(QStringLiteral("-g"))   ? 1024 * 1024 * 1024
                            : args.contains(QStringLiteral("-m")) ? 1024 * 1024
                                                                  : 1024;
        return nodeStatusCommand(
            [unit](const QJsonObject &s) { return SimShellOutput::free(s, unit); });
    }
    return {127, {}, "bash: " + program.toUtf8() + ": command not found\n"};
}

SimShell::Output
SimShell::nodeStatusCommand(const std::function<QByteArray(const QJsonObject &)> &render)
{
    const SimResult status =
        m_simulator->dispatch("GET", QStringLiteral("/nodes/%1/status").arg(m_node));
    if (status.status != 200)
        return {1, {}, failureText(status)};
    return {0, render(status.data.toObject()), {}};
}

SimShell::Output SimShell::pvesm(const QStringList &args)
{
    if (args.value(0) != QLatin1String("status"))
        return {255,
                {},
                "unknown command 'pvesm " + args.value(0).toUtf8() +
                    "'\n(the demo shell knows pvesm status)\n"};
    const SimResult rows =
        m_simulator->dispatch("GET", QStringLiteral("/nodes/%1/storage").arg(m_node));
    if (rows.status != 200)
        return {255, {}, failureText(rows)};
    return {0, SimShellOutput::pvesmStatus(rows.data.toArray()), {}};
}

SimShell::Output SimShell::pvecm(const QStringList &args)
{
    const QString verb = args.value(0);
    if (verb != QLatin1String("status") && verb != QLatin1String("nodes"))
        return {255,
                {},
                "unknown command 'pvecm " + verb.toUtf8() +
                    "'\n(the demo shell knows pvecm status and pvecm nodes)\n"};
    const SimResult rows = m_simulator->dispatch("GET", QStringLiteral("/cluster/status"));
    if (rows.status != 200)
        return {255, {}, failureText(rows)};
    const QJsonArray data = rows.data.toArray();
    bool clustered = false;
    for (const QJsonValue &row : data)
        clustered |=
            row.toObject().value(QLatin1String("type")).toString() == QLatin1String("cluster");
    if (!clustered)
        return {2,
                {},
                "Error: Corosync config '/etc/pve/corosync.conf' does not exist - is this node "
                "part of a cluster?\n"};
    return {0,
            verb == QLatin1String("status") ? SimShellOutput::pvecmStatus(data, m_node)
                                            : SimShellOutput::pvecmNodes(data, m_node),
            {}};
}

void SimShell::guestCommand(const QString &type, const QStringList &args, int timeoutMs,
                            const Reply &reply)
{
    const QByteArray tool = type == QLatin1String("qemu") ? "qm" : "pct";
    const QString verb = args.value(0);
    if (verb == QLatin1String("list")) {
        const SimResult rows =
            m_simulator->dispatch("GET", QStringLiteral("/nodes/%1/%2").arg(m_node, type));
        if (rows.status != 200) {
            reply({255, {}, failureText(rows)});
            return;
        }
        const QJsonArray data = rows.data.toArray();
        reply({0,
               type == QLatin1String("qemu") ? SimShellOutput::qmList(data)
                                             : SimShellOutput::pctList(data),
               {}});
        return;
    }
    if (verb == QLatin1String("exec") && type == QLatin1String("lxc")) {
        reply(containerExec(args.mid(1)));
        return;
    }
    const bool power = powerVerbs().contains(verb) &&
                       !(type == QLatin1String("lxc") && verb == QLatin1String("reset"));
    if (!power && verb != QLatin1String("status") && verb != QLatin1String("config")) {
        reply({255,
               {},
               "unknown command '" + tool + ' ' + verb.toUtf8() +
                   "'\n(the demo shell knows list, status, config, start, stop, shutdown, "
                   "reboot, suspend, resume, and pct exec)\n"});
        return;
    }
    if (args.size() < 2) {
        reply({255,
               {},
               "400 not enough arguments\n" + tool + ' ' + verb.toUtf8() + " <vmid> [OPTIONS]\n"});
        return;
    }
    if (!power) {
        reply(guestQuery(type, verb, args));
        return;
    }
    const SimResult started = m_simulator->dispatch(
        "POST", QStringLiteral("/nodes/%1/%2/%3/status/%4").arg(m_node, type, args.at(1), verb));
    if (started.status != 200) {
        reply({255, {}, failureText(started)});
        return;
    }
    followTask(started.data.toString(), timeoutMs, {}, reply);
}

SimShell::Output SimShell::containerExec(const QStringList &args)
{
    // pct exec <vmid> [--keep-env 0|1] [-- <command> [args...]]
    bool ok = false;
    const int vmid = args.value(0).toInt(&ok);
    if (!ok)
        return {255, {}, "400 Parameter verification failed.\nvmid: invalid format\n"};
    QStringList command = args.mid(1);
    const qsizetype separator = command.indexOf(QStringLiteral("--"));
    if (separator >= 0)
        command = command.mid(separator + 1);
    if (command.isEmpty())
        return {255,
                {},
                "proxmox-mcpd demo: pct exec needs a command (an interactive shell is not "
                "simulated)\n"};
    // The demo reaches every container from this node's shell (a real pct exec runs only on the
    // container's own node; the demo has one shell for the cluster).
    const SimResult resources =
        m_simulator->dispatch("GET", QStringLiteral("/cluster/resources"),
                              {{QStringLiteral("type"), QStringLiteral("vm")}});
    QString node;
    for (const QJsonValue &row : resources.data.toArray()) {
        const QJsonObject guest = row.toObject();
        if (guest.value(QLatin1String("type")).toString() == QLatin1String("lxc") &&
            guest.value(QLatin1String("vmid")).toInt() == vmid)
            node = guest.value(QLatin1String("node")).toString();
    }
    if (node.isEmpty())
        return {255,
                {},
                QStringLiteral("Configuration file 'nodes/%1/lxc/%2.conf' does not exist\n")
                    .arg(m_node)
                    .arg(vmid)
                    .toUtf8()};
    const QString base = QStringLiteral("/nodes/%1/lxc/%2").arg(node).arg(vmid);
    const SimResult config = m_simulator->dispatch("GET", base + QStringLiteral("/config"));
    const SimResult status = m_simulator->dispatch("GET", base + QStringLiteral("/status/current"));
    if (config.status != 200)
        return {255, {}, failureText(config)};
    if (status.status != 200)
        return {255, {}, failureText(status)};
    if (status.data.toObject().value(QLatin1String("status")).toString() !=
        QLatin1String("running"))
        return {255, {}, QStringLiteral("CT %1 not running\n").arg(vmid).toUtf8()};
    const auto ran =
        SimContainerShell::run(command, vmid, config.data.toObject(), status.data.toObject());
    return {ran.exitStatus, ran.out, ran.err};
}

SimShell::Output SimShell::guestQuery(const QString &type, const QString &verb,
                                      const QStringList &args)
{
    const QString base = QStringLiteral("/nodes/%1/%2/%3").arg(m_node, type, args.at(1));
    const bool config = verb == QLatin1String("config");
    const SimResult answer = m_simulator->dispatch(
        "GET", base + (config ? QStringLiteral("/config") : QStringLiteral("/status/current")));
    if (answer.status != 200)
        return {255, {}, failureText(answer)};
    const QJsonObject data = answer.data.toObject();
    if (config || args.contains(QStringLiteral("--verbose")))
        return {0, SimShellOutput::keyValues(data), {}};
    const QString status =
        data.contains(QLatin1String("qmpstatus")) &&
                data.value(QLatin1String("qmpstatus")).toString() == QLatin1String("paused")
            ? QStringLiteral("paused")
            : data.value(QLatin1String("status")).toString();
    return {0, "status: " + status.toUtf8() + '\n', {}};
}

void SimShell::pvesh(const QStringList &args, int timeoutMs, const Reply &reply)
{
    static const QHash<QString, QByteArray> methods{{QStringLiteral("get"), "GET"},
                                                    {QStringLiteral("ls"), "GET"},
                                                    {QStringLiteral("create"), "POST"},
                                                    {QStringLiteral("set"), "PUT"},
                                                    {QStringLiteral("delete"), "DELETE"}};
    const QString verb = args.value(0);
    if (!methods.contains(verb) || args.size() < 2) {
        reply({255,
               {},
               "400 not enough arguments\npvesh get|set|create|delete|ls <api_path> "
               "[OPTIONS] [FORMAT_OPTIONS]\n"});
        return;
    }
    QString path = args.at(1);
    if (!path.startsWith(u'/'))
        path.prepend(u'/');
    while (path.size() > 1 && path.endsWith(u'/'))
        path.chop(1);
    QHash<QString, QString> params;
    QString format = QStringLiteral("text");
    static const QStringList flags{QStringLiteral("noproxy"), QStringLiteral("human-readable"),
                                   QStringLiteral("noborder"), QStringLiteral("noheader"),
                                   QStringLiteral("quiet")};
    for (qsizetype i = 2; i < args.size(); ++i) {
        QString name = args.at(i);
        if (!name.startsWith(u'-')) {
            reply({255, {}, "400 too many arguments\n"});
            return;
        }
        name.remove(0, name.startsWith(QLatin1String("--")) ? 2 : 1);
        if (flags.contains(name))
            continue;
        const bool hasValue =
            i + 1 < args.size() && !args.at(i + 1).startsWith(QLatin1String("--"));
        const QString value = hasValue ? args.at(++i) : QStringLiteral("1");
        if (name == QLatin1String("output-format"))
            format = value;
        else
            params.insert(name, value);
    }
    const QByteArray method = methods.value(verb);
    const SimResult answer = m_simulator->dispatch(method, path, params);
    if (answer.status == 501) {
        reply(
            {255, {}, "No '" + verb.toUtf8() + "' handler defined for '" + path.toUtf8() + "'\n"});
        return;
    }
    if (answer.status != 200) {
        reply({255, {}, failureText(answer)});
        return;
    }
    QByteArray rendered;
    if (answer.data.isString() && format == QLatin1String("text"))
        rendered = answer.data.toString().toUtf8() + '\n';
    else if (!answer.data.isNull())
        rendered = renderJson(answer.data, format != QLatin1String("json"));
    const QString upid = answer.data.toString();
    if (method != "GET" && SimTasks::isValidUpid(upid)) {
        followTask(upid, timeoutMs, rendered, reply);
        return;
    }
    reply({0, rendered, {}});
}

void SimShell::followTask(const QString &upid, int timeoutMs, QByteArray trailer,
                          const Reply &reply)
{
    // Owns the connection and the timer: whichever comes first ends the other.
    auto *watch = new QObject(this);
    const QPointer<PveSimulator> simulator = m_simulator;
    const auto conclude = [watch, simulator, upid, trailer, reply](bool timedOut) {
        watch->deleteLater();
        QObject::disconnect(watch, nullptr, nullptr, nullptr);
        const SimTask *task = simulator ? simulator->tasks().find(upid) : nullptr;
        Output output;
        output.timedOut = timedOut;
        QStringList log = task ? task->log : QStringList();
        if (!log.isEmpty() && log.last().startsWith(QLatin1String("TASK ")))
            log.removeLast();
        for (const QString &line : std::as_const(log))
            output.out += line.toUtf8() + '\n';
        if (!timedOut && task && task->failed()) {
            output.exitStatus = 255;
            output.err = task->exitstatus.toUtf8() + '\n';
        } else if (!timedOut) {
            output.out += trailer;
        }
        reply(std::move(output));
    };
    const SimTask *task = m_simulator->tasks().find(upid);
    if (!task || !task->running) {
        QTimer::singleShot(0, watch, [conclude] { conclude(false); });
        return;
    }
    connect(&m_simulator->tasks(), &SimTasks::taskFinished, watch,
            [upid, conclude](const QString &finished) {
                if (finished == upid)
                    conclude(false);
            });
    QTimer::singleShot(timeoutMs, watch, [conclude] { conclude(true); });
}

} // namespace pmcp
