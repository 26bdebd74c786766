#include "server/tools/proxmox/ProxmoxToolKit.h"

#include "server/mcp/ToolCall.h"
#include "server/mcp/ToolRegistry.h"
#include "server/proxmox/ApiFormats.h"
#include "server/proxmox/ProxmoxTargets.h"
#include "server/proxmox/Upid.h"
#include "server/tools/ToolsLogCategory.h"
#include "server/tools/proxmox/ConfirmationGate.h"
#include "server/tools/proxmox/CoreGate.h"
#include "server/tools/proxmox/GuestFacts.h"
#include "server/tools/proxmox/ListShaper.h"
#include "server/tools/proxmox/TaskWaiter.h"
#include "server/tools/proxmox/TextTable.h"

#include <QHash>
#include <QJsonDocument>
#include <QRegularExpression>

namespace pmcp {

namespace {

// "(rows 21-40 of 57 matching; more with offset 40)": where this page sits in the whole list.
QString pageLine(qint64 offset, qint64 count, qint64 total)
{
    if (count == 0)
        return QStringLiteral("(0 of %1 matching rows%2)")
            .arg(total)
            .arg(offset > 0 ? QStringLiteral(" past offset %1").arg(offset) : QString());
    QString line =
        QStringLiteral("(rows %1-%2 of %3 matching").arg(offset + 1).arg(offset + count).arg(total);
    if (offset + count < total)
        line += QStringLiteral("; more with offset %1").arg(offset + count);
    return line + u')';
}

} // namespace

ApiToolSpec ApiToolSpec::read(const QString &name, const QString &title, const QString &category,
                              const QString &path, const QString &description)
{
    ApiToolSpec spec;
    spec.name = name;
    spec.title = title;
    spec.category = category;
    spec.path = path;
    spec.description = description;
    spec.input.target();
    spec.annotations = {
        .readOnly = true, .destructive = false, .idempotent = true, .openWorld = false};
    return spec;
}

ApiToolSpec ApiToolSpec::change(const QString &name, const QString &title, const QString &category,
                                const QByteArray &method, const QString &path,
                                const QString &description, bool destructive, bool idempotent)
{
    ApiToolSpec spec = read(name, title, category, path, description);
    spec.method = method;
    spec.output = Output::Action;
    spec.annotations = {.readOnly = false,
                        .destructive = destructive,
                        .idempotent = idempotent,
                        .openWorld = false};
    return spec;
}

ProxmoxToolKit::ProxmoxToolKit(ProxmoxTargets *targets, ProxmoxToolOptions options)
    : m_targets(targets)
    , m_options(options)
{}

const QStringList &ProxmoxToolKit::controlArgs()
{
    static const QStringList names{QStringLiteral("target"),    QStringLiteral("wait"),
                                   QStringLiteral("timeout_s"), QStringLiteral("dry_run"),
                                   QStringLiteral("confirm"),   QStringLiteral("fields"),
                                   QStringLiteral("limit"),     QStringLiteral("offset")};
    return names;
}

ToolDefinition ProxmoxToolKit::define(ApiToolSpec spec)
{
    ToolDefinition tool;
    tool.name = spec.name;
    tool.title = spec.title;
    tool.description = spec.description;
    tool.category = spec.category;
    tool.inputSchema = spec.input.build();
    tool.hiddenArguments = spec.input.unlisted();
    if (spec.shortList)
        tool.hiddenArguments += spec.filters + QStringList{QStringLiteral("limit")};
    tool.annotations = spec.annotations;
    // A schema that only says "an object" or repeats the common shape of every list or task
    // result costs each client tokens and tells the model nothing: only specific ones are listed.
    tool.outputSchema = spec.outputSchema;
    // Proxmox's own spelling of a renamed argument still works.
    for (auto it = spec.wireNames.begin(); it != spec.wireNames.end(); ++it)
        tool.argumentAliases.insert(it.value(), it.key());
    auto shared = std::make_shared<const ApiToolSpec>(std::move(spec));
    tool.handler = [kit = shared_from_this(), shared](const std::shared_ptr<ToolCall> &call) {
        kit->run(shared, call);
    };
    return tool;
}

void ProxmoxToolKit::add(ToolRegistry &registry, ApiToolSpec spec)
{
    add(registry, define(std::move(spec)));
}

QStringList ProxmoxToolKit::hiddenArguments() const
{
    if (m_targets && m_targets->names().size() > 1)
        return {};
    return {QStringLiteral("target")};
}

void ProxmoxToolKit::add(ToolRegistry &registry, ToolDefinition definition) const
{
    definition.hiddenArguments += hiddenArguments();
    const QString name = definition.name;
    const Result<void> added = registry.add(std::move(definition));
    if (!added.ok())
        qCWarning(lcTools, "proxmox tool %s not registered: %s", qPrintable(name),
                  qPrintable(added.error().message));
}

ProxmoxClient *ProxmoxToolKit::clientFor(const std::shared_ptr<ToolCall> &call) const
{
    const QString name = call->arguments().value(QLatin1String("target")).toString();
    QString why;
    ProxmoxClient *client = m_targets ? m_targets->client(name, &why) : nullptr;
    if (!client) {
        const QStringList names = m_targets ? m_targets->names() : QStringList();
        call->finish(ToolResult::error(
            names.isEmpty()
                ? QStringLiteral("No Proxmox target is configured.")
                : QStringLiteral("Unknown Proxmox target \"%1\"%2; configured targets: %3.")
                      .arg(name, why.isEmpty() ? QString() : QStringLiteral(" (") + why + u')',
                           names.join(QStringLiteral(", ")))));
    } else {
        // An empty name means the first target.
        call->facts().setTargetSystem(name.isEmpty() ? m_targets->names().value(0) : name);
    }
    return client;
}

QString ProxmoxToolKit::pathFormat(const QString &argument)
{
    // The schema's formats for these placeholders (TestProxmoxToolKit checks them against every
    // schema path), and ApiFormats' own where the schema says only "string".
    static const QHash<QString, QString> formats{
        {QStringLiteral("node"), QStringLiteral("pve-node")},
        {QStringLiteral("vmid"), QStringLiteral("pve-vmid")},
        {QStringLiteral("storage"), QStringLiteral("pve-storage-id")},
        {QStringLiteral("snapname"), QStringLiteral("pve-configid")},
        {QStringLiteral("userid"), QStringLiteral("pve-userid")},
        {QStringLiteral("upid"), QStringLiteral("pve-upid")},
        {QStringLiteral("volume"), QStringLiteral("pve-volume-id")},
        {QStringLiteral("type"), QStringLiteral("pve-guest-type")},
    };
    return formats.value(argument);
}

Result<QString> ProxmoxToolKit::pathSegment(const QString &argument, const QJsonValue &value)
{
    const QString text = ListShaper::text(value);
    if (text.isEmpty())
        return Error::invalid(QStringLiteral("missing argument \"%1\"").arg(argument));
    const QString format = pathFormat(argument);
    if (format.isEmpty())
        return Error::invalid(QStringLiteral("argument %1 has no known format for a URL path; "
                                             "nothing was sent")
                                  .arg(argument));
    const Result<void> valid = ApiFormats::check(format, argument, text);
    if (!valid.ok())
        return valid.error();
    return ApiFormats::segment(text);
}

Result<QString> ProxmoxToolKit::expandPath(const QString &pathTemplate,
                                           const QJsonObject &arguments, QStringList *used)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{([a-z_]+)\\}"));
    QString path;
    qsizetype last = 0;
    auto it = placeholder.globalMatch(pathTemplate);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const QString name = match.captured(1);
        const Result<QString> segment = pathSegment(name, arguments.value(name));
        if (!segment.ok())
            return segment.error();
        path += pathTemplate.mid(last, match.capturedStart() - last) + segment.value();
        last = match.capturedEnd();
        if (used)
            used->append(name);
    }
    return path + pathTemplate.mid(last);
}

QJsonObject ProxmoxToolKit::paramsFrom(const QJsonObject &arguments, const QStringList &excluded,
                                       const QString &spreadArg)
{
    QJsonObject params;
    for (auto it = arguments.begin(); it != arguments.end(); ++it) {
        if (excluded.contains(it.key()) || controlArgs().contains(it.key()))
            continue;
        if (!spreadArg.isEmpty() && it.key() == spreadArg) {
            const QJsonObject spread = it.value().toObject();
            for (auto member = spread.begin(); member != spread.end(); ++member)
                params.insert(member.key(), member.value());
            continue;
        }
        params.insert(it.key(), it.value());
    }
    return wireParams(params);
}

QJsonObject ProxmoxToolKit::wireParams(QJsonObject params)
{
    for (auto it = params.begin(); it != params.end(); ++it) {
        if (it.value().isBool())
            it.value() = it.value().toBool() ? 1 : 0;
    }
    return params;
}

QJsonObject ProxmoxToolKit::requestJson(const ProxmoxRequest &request)
{
    return {{QStringLiteral("method"), QString::fromLatin1(request.method)},
            {QStringLiteral("path"), request.path},
            {QStringLiteral("params"), request.params}};
}

QJsonObject ProxmoxToolKit::guestOfPath(const QString &path)
{
    static const QRegularExpression guest(QStringLiteral("^/nodes/([^/]+)/(qemu|lxc)/(\\d+)"));
    const QRegularExpressionMatch match = guest.match(path);
    if (!match.hasMatch())
        return {};
    return {{QStringLiteral("node"), match.captured(1)},
            {QStringLiteral("type"), match.captured(2)},
            {QStringLiteral("vmid"), match.captured(3).toLongLong()}};
}

ToolResult ProxmoxToolKit::errorResult(const ProxmoxError &error, const ProxmoxRequest &request)
{
    QString text =
        QStringLiteral("%1 %2 failed: ").arg(QString::fromLatin1(request.method), request.path);
    text += error.describe();
    if (error.status == 403 && error.privilege.isEmpty())
        text += QStringLiteral(" - check the token's permissions with access_permissions");
    else if (error.status == 0)
        text += QStringLiteral(" (no HTTP answer: Proxmox unreachable, TLS or timeout)");
    return ToolResult::error(text);
}

void ProxmoxToolKit::send(const std::shared_ptr<ToolCall> &call, ProxmoxClient *client,
                          const ProxmoxRequest &request,
                          std::function<void(const ProxmoxReply &)> onReply)
{
    // The first request a call sends names what it acts on (later ones poll or follow).
    if (call->facts().target().node.isEmpty()) {
        const QJsonObject guest = guestOfPath(request.path);
        if (!guest.isEmpty()) {
            call->facts().setTargetNode(guest.value(QLatin1String("node")).toString());
            call->facts().setTargetGuest(guest.value(QLatin1String("type")).toString(),
                                         guest.value(QLatin1String("vmid")).toInteger());
        } else if (request.path.startsWith(QLatin1String("/nodes/"))) {
            call->facts().setTargetNode(request.path.section(QLatin1Char('/'), 2, 2));
        }
    }
    // The core rules judge every request that changes something, whichever tool sends it.
    auto transmit = [call, client, request, onReply] {
        client->request(request, [call, request, onReply](const ProxmoxResult &result) {
            if (call->isFinished() || call->isCancelled())
                return;
            if (const auto *error = std::get_if<ProxmoxError>(&result)) {
                call->finish(errorResult(*error, request));
                return;
            }
            onReply(std::get<ProxmoxReply>(result));
        });
    };
    if (request.method == "GET")
        transmit();
    else
        CoreGate::check(call, request, transmit);
}

int ProxmoxToolKit::timeoutS(const QJsonObject &arguments) const
{
    return arguments.value(QLatin1String("timeout_s")).toInt(m_options.defaultTimeoutS);
}

void ProxmoxToolKit::finishAction(const std::shared_ptr<ToolCall> &call, ProxmoxClient *client,
                                  const QJsonValue &data, bool waitByDefault,
                                  const QJsonObject &extra) const
{
    const QString upid = data.toString();
    if (Upid::isValid(upid)) {
        call->facts().setUpid(upid);
        if (call->arguments().value(QLatin1String("wait")).toBool(waitByDefault))
            TaskWaiter::follow(call, client, upid, timeoutS(call->arguments()), extra);
        else
            call->finish(TaskWaiter::started(upid, extra));
        return;
    }
    QJsonObject result = extra;
    result.insert(QStringLiteral("ok"), true);
    result.insert(QStringLiteral("status"), QStringLiteral("done"));
    if (!data.isNull() && !data.isUndefined())
        result.insert(QStringLiteral("result"), data);
    call->finish(ToolResult::structured(
        result, data.isNull() || data.isUndefined()
                    ? QStringLiteral("Done.")
                    : QStringLiteral("Done: %1").arg(TextTable::cell(data))));
}

void ProxmoxToolKit::run(const std::shared_ptr<const ApiToolSpec> &shared,
                         const std::shared_ptr<ToolCall> &call) const
{
    const ApiToolSpec &spec = *shared;
    ProxmoxClient *client = clientFor(call);
    if (!client)
        return;
    const QJsonObject arguments =
        spec.prepare ? spec.prepare(call->arguments(), client) : call->arguments();
    QStringList used;
    const Result<QString> path =
        expandPath(spec.pathFor ? spec.pathFor(arguments) : spec.path, arguments, &used);
    if (!path.ok()) {
        call->finish(ToolResult::error(path.error().message));
        return;
    }
    ProxmoxRequest request;
    request.method = spec.method;
    request.path = path.value();
    request.params =
        paramsFrom(arguments, used + spec.filters + spec.localArgs + QStringList{spec.spreadArg},
                   spec.spreadArg);
    for (auto it = spec.wireNames.begin(); it != spec.wireNames.end(); ++it) {
        if (request.params.contains(it.key()))
            request.params.insert(it.value(), request.params.take(it.key()));
    }
    if (spec.adjustParams)
        spec.adjustParams(request.params, arguments);
    auto proceed = [self = shared_from_this(), shared, call, client, request] {
        send(call, client, request,
             [self, shared, call, client, path = request.path](const ProxmoxReply &reply) {
                 self->deliver(*shared, call, client, reply, path);
             });
    };
    const bool needsConfirmation =
        spec.confirm || (spec.confirmWhen && spec.confirmWhen(arguments));
    if (needsConfirmation)
        guard(call, client, request, spec.describe, spec.refuseProtected, proceed);
    else
        proceed();
}

void ProxmoxToolKit::deliver(const ApiToolSpec &spec, const std::shared_ptr<ToolCall> &call,
                             ProxmoxClient *client, const ProxmoxReply &reply,
                             const QString &path) const
{
    const QJsonValue data =
        spec.transform ? spec.transform(reply.data, call->arguments()) : reply.data;
    switch (spec.output) {
    case ApiToolSpec::Output::Action:
        finishAction(call, client, data, spec.waitByDefault);
        return;
    case ApiToolSpec::Output::List: {
        const ListShaper shaper(call->arguments(), spec.filters);
        const QJsonObject shaped = shaper.shape(data.toArray());
        QString text = TextTable::render(
            shaped.value(QLatin1String("items")).toArray(),
            call->arguments().contains(QLatin1String("fields")) ? QStringList() : spec.columns, 100,
            shaper.offset());
        text += u'\n' + pageLine(shaper.offset(), shaped.value(QLatin1String("count")).toInteger(),
                                 shaped.value(QLatin1String("total")).toInteger());
        call->finish(ToolResult::structured(shaped, text));
        return;
    }
    case ApiToolSpec::Output::Object: {
        const QJsonObject object =
            data.isObject() ? data.toObject() : QJsonObject{{QStringLiteral("value"), data}};
        // The first line names what was read, with the ids the next call needs.
        const QJsonObject guest = guestOfPath(path);
        const QString heading = guest.isEmpty()
                                    ? QString()
                                    : QStringLiteral("%1 %2 on node %3:\n")
                                          .arg(guest.value(QLatin1String("type")).toString(),
                                               ListShaper::text(guest.value(QLatin1String("vmid"))),
                                               guest.value(QLatin1String("node")).toString());
        call->finish(ToolResult::structured(object, heading + TextTable::renderObject(object)));
        return;
    }
    }
}

void ProxmoxToolKit::guard(const std::shared_ptr<ToolCall> &call, ProxmoxClient *client,
                           const ProxmoxRequest &request, const ApiToolSpec::Describe &describe,
                           bool refuseProtected, std::function<void()> proceed) const
{
    auto withFacts = [self = shared_from_this(), call, request, refuseProtected,
                      proceed](Result<QJsonObject> facts) {
        if (call->isFinished())
            return;
        if (!facts.ok()) {
            call->finish(ToolResult::error(
                QStringLiteral("Nothing was done: could not read what %1 %2 affects: %3")
                    .arg(QString::fromLatin1(request.method), request.path,
                         facts.error().message)));
            return;
        }
        const QJsonObject affects = facts.value();
        if (refuseProtected && affects.value(QLatin1String("protection")).toBool()) {
            call->finish(ToolResult::error(ConfirmationGate::protectedRefusal(affects)));
            return;
        }
        const QJsonObject plan{{QStringLiteral("ok"), true},
                               {QStringLiteral("dry_run"), true},
                               {QStringLiteral("method"), QString::fromLatin1(request.method)},
                               {QStringLiteral("path"), request.path},
                               {QStringLiteral("request"), requestJson(request)},
                               {QStringLiteral("affects"), affects}};
        self->confirmThen(call, plan, proceed);
    };
    if (describe) {
        describe(client, call->arguments(), withFacts);
        return;
    }
    const QJsonObject guest = guestOfPath(request.path);
    if (guest.isEmpty()) {
        withFacts(QJsonObject{});
        return;
    }
    GuestFacts::fetch(client, guest.value(QLatin1String("node")).toString(),
                      guest.value(QLatin1String("type")).toString(),
                      guest.value(QLatin1String("vmid")).toInteger(), withFacts);
}

void ProxmoxToolKit::confirmThen(const std::shared_ptr<ToolCall> &call, const QJsonObject &plan,
                                 std::function<void()> proceed) const
{
    const QJsonObject requestObject = plan.value(QLatin1String("request")).toObject();
    ProxmoxRequest request;
    request.method = requestObject.value(QLatin1String("method")).toString().toLatin1();
    request.path = requestObject.value(QLatin1String("path")).toString();
    request.params = requestObject.value(QLatin1String("params")).toObject();
    const CoreVerdict core = CoreGate::judge(request);
    const QString what =
        ConfirmationGate::describe(requestObject, plan.value(QLatin1String("affects")).toObject());
    const bool canElicit = call->clientSupports(QStringLiteral("elicitation"));
    // A core rule that only a person may satisfy: confirm:true does not count, and the person
    // is asked whenever the client can ask.
    ConfirmationGate::Decision decision =
        ConfirmationGate::decide(call->arguments(), canElicit, m_options.preferElicitation);
    if (core.kind == CoreVerdict::Kind::Refuse && decision != ConfirmationGate::Decision::DryRun) {
        call->facts().setDenied(core.ruleId);
        call->finish(ToolResult::error(CoreGate::refusal(core, what)));
        return;
    }
    if (core.needsPerson() && decision != ConfirmationGate::Decision::DryRun)
        decision = canElicit ? ConfirmationGate::Decision::Ask : ConfirmationGate::Decision::Refuse;
    switch (decision) {
    case ConfirmationGate::Decision::DryRun: {
        const QString text = ConfirmationGate::dryRunText(
            call->toolName(), what, requestObject.value(QLatin1String("method")).toString(),
            requestObject.value(QLatin1String("path")).toString(), core.needsPerson(), core.ruleId);
        call->finish(ToolResult::structured(plan, text));
        return;
    }
    case ConfirmationGate::Decision::Proceed:
        call->facts().setConfirmation(AuditFacts::Confirmation::Client);
        proceed();
        return;
    case ConfirmationGate::Decision::Refuse:
        if (core.needsPerson())
            call->facts().setDenied(core.ruleId);
        call->finish(ToolResult::error(
            core.needsPerson() ? CoreGate::cannotAsk(core, what)
                               : ConfirmationGate::refusal(call->toolName()) +
                                     QStringLiteral("\nWhat it would do: ") + what + u'.'));
        return;
    case ConfirmationGate::Decision::Ask: {
        const QString question = core.kind == CoreVerdict::Kind::Confirm
                                     ? CoreGate::question(call->toolName(), what, core)
                                     : ConfirmationGate::question(call->toolName(), plan);
        call->elicit(question, ConfirmationGate::requestedSchema(),
                     [call, proceed](Result<QJsonObject> answer) {
                         const Result<void> verdict = ConfirmationGate::interpretAnswer(answer);
                         if (!verdict.ok()) {
                             call->finish(ToolResult::error(verdict.error().message));
                             return;
                         }
                         call->facts().setConfirmedByPerson(answer.value());
                         proceed();
                     });
        return;
    }
    }
}

} // namespace pmcp
