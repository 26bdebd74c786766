#pragma once

#include "server/mcp/McpServer.h"
#include "server/mcp/McpSession.h"
#include "server/mcp/ToolCall.h"
#include "tests/support/RecordingChannel.h"
#include "tests/support/TestJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>
#include <stdexcept>

namespace pmcp::test {

using pmcp::testjson::parseObject;

inline QString firstText(const QJsonObject &toolResult)
{
    return toolResult.value(QLatin1String("content"))
        .toArray()
        .at(0)
        .toObject()
        .value(QLatin1String("text"))
        .toString();
}

inline QStringList namesIn(const QJsonObject &result, const QString &key)
{
    QStringList names;
    for (const QJsonValue &item : result.value(key).toArray())
        names.append(item.toObject().value(QLatin1String("name")).toString());
    return names;
}

// What the call observer was told about one request.
struct Observed {
    QString method;
    QString label;
    QString outcome;
};

// A server with a few tools of each kind, one session, and the observer's records.
struct McpServerFixture {
    McpServerFixture()
    {
        server.setCallObserver([this](const QString &method, const QString &label,
                                      const QString &outcome, double seconds) {
            observed.append({method, label, outcome});
            QVERIFY(seconds >= 0);
        });
        ToolDefinition echo = tool(QStringLiteral("echo"), true);
        echo.inputSchema =
            parseObject(R"({"type":"object","properties":{"text":{"type":"string"}},)"
                        R"("required":["text"],"additionalProperties":false})");
        echo.handler = [](const std::shared_ptr<ToolCall> &call) {
            call->finish(
                ToolResult::text(call->arguments().value(QLatin1String("text")).toString()));
        };
        add(std::move(echo));

        ToolDefinition write = tool(QStringLiteral("delete_vm"), false);
        write.handler = [](const std::shared_ptr<ToolCall> &call) {
            call->finish(ToolResult::text(QStringLiteral("deleted")));
        };
        add(std::move(write));

        ToolDefinition slow = tool(QStringLiteral("slow"), true);
        slow.handler = [this](const std::shared_ptr<ToolCall> &call) {
            pending = call;
            call->onCancel([this] { ++cancelCallbacks; });
        };
        add(std::move(slow));

        ToolDefinition boom = tool(QStringLiteral("boom"), true);
        boom.handler = [](const std::shared_ptr<ToolCall> &) { throw std::runtime_error("kaput"); };
        add(std::move(boom));

        ToolDefinition boomOdd = tool(QStringLiteral("boom_odd"), true);
        boomOdd.handler = [](const std::shared_ptr<ToolCall> &) { throw 42; };
        add(std::move(boomOdd));

        ToolDefinition ask = tool(QStringLiteral("ask"), true);
        ask.handler = [](const std::shared_ptr<ToolCall> &call) {
            call->elicit(QStringLiteral("Proceed?"), ToolDefinition::emptyInputSchema(),
                         [call](Result<QJsonObject> answer) {
                             call->finish(
                                 answer.ok()
                                     ? ToolResult::text(
                                           answer.value().value(QLatin1String("action")).toString())
                                     : ToolResult::error(answer.error().message));
                         });
        };
        add(std::move(ask));
    }

    static ToolDefinition tool(const QString &name, bool readOnly)
    {
        ToolDefinition definition;
        definition.name = name;
        definition.description = QStringLiteral("The %1 tool.").arg(name);
        definition.inputSchema = ToolDefinition::emptyInputSchema();
        definition.annotations.readOnly = readOnly;
        definition.handler = [](const std::shared_ptr<ToolCall> &call) {
            call->finish(ToolResult::text(call->toolName()));
        };
        return definition;
    }
    void add(ToolDefinition definition)
    {
        const auto added = server.tools().add(std::move(definition));
        QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().message));
    }
    std::shared_ptr<RecordingChannel>
    request(const QString &method, const QJsonObject &params = {},
            const QJsonValue &id = QJsonValue(QJsonValue::Undefined))
    {
        return sendRequest(server, &session, id.isUndefined() ? QJsonValue(nextId++) : id, method,
                           params);
    }
    std::shared_ptr<RecordingChannel>
    callTool(const QString &name, const QJsonValue &arguments = {},
             const QJsonValue &id = QJsonValue(QJsonValue::Undefined))
    {
        QJsonObject params{{QStringLiteral("name"), name}};
        if (!arguments.isNull())
            params.insert(QStringLiteral("arguments"), arguments);
        return request(QStringLiteral("tools/call"), params, id);
    }
    // prompts/get with these parameters, written as JSON.
    std::shared_ptr<RecordingChannel> getPrompt(const char *paramsJson)
    {
        return request(QStringLiteral("prompts/get"), parseObject(paramsJson));
    }
    // A request whose only parameter is a uri, as the resources/ methods take.
    std::shared_ptr<RecordingChannel>
    requestUri(const QString &method, const QString &uri,
               const QJsonValue &id = QJsonValue(QJsonValue::Undefined))
    {
        return request(method, {{QStringLiteral("uri"), uri}}, id);
    }
    // A message from the client that needs no channel: a response, or something invalid.
    void deliver(const QJsonValue &message)
    {
        server.handle(&session, JsonRpcMessage::classify(message), {});
    }
    void notify(const QString &method, const QJsonObject &params = {})
    {
        server.handle(&session, notificationMessage(method, params), {});
    }

    QList<Observed> observed;
    int cancelCallbacks = 0;
    std::shared_ptr<ToolCall> pending;
    McpServer server{ServerIdentity{QStringLiteral("proxmox-mcp"), QStringLiteral("Proxmox MCP"),
                                    QStringLiteral("0.1.0"), QStringLiteral("Use the tools.")}};
    McpSession session{QStringLiteral("session")};
    int nextId = 1;
};

// A fixture whose session has been initialized (no client capabilities).
struct OpenMcpServerFixture : McpServerFixture {
    OpenMcpServerFixture() { initializeSession(server, &session); }
};

// The first object of the array under key, e.g. the first of a result's "contents".
inline QJsonObject firstOf(const QJsonObject &object, const QString &key)
{
    return object.value(key).toArray().at(0).toObject();
}

inline ResourceDefinition statusResource()
{
    ResourceDefinition resource;
    resource.uri = QStringLiteral("pve://cluster/status");
    resource.name = QStringLiteral("status");
    resource.read = [](const QString &uri) -> Result<QJsonArray> {
        return QJsonArray{QJsonObject{{QStringLiteral("uri"), uri},
                                      {QStringLiteral("text"), QStringLiteral("quorate")}}};
    };
    return resource;
}

// pve://vm/{vmid}, read as the vmid; VM 999 is on an unreachable cluster.
inline ResourceTemplateDefinition vmTemplate()
{
    ResourceTemplateDefinition vm;
    vm.uriTemplate = QStringLiteral("pve://vm/{vmid}");
    vm.name = QStringLiteral("vm");
    vm.read = [](const QString &uri, const QHash<QString, QString> &vars) -> Result<QJsonArray> {
        if (vars.value(QStringLiteral("vmid")) == QLatin1String("999"))
            return Error{ErrorCode::Unavailable, QStringLiteral("the cluster is unreachable")};
        return QJsonArray{
            QJsonObject{{QStringLiteral("uri"), uri},
                        {QStringLiteral("text"), vars.value(QStringLiteral("vmid"))}}};
    };
    return vm;
}

inline PromptDefinition diagnosePrompt()
{
    PromptDefinition prompt;
    prompt.name = QStringLiteral("diagnose");
    prompt.arguments = {{QStringLiteral("vmid"), {}, true}, {QStringLiteral("node"), {}, false}};
    prompt.get = [](const QJsonObject &arguments) -> Result<QJsonObject> {
        if (arguments.value(QLatin1String("vmid")).toString() == QLatin1String("0"))
            return Error::invalid(QStringLiteral("VM 0 does not exist"));
        return QJsonObject{
            {QStringLiteral("messages"),
             QJsonArray{QJsonObject{
                 {QStringLiteral("role"), QStringLiteral("user")},
                 {QStringLiteral("content"),
                  QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                              {QStringLiteral("text"),
                               QStringLiteral("Diagnose VM %1")
                                   .arg(arguments.value(QLatin1String("vmid")).toString())}}}}}}};
    };
    return prompt;
}

} // namespace pmcp::test
