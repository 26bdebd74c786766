#include "server/mcp/ToolCall.h"

#include "server/mcp/JsonSchemaValidator.h"
#include "server/mcp/McpLogCategory.h"
#include "server/mcp/McpSession.h"
#include "server/mcp/ProtocolEra.h"
#include "server/mcp/RequestContext.h"
#include "server/mcp/ToolDefinition.h"

#include <QLoggingCategory>

namespace pmcp {

ToolCall::ToolCall(std::shared_ptr<RequestContext> context, const ToolDefinition &tool,
                   QJsonObject arguments)
    : m_context(std::move(context))
    , m_toolName(tool.name)
    , m_outputSchema(tool.outputSchema)
    , m_arguments(std::move(arguments))
{}

QString ToolCall::clientName() const
{
    return m_context->session() ? m_context->session()->clientName() : QString();
}

bool ToolCall::isReadOnlyClient() const
{
    return m_context->session() && m_context->session()->isReadOnlyClient();
}

AuditFacts &ToolCall::facts()
{
    return m_context->auditFacts();
}

const AuditFacts &ToolCall::facts() const
{
    return m_context->auditFacts();
}

void ToolCall::progress(double progress, std::optional<double> total, const QString &message)
{
    m_context->progress(progress, total, message);
}

void ToolCall::log(LogLevel level, const QJsonValue &data)
{
    m_context->log(level, m_toolName, data);
}

bool ToolCall::clientSupports(const QString &capability) const
{
    return m_context->session() && m_context->session()->clientSupports(capability);
}

void ToolCall::elicit(const QString &message, const QJsonObject &requestedSchema,
                      std::function<void(Result<QJsonObject>)> callback)
{
    if (!clientSupports(QStringLiteral("elicitation"))) {
        callback(Error{ErrorCode::Unsupported, QStringLiteral("the client cannot ask its user")});
        return;
    }
    m_context->request(QStringLiteral("elicitation/create"),
                       {{QStringLiteral("message"), message},
                        {QStringLiteral("requestedSchema"), requestedSchema}},
                       std::move(callback));
}

void ToolCall::sample(const QJsonObject &params, std::function<void(Result<QJsonObject>)> callback)
{
    if (!clientSupports(QStringLiteral("sampling"))) {
        callback(
            Error{ErrorCode::Unsupported, QStringLiteral("the client does not offer sampling")});
        return;
    }
    m_context->request(QStringLiteral("sampling/createMessage"), params, std::move(callback));
}

void ToolCall::refuseMissingCapability(const QJsonObject &required)
{
    if (m_finished)
        return;
    m_finished = true;
    m_context->fail({ProtocolEra::MissingCapability,
                     QStringLiteral("Tool %1 needs the client capability %2, which the request "
                                    "did not declare")
                         .arg(m_toolName, required.keys().join(QStringLiteral(", "))),
                     QJsonObject{{QStringLiteral("requiredCapabilities"), required}}});
}

void ToolCall::closeStream()
{
    m_context->closeStream();
}

bool ToolCall::isCancelled() const
{
    return m_context->isCancelled();
}

void ToolCall::onCancel(std::function<void()> callback)
{
    m_context->onCancel(std::move(callback));
}

void ToolCall::finish(const ToolResult &result)
{
    if (m_finished)
        return;
    m_finished = true;
    // A refused command is what a client watching the log wants to see, whatever the tool's
    // result says about it.
    if (const AuditFacts &facts = m_context->auditFacts();
        facts.decision() == AuditFacts::Decision::Denied)
        m_context->log(LogLevel::Warning, QStringLiteral("policy"),
                       QJsonObject{{QStringLiteral("event"), QStringLiteral("command_denied")},
                                   {QStringLiteral("tool"), m_toolName},
                                   {QStringLiteral("rule"), facts.rule()}});
    if (!m_outputSchema.isEmpty() && !result.isError) {
        // A tool that breaks its own output schema is a bug: report it rather than send it.
        const auto violations =
            JsonSchemaValidator(m_outputSchema).validate(result.structuredContent);
        if (!result.hasStructured || !violations.isEmpty()) {
            qCWarning(lcMcp, "tool %s returned output that does not match its schema: %s",
                      qPrintable(m_toolName),
                      qPrintable(JsonSchemaValidator::describe(violations)));
            m_context->markToolError();
            m_context->respond(
                ToolResult::error(
                    QStringLiteral("internal error: the tool's output did not match its schema"))
                    .toJson());
            return;
        }
    }
    if (result.isError)
        m_context->markToolError();
    m_context->respond(result.toJson());
}

} // namespace pmcp
