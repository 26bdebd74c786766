#pragma once

#include "shared/core/Result.h"
#include "server/mcp/ToolDefinition.h"
#include "server/proxmox/ProxmoxClient.h"
#include "server/tools/proxmox/ProxmoxToolOptions.h"
#include "server/tools/proxmox/ToolSchema.h"

#include <QJsonObject>
#include <QStringList>

#include <functional>
#include <memory>

namespace pmcp {

class ProxmoxTargets;
class ToolCall;
class ToolRegistry;

// Declares a tool that calls one Proxmox endpoint: the path template's {placeholders} come from
// arguments of the same name, the other arguments (except the common controls) become params.
struct ApiToolSpec final {
    enum class Output { List, Object, Action };
    using Describe = std::function<void(ProxmoxClient *, const QJsonObject &arguments,
                                        std::function<void(Result<QJsonObject>)>)>;

    QString name;
    QString title;
    QString description;
    QString category;
    QByteArray method = "GET";
    QString path;
    ToolSchema input;
    Output output = Output::Object;
    QJsonObject outputSchema; // empty: the default of the output kind
    ToolAnnotations annotations;
    QStringList filters;   // list tools: client-side filters (see ListShaper)
    QStringList columns;   // list tools: columns of the text table
    QStringList localArgs; // arguments that are not sent to Proxmox
    QString spreadArg;     // an object argument whose members are sent as params
    bool waitByDefault = true;
    bool confirm = false;                                 // always needs confirmation
    std::function<bool(const QJsonObject &)> confirmWhen; // needs it for these arguments
    bool refuseProtected = false;                         // never for a protected guest
    Describe describe; // what the change affects (default: the guest in the path, if any)
    std::function<QJsonValue(const QJsonValue &, const QJsonObject &)> transform;
    // The path template for these arguments (e.g. node-scoped or cluster-wide); default: path.
    std::function<QString(const QJsonObject &)> pathFor;
    // Completes the arguments before anything else (e.g. the node from a UPID).
    std::function<QJsonObject(const QJsonObject &, ProxmoxClient *)> prepare;
    // Renames or adds params after they were taken from the arguments.
    std::function<void(QJsonObject &, const QJsonObject &)> adjustParams;

    // A read-only GET tool (closed world: one Proxmox cluster).
    static ApiToolSpec read(const QString &name, const QString &title, const QString &category,
                            const QString &path, const QString &description);
    // A tool that changes state.
    static ApiToolSpec change(const QString &name, const QString &title, const QString &category,
                              const QByteArray &method, const QString &path,
                              const QString &description, bool destructive, bool idempotent);
};

// The shared layer of the Proxmox tools: finds the target's client, builds requests, maps
// Proxmox errors to tool errors, shapes and renders results, follows tasks, and guards
// destructive calls with dry runs and confirmation.
class ProxmoxToolKit final : public std::enable_shared_from_this<ProxmoxToolKit> {
public:
    ProxmoxToolKit(ProxmoxTargets *targets, ProxmoxToolOptions options);

    const ProxmoxToolOptions &options() const { return m_options; }
    ProxmoxTargets *targets() const { return m_targets; }

    // A ToolDefinition whose handler runs the spec.
    ToolDefinition define(ApiToolSpec spec);
    void add(ToolRegistry &registry, ApiToolSpec spec);
    static void add(ToolRegistry &registry, ToolDefinition definition);

    // The client of the call's "target" argument; finishes the call with an error and returns
    // nullptr when there is no such target.
    ProxmoxClient *clientFor(const std::shared_ptr<ToolCall> &call) const;
    // Sends; on failure finishes the call with the mapped error, on success runs onReply.
    static void send(const std::shared_ptr<ToolCall> &call, ProxmoxClient *client,
                     const ProxmoxRequest &request,
                     std::function<void(const ProxmoxReply &)> onReply);
    // Finishes an action: follows a UPID (or returns it at once), or reports a synchronous reply.
    void finishAction(const std::shared_ptr<ToolCall> &call, ProxmoxClient *client,
                      const QJsonValue &data, bool waitByDefault,
                      const QJsonObject &extra = {}) const;
    int timeoutS(const QJsonObject &arguments) const;
    // Runs proceed once the change is confirmed; answers dry runs and refusals itself.
    void guard(const std::shared_ptr<ToolCall> &call, ProxmoxClient *client,
               const ProxmoxRequest &request, const ApiToolSpec::Describe &describe,
               bool refuseProtected, std::function<void()> proceed) const;

    static ToolResult errorResult(const ProxmoxError &error, const ProxmoxRequest &request);
    // The template's {placeholders} filled from the arguments of the same name, each checked
    // against its Proxmox format (pathFormat) and encoded as exactly one segment; an error
    // sentence naming the argument otherwise (then nothing may be sent).
    static Result<QString> expandPath(const QString &pathTemplate, const QJsonObject &arguments,
                                      QStringList *used = nullptr);
    // The ApiFormats format of a path argument ("node" -> "pve-node"), "" when none is known
    // (expandPath then refuses: a path argument is never used unchecked).
    static QString pathFormat(const QString &argument);
    // One argument as a checked path segment.
    static Result<QString> pathSegment(const QString &argument, const QJsonValue &value);
    static QJsonObject paramsFrom(const QJsonObject &arguments, const QStringList &excluded,
                                  const QString &spreadArg = {});
    // Booleans as Proxmox expects them (0/1).
    static QJsonObject wireParams(QJsonObject params);
    static QJsonObject requestJson(const ProxmoxRequest &request);
    static const QStringList &controlArgs();
    // The guest a path addresses, {type, node, vmid}, or {} (/nodes/N/qemu|lxc/ID/...).
    static QJsonObject guestOfPath(const QString &path);

private:
    void run(const std::shared_ptr<const ApiToolSpec> &spec,
             const std::shared_ptr<ToolCall> &call) const;
    void deliver(const ApiToolSpec &spec, const std::shared_ptr<ToolCall> &call,
                 ProxmoxClient *client, const ProxmoxReply &reply) const;
    void confirmThen(const std::shared_ptr<ToolCall> &call, const QJsonObject &plan,
                     std::function<void()> proceed) const;

    ProxmoxTargets *m_targets;
    ProxmoxToolOptions m_options;
};

} // namespace pmcp
