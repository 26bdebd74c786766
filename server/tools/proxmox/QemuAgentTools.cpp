#include "server/tools/proxmox/QemuAgentTools.h"

#include "server/mcp/ToolCall.h"
#include "server/tools/proxmox/ProxmoxToolKit.h"
#include "server/tools/proxmox/TextTable.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QTimer>

namespace pmcp {

namespace {

const QString kCategory = QStringLiteral("qemu-agent");
const QString kAgentPath = QStringLiteral("/nodes/{node}/qemu/{vmid}/agent/");
constexpr int kPollIntervalMs = 250;

ApiToolSpec agentPing()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("qemu_agent_ping"), QStringLiteral("Ping guest agent"), kCategory,
        kAgentPath + QStringLiteral("ping"),
        QStringLiteral("Is the QEMU guest agent running in a VM? Check before agent network or "
                       "exec calls."));
    spec.method = "POST";
    spec.input.node().vmid();
    spec.outputSchema = ToolSchema::objectOutput(
        {QStringLiteral("responding")},
        {{QStringLiteral("responding"), ToolSchema::typed(QStringLiteral("boolean"))}});
    spec.transform = [](const QJsonValue &, const QJsonObject &) -> QJsonValue {
        return QJsonObject{{QStringLiteral("responding"), true}};
    };
    return spec;
}

ApiToolSpec agentNetwork()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("qemu_agent_network"), QStringLiteral("Guest network interfaces"), kCategory,
        kAgentPath + QStringLiteral("network-get-interfaces"),
        QStringLiteral("The IP addresses a running VM reports through its guest agent, per "
                       "interface. Use it to find how to reach a VM."));
    spec.input.node().vmid();
    spec.output = ApiToolSpec::Output::List;
    spec.filters = {QStringLiteral("name")};
    spec.input.listControls(spec.filters);
    spec.columns = {QStringLiteral("name"), QStringLiteral("mac"), QStringLiteral("addresses")};
    spec.transform = [](const QJsonValue &data, const QJsonObject &) -> QJsonValue {
        return QemuAgentTools::interfaceRows(data);
    };
    return spec;
}

QJsonObject execOutput()
{
    // Nothing required: a dry run answers with the plan (request, affects) instead.
    return ToolSchema::objectOutput(
        {}, {{QStringLiteral("pid"), ToolSchema::typed(QStringLiteral("integer"))},
             {QStringLiteral("exited"), ToolSchema::typed(QStringLiteral("boolean"))},
             {QStringLiteral("exitcode"), ToolSchema::typed(QStringLiteral("integer"))},
             {QStringLiteral("out-data"), ToolSchema::typed(QStringLiteral("string"))},
             {QStringLiteral("err-data"), ToolSchema::typed(QStringLiteral("string"))}});
}

void finishExec(const std::shared_ptr<ToolCall> &call, qint64 pid, const QJsonObject &status)
{
    QJsonObject data = status;
    data.insert(QStringLiteral("pid"), pid);
    data.insert(QStringLiteral("exited"),
                status.value(QLatin1String("exited")).toVariant().toInt() == 1);
    if (!data.value(QLatin1String("exited")).toBool())
        call->facts().setTimedOut(); // the wait ended before the command
    QString text =
        data.value(QLatin1String("exited")).toBool()
            ? QStringLiteral("Exit code %1").arg(status.value(QLatin1String("exitcode")).toInt())
            : QStringLiteral("Still running after the wait (pid %1).").arg(pid);
    if (status.contains(QLatin1String("out-data")))
        text += QStringLiteral("\nstdout:\n") + status.value(QLatin1String("out-data")).toString();
    if (status.contains(QLatin1String("err-data")))
        text += QStringLiteral("\nstderr:\n") + status.value(QLatin1String("err-data")).toString();
    call->finish(ToolResult::structured(data, text));
}

void pollExec(const std::shared_ptr<ToolCall> &call, ProxmoxClient *client, const QString &base,
              qint64 pid, QDeadlineTimer deadline)
{
    ProxmoxRequest request;
    request.path = base + QStringLiteral("exec-status");
    request.params = {{QStringLiteral("pid"), pid}};
    ProxmoxToolKit::send(call, client, request, [=](const ProxmoxReply &reply) {
        const QJsonObject status = reply.data.toObject();
        if (status.value(QLatin1String("exited")).toVariant().toInt() == 1 ||
            deadline.hasExpired()) {
            finishExec(call, pid, status);
            return;
        }
        QTimer::singleShot(kPollIntervalMs, client, [=] {
            if (!call->isCancelled() && !call->isFinished())
                pollExec(call, client, base, pid, deadline);
        });
    });
}

ToolDefinition agentExec(const std::shared_ptr<ProxmoxToolKit> &kit)
{
    ToolDefinition tool;
    tool.name = QStringLiteral("qemu_agent_exec");
    tool.title = QStringLiteral("Run command in VM");
    tool.description = QStringLiteral(
        "Run a command inside a running VM through the QEMU guest agent and wait for its exit "
        "code, stdout and stderr (up to timeout_s). command is the program and its arguments as "
        "a list, e.g. [\"df\", \"-h\"]. The command runs as the agent's user (usually root).");
    tool.category = kCategory;
    QJsonObject command =
        ToolSchema::typed(QStringLiteral("array"), QStringLiteral("Program and arguments."));
    command.insert(QStringLiteral("items"), ToolSchema::typed(QStringLiteral("string")));
    command.insert(QStringLiteral("minItems"), 1);
    tool.inputSchema =
        ToolSchema()
            .target()
            .node()
            .vmid()
            .property(QStringLiteral("command"), command, true)
            .string(QStringLiteral("input-data"),
                    QStringLiteral("Text passed to the command's stdin."))
            .integer(QStringLiteral("timeout_s"),
                     QStringLiteral("Seconds to wait for the command (default 30)."), false, 1)
            .confirmation()
            .build();
    tool.outputSchema = execOutput();
    tool.annotations = {
        .readOnly = false, .destructive = true, .idempotent = false, .openWorld = false};
    tool.handler = [kit](const std::shared_ptr<ToolCall> &call) {
        ProxmoxClient *client = kit->clientFor(call);
        if (!client)
            return;
        const Result<QString> path = ProxmoxToolKit::expandPath(kAgentPath, call->arguments());
        if (!path.ok()) {
            call->finish(ToolResult::error(path.error().message));
            return;
        }
        const QString base = path.value();
        ProxmoxRequest request;
        request.method = "POST";
        request.path = base + QStringLiteral("exec");
        request.params = {
            {QStringLiteral("command"), call->arguments().value(QLatin1String("command"))}};
        if (call->arguments().contains(QLatin1String("input-data")))
            request.params.insert(QStringLiteral("input-data"),
                                  call->arguments().value(QLatin1String("input-data")));
        const int timeoutS = call->arguments().value(QLatin1String("timeout_s")).toInt(30);
        // Runs anything as root in the guest, unchecked by the command policy: a dry run and
        // confirmation first, like every destructive tool (docs/SAFETY.md).
        kit->guard(call, client, request, {}, false, [=] {
            ProxmoxToolKit::send(call, client, request, [=](const ProxmoxReply &reply) {
                const qint64 pid = reply.data.toObject().value(QLatin1String("pid")).toInteger();
                pollExec(call, client, base, pid, QDeadlineTimer(timeoutS * 1000));
            });
        });
    };
    return tool;
}

} // namespace

QJsonArray QemuAgentTools::interfaceRows(const QJsonValue &data)
{
    const QJsonValue result = data.toObject().contains(QLatin1String("result"))
                                  ? data.toObject().value(QLatin1String("result"))
                                  : data;
    QJsonArray rows;
    for (const QJsonValue &value : result.toArray()) {
        const QJsonObject iface = value.toObject();
        QJsonArray addresses;
        for (const QJsonValue &address : iface.value(QLatin1String("ip-addresses")).toArray()) {
            const QJsonObject ip = address.toObject();
            addresses.append(
                QStringLiteral("%1/%2").arg(ip.value(QLatin1String("ip-address")).toString(),
                                            TextTable::cell(ip.value(QLatin1String("prefix")))));
        }
        rows.append(
            QJsonObject{{QStringLiteral("name"), iface.value(QLatin1String("name"))},
                        {QStringLiteral("mac"), iface.value(QLatin1String("hardware-address"))},
                        {QStringLiteral("addresses"), addresses}});
    }
    return rows;
}

void QemuAgentTools::registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit)
{
    kit->add(registry, agentPing());
    kit->add(registry, agentNetwork());
    ProxmoxToolKit::add(registry, agentExec(kit));
}

} // namespace pmcp
