#include "server/tools/proxmox/CoreGate.h"

#include "server/mcp/ToolCall.h"
#include "server/tools/proxmox/ConfirmationGate.h"

namespace pmcp {

ApiOperation CoreGate::operationOf(const ProxmoxRequest &request)
{
    return {QString::fromLatin1(request.method), request.path, request.params};
}

CoreVerdict CoreGate::judge(const ProxmoxRequest &request)
{
    return CoreRules::builtIn().judge(operationOf(request));
}

bool CoreGate::satisfied(const CoreVerdict &verdict, const ToolCall &call)
{
    switch (verdict.kind) {
    case CoreVerdict::Kind::Allow:
        return true;
    case CoreVerdict::Kind::Refuse:
        return false;
    case CoreVerdict::Kind::Confirm:
        break;
    }
    const AuditFacts::Confirmation by = call.facts().confirmation();
    return by == AuditFacts::Confirmation::Person ||
           (by == AuditFacts::Confirmation::Client && verdict.clientMayConfirm);
}

QString CoreGate::refusal(const CoreVerdict &verdict, const QString &what)
{
    QString text = QStringLiteral("Refused by core rule %1: %2 %3 Nothing was sent.")
                       .arg(verdict.ruleId, what, verdict.reason);
    if (!verdict.typedTool.isEmpty())
        text += QStringLiteral(" Use %1, which asks for confirmation.").arg(verdict.typedTool);
    else
        text += QStringLiteral(" Core rules stay in force whatever the configuration says; do "
                               "this in the Proxmox web interface or at the node's console.");
    return text;
}

QString CoreGate::cannotAsk(const CoreVerdict &verdict, const QString &what)
{
    return QStringLiteral(
               "Nothing was done: %1 falls under core rule %2 (%3). Only a person may allow it, "
               "through the client's confirmation dialog (MCP elicitation), and this client "
               "cannot ask its user; a confirm:true from the client is not enough here. Do it in "
               "the Proxmox web interface, or from a client that supports elicitation.")
        .arg(what, verdict.ruleId, verdict.reason);
}

QString CoreGate::question(const QString &toolName, const QString &what, const CoreVerdict &verdict)
{
    QString text = QStringLiteral("%1 wants to %2. %3").arg(toolName, what, verdict.reason);
    text += QStringLiteral(" (core rule %1.) Allow it?").arg(verdict.ruleId);
    return text;
}

void CoreGate::check(const std::shared_ptr<ToolCall> &call, const ProxmoxRequest &request,
                     std::function<void()> proceed)
{
    const CoreVerdict verdict = judge(request);
    if (satisfied(verdict, *call)) {
        proceed();
        return;
    }
    const QString what = ConfirmationGate::describe(request, {});
    if (verdict.kind == CoreVerdict::Kind::Refuse) {
        call->facts().setDenied(verdict.ruleId);
        call->finish(ToolResult::error(refusal(verdict, what)));
        return;
    }
    if (!call->clientSupports(QStringLiteral("elicitation"))) {
        call->facts().setDenied(verdict.ruleId);
        call->finish(ToolResult::error(cannotAsk(verdict, what)));
        return;
    }
    call->elicit(question(call->toolName(), what, verdict), ConfirmationGate::requestedSchema(),
                 [call, proceed](Result<QJsonObject> answer) {
                     const Result<void> accepted = ConfirmationGate::interpretAnswer(answer);
                     if (!accepted.ok()) {
                         call->finish(ToolResult::error(accepted.error().message));
                         return;
                     }
                     call->facts().setConfirmedByPerson(answer.value());
                     proceed();
                 });
}

} // namespace pmcp
