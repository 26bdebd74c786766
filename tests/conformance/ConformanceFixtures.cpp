#include "ConformanceFixtures.h"

#include "server/mcp/McpServer.h"
#include "server/mcp/ToolCall.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

#include <memory>

namespace pmcp {

namespace {

const QString kPng = QStringLiteral("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8"
                                    "DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
const QString kWav = QStringLiteral("UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=");

QJsonObject text(const QString &value)
{
    return {{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), value}};
}

QJsonObject image()
{
    return {{QStringLiteral("type"), QStringLiteral("image")},
            {QStringLiteral("data"), kPng},
            {QStringLiteral("mimeType"), QStringLiteral("image/png")}};
}

QJsonObject embedded(const QString &uri, const QString &mimeType, const QString &body)
{
    return {{QStringLiteral("type"), QStringLiteral("resource")},
            {QStringLiteral("resource"), QJsonObject{{QStringLiteral("uri"), uri},
                                                     {QStringLiteral("mimeType"), mimeType},
                                                     {QStringLiteral("text"), body}}}};
}

QJsonObject object(const QJsonObject &properties, const QStringList &required = {})
{
    QJsonObject schema{{QStringLiteral("type"), QStringLiteral("object")},
                       {QStringLiteral("properties"), properties}};
    if (!required.isEmpty())
        schema.insert(QStringLiteral("required"), QJsonArray::fromStringList(required));
    return schema;
}

QJsonObject typed(const QString &type, const QString &description = {})
{
    QJsonObject schema{{QStringLiteral("type"), type}};
    if (!description.isEmpty())
        schema.insert(QStringLiteral("description"), description);
    return schema;
}

void addTool(McpServer &server, const QString &name, const QString &description,
             QJsonObject inputSchema, ToolHandler handler)
{
    ToolDefinition tool;
    tool.name = name;
    tool.description = description;
    tool.inputSchema = inputSchema.isEmpty() ? object({}) : std::move(inputSchema);
    tool.annotations = {
        .readOnly = true, .destructive = false, .idempotent = true, .openWorld = false};
    tool.handler = std::move(handler);
    const auto added = server.tools().add(std::move(tool));
    Q_ASSERT(added.ok());
}

ToolResult withContent(const QJsonArray &blocks)
{
    ToolResult result;
    result.content = blocks;
    return result;
}

// Runs steps ~50 ms apart, then finishes; stops early if the call was cancelled.
void stepped(const std::shared_ptr<ToolCall> &call, int steps, std::function<void(int)> step,
             std::function<void()> done)
{
    auto index = std::make_shared<int>(0);
    auto timer = new QTimer;
    timer->setInterval(50);
    QObject::connect(timer, &QTimer::timeout, timer, [call, index, steps, step, done, timer] {
        if (call->isCancelled()) {
            timer->deleteLater();
            return;
        }
        if (*index < steps) {
            step((*index)++);
            return;
        }
        timer->deleteLater();
        done();
    });
    step((*index)++);
    timer->start();
}

void registerTools(McpServer &server)
{
    addTool(server, QStringLiteral("test_simple_text"), QStringLiteral("Returns a simple text."),
            {}, [](const std::shared_ptr<ToolCall> &call) {
                call->finish(ToolResult::text(
                    QStringLiteral("This is a simple text response for testing.")));
            });
    addTool(server, QStringLiteral("test_image_content"), QStringLiteral("Returns a 1x1 PNG."), {},
            [](const std::shared_ptr<ToolCall> &call) { call->finish(withContent({image()})); });
    addTool(server, QStringLiteral("test_audio_content"), QStringLiteral("Returns a tiny WAV."), {},
            [](const std::shared_ptr<ToolCall> &call) {
                call->finish(withContent(
                    {QJsonObject{{QStringLiteral("type"), QStringLiteral("audio")},
                                 {QStringLiteral("data"), kWav},
                                 {QStringLiteral("mimeType"), QStringLiteral("audio/wav")}}}));
            });
    addTool(server, QStringLiteral("test_embedded_resource"),
            QStringLiteral("Returns an embedded resource."), {},
            [](const std::shared_ptr<ToolCall> &call) {
                call->finish(withContent({embedded(
                    QStringLiteral("test://embedded-resource"), QStringLiteral("text/plain"),
                    QStringLiteral("This is an embedded resource content."))}));
            });
    addTool(server, QStringLiteral("test_multiple_content_types"),
            QStringLiteral("Returns text, image and resource."), {},
            [](const std::shared_ptr<ToolCall> &call) {
                call->finish(
                    withContent({text(QStringLiteral("Multiple content types test:")), image(),
                                 embedded(QStringLiteral("test://mixed-content-resource"),
                                          QStringLiteral("application/json"),
                                          QStringLiteral("{\"test\":\"data\",\"value\":123}"))}));
            });
    const auto logThreeTimes = [](const std::shared_ptr<ToolCall> &call) {
        static const QStringList messages{QStringLiteral("Tool execution started"),
                                          QStringLiteral("Tool processing data"),
                                          QStringLiteral("Tool execution completed")};
        stepped(
            call, 3, [call](int i) { call->log(LogLevel::Info, messages[i]); },
            [call] {
                call->finish(
                    ToolResult::text(QStringLiteral("Tool with logging executed successfully")));
            });
    };
    addTool(server, QStringLiteral("test_tool_with_logging"),
            QStringLiteral("Logs three messages while it runs."), {}, logThreeTimes);
    // 2026-07-28 (server-stateless): silent unless the request's _meta names a logLevel.
    addTool(server, QStringLiteral("test_logging_tool"),
            QStringLiteral("Logs three messages while it runs, if the request asks for logs."), {},
            logThreeTimes);
    // 2026-07-28 (http-custom-header-server-validation): an argument that travels in the
    // Mcp-Param-Region header too.
    QJsonObject region = typed(QStringLiteral("string"), QStringLiteral("Where to look"));
    region.insert(QStringLiteral("x-mcp-header"), QStringLiteral("Region"));
    addTool(server, QStringLiteral("test_custom_header"),
            QStringLiteral("Echoes its region argument, which is also a header."),
            object({{QStringLiteral("region"), region}}, {QStringLiteral("region")}),
            [](const std::shared_ptr<ToolCall> &call) {
                call->finish(
                    ToolResult::text(QStringLiteral("Region: ") +
                                     call->arguments().value(QLatin1String("region")).toString()));
            });
    // 2026-07-28 (server-stateless): changes the tool list, so that subscriptions/listen
    // streams that asked for it get notifications/tools/list_changed.
    addTool(server, QStringLiteral("test_trigger_tool_change"),
            QStringLiteral("Adds or removes the tool test_dynamic_tool."), {},
            [&server](const std::shared_ptr<ToolCall> &call) {
                const QString dynamic = QStringLiteral("test_dynamic_tool");
                if (server.tools().remove(dynamic))
                    return call->finish(ToolResult::text(QStringLiteral("removed ") + dynamic));
                addTool(server, dynamic, QStringLiteral("Comes and goes."), {},
                        [](const std::shared_ptr<ToolCall> &dynamicCall) {
                            dynamicCall->finish(ToolResult::text(QStringLiteral("here")));
                        });
                call->finish(ToolResult::text(QStringLiteral("added ") + dynamic));
            });
    // 2026-07-28: needs sampling; a request that does not declare it gets -32021.
    addTool(
        server, QStringLiteral("test_missing_capability"),
        QStringLiteral("Needs the client's sampling capability."), {},
        [](const std::shared_ptr<ToolCall> &call) {
            if (!call->clientSupports(QStringLiteral("sampling")))
                return call->refuseMissingCapability({{QStringLiteral("sampling"), QJsonObject{}}});
            call->finish(ToolResult::text(QStringLiteral("The client declared sampling.")));
        });
    // 2026-07-28: asks the user; on that wire no elicitation request goes to the client (the
    // revision has none), so the answer is a tool error saying so.
    addTool(server, QStringLiteral("test_streaming_elicitation"),
            QStringLiteral("Asks the user for a name while it streams."), {},
            [](const std::shared_ptr<ToolCall> &call) {
                call->progress(0, 1);
                call->elicit(
                    QStringLiteral("What is your name?"),
                    object({{QStringLiteral("name"), typed(QStringLiteral("string"))}},
                           {QStringLiteral("name")}),
                    [call](Result<QJsonObject> answer) {
                        if (!answer.ok())
                            return call->finish(ToolResult::error(answer.error().message));
                        call->finish(ToolResult::text(
                            QStringLiteral("User response: ") +
                            QString::fromUtf8(
                                QJsonDocument(answer.value()).toJson(QJsonDocument::Compact))));
                    });
            });
    addTool(server, QStringLiteral("test_tool_with_progress"),
            QStringLiteral("Reports progress 0, 50, 100."), {},
            [](const std::shared_ptr<ToolCall> &call) {
                stepped(
                    call, 3,
                    [call](int i) {
                        call->progress(i * 50.0, 100.0, QStringLiteral("step %1").arg(i + 1));
                    },
                    [call] {
                        call->finish(ToolResult::text(
                            QStringLiteral("Tool with progress executed successfully")));
                    });
            });
    addTool(server, QStringLiteral("test_error_handling"), QStringLiteral("Always fails."), {},
            [](const std::shared_ptr<ToolCall> &call) {
                call->finish(ToolResult::error(
                    QStringLiteral("This tool intentionally returns an error for testing")));
            });
    addTool(server, QStringLiteral("test_sampling"), QStringLiteral("Asks the client's model."),
            object({{QStringLiteral("prompt"),
                     typed(QStringLiteral("string"), QStringLiteral("What to ask"))}},
                   {QStringLiteral("prompt")}),
            [](const std::shared_ptr<ToolCall> &call) {
                const QJsonObject params{
                    {QStringLiteral("messages"),
                     QJsonArray{QJsonObject{
                         {QStringLiteral("role"), QStringLiteral("user")},
                         {QStringLiteral("content"),
                          text(call->arguments().value(QLatin1String("prompt")).toString())}}}},
                    {QStringLiteral("maxTokens"), 100}};
                call->sample(params, [call](Result<QJsonObject> answer) {
                    if (!answer.ok())
                        return call->finish(ToolResult::error(answer.error().message));
                    const QString reply = answer.value()
                                              .value(QLatin1String("content"))
                                              .toObject()
                                              .value(QLatin1String("text"))
                                              .toString();
                    call->finish(ToolResult::text(QStringLiteral("LLM response: ") + reply));
                });
            });
    const auto elicitWith = [](const QJsonObject &schema) {
        return [schema](const std::shared_ptr<ToolCall> &call) {
            const QString message =
                call->arguments()
                    .value(QLatin1String("message"))
                    .toString(QStringLiteral("Please provide your information"));
            call->elicit(message, schema, [call](Result<QJsonObject> answer) {
                if (!answer.ok())
                    return call->finish(ToolResult::error(answer.error().message));
                call->finish(ToolResult::text(
                    QStringLiteral("User response: ") +
                    QString::fromUtf8(
                        QJsonDocument(answer.value()).toJson(QJsonDocument::Compact))));
            });
        };
    };
    addTool(server, QStringLiteral("test_elicitation"),
            QStringLiteral("Asks the user for a name and an e-mail address."),
            object({{QStringLiteral("message"), typed(QStringLiteral("string"))}}),
            elicitWith(
                object({{QStringLiteral("username"),
                         typed(QStringLiteral("string"), QStringLiteral("User's name"))},
                        {QStringLiteral("email"),
                         typed(QStringLiteral("string"), QStringLiteral("User's email address"))}},
                       {QStringLiteral("username"), QStringLiteral("email")})));
    QJsonObject name = typed(QStringLiteral("string"));
    name.insert(QStringLiteral("default"), QStringLiteral("John Doe"));
    QJsonObject age = typed(QStringLiteral("integer"));
    age.insert(QStringLiteral("default"), 30);
    QJsonObject score = typed(QStringLiteral("number"));
    score.insert(QStringLiteral("default"), 95.5);
    QJsonObject status = typed(QStringLiteral("string"));
    status.insert(QStringLiteral("enum"),
                  QJsonArray{QStringLiteral("active"), QStringLiteral("inactive"),
                             QStringLiteral("pending")});
    status.insert(QStringLiteral("default"), QStringLiteral("active"));
    QJsonObject verified = typed(QStringLiteral("boolean"));
    verified.insert(QStringLiteral("default"), true);
    addTool(server, QStringLiteral("test_elicitation_sep1034_defaults"),
            QStringLiteral("Elicitation with default values."), {},
            elicitWith(object({{QStringLiteral("name"), name},
                               {QStringLiteral("age"), age},
                               {QStringLiteral("score"), score},
                               {QStringLiteral("status"), status},
                               {QStringLiteral("verified"), verified}})));
    const auto option = [](const QString &value, const QString &title) {
        return QJsonObject{{QStringLiteral("const"), value}, {QStringLiteral("title"), title}};
    };
    QJsonObject untitledSingle = typed(QStringLiteral("string"));
    untitledSingle.insert(QStringLiteral("enum"),
                          QJsonArray{QStringLiteral("option1"), QStringLiteral("option2"),
                                     QStringLiteral("option3")});
    QJsonObject titledSingle = typed(QStringLiteral("string"));
    titledSingle.insert(QStringLiteral("oneOf"),
                        QJsonArray{option(QStringLiteral("value1"), QStringLiteral("First")),
                                   option(QStringLiteral("value2"), QStringLiteral("Second"))});
    QJsonObject legacy = typed(QStringLiteral("string"));
    legacy.insert(QStringLiteral("enum"),
                  QJsonArray{QStringLiteral("opt1"), QStringLiteral("opt2")});
    legacy.insert(QStringLiteral("enumNames"),
                  QJsonArray{QStringLiteral("Option One"), QStringLiteral("Option Two")});
    QJsonObject untitledMulti = typed(QStringLiteral("array"));
    untitledMulti.insert(
        QStringLiteral("items"),
        QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                    {QStringLiteral("enum"),
                     QJsonArray{QStringLiteral("option1"), QStringLiteral("option2")}}});
    QJsonObject titledMulti = typed(QStringLiteral("array"));
    titledMulti.insert(
        QStringLiteral("items"),
        QJsonObject{{QStringLiteral("anyOf"),
                     QJsonArray{option(QStringLiteral("value1"), QStringLiteral("First")),
                                option(QStringLiteral("value2"), QStringLiteral("Second"))}}});
    addTool(server, QStringLiteral("test_elicitation_sep1330_enums"),
            QStringLiteral("Elicitation with enum shapes."), {},
            elicitWith(object({{QStringLiteral("untitledSingle"), untitledSingle},
                               {QStringLiteral("titledSingle"), titledSingle},
                               {QStringLiteral("legacyEnum"), legacy},
                               {QStringLiteral("untitledMulti"), untitledMulti},
                               {QStringLiteral("titledMulti"), titledMulti}})));
    addTool(server, QStringLiteral("test_reconnection"),
            QStringLiteral("Closes its SSE stream mid-call, then completes."), {},
            [](const std::shared_ptr<ToolCall> &call) {
                call->closeStream();
                QTimer::singleShot(100, [call] {
                    call->finish(ToolResult::text(QStringLiteral("Reconnection test completed")));
                });
            });
    // The suite's own schema (2026-07-28's json-schema-2020-12): every keyword kept verbatim.
    const QJsonObject schema2020 = QJsonDocument::fromJson(R"({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "$defs": {"address": {"$anchor": "addressDef", "type": "object", "properties": {"street": {"type": "string"}, "city": {"type": "string"}}}},
        "properties": {"name": {"type": "string"}, "address": {"$ref": "#/$defs/address"},
                       "contactMethod": {"type": "string", "enum": ["phone", "email"]},
                       "phone": {"type": "string"}, "email": {"type": "string"}},
        "allOf": [{"anyOf": [{"required": ["phone"]}, {"required": ["email"]}]}],
        "if": {"properties": {"contactMethod": {"const": "phone"}}, "required": ["contactMethod"]},
        "then": {"required": ["phone"]},
        "else": {"required": ["email"]},
        "additionalProperties": false
    })")
                                       .object();
    addTool(server, QStringLiteral("json_schema_2020_12_tool"),
            QStringLiteral("Has a JSON Schema 2020-12 input schema."), schema2020,
            [](const std::shared_ptr<ToolCall> &call) {
                call->finish(ToolResult::text(
                    QStringLiteral("Received: ") +
                    QString::fromUtf8(
                        QJsonDocument(call->arguments()).toJson(QJsonDocument::Compact))));
            });
}

QJsonArray textContents(const QString &uri, const QString &mimeType, const QString &body)
{
    return {QJsonObject{{QStringLiteral("uri"), uri},
                        {QStringLiteral("mimeType"), mimeType},
                        {QStringLiteral("text"), body}}};
}

void registerResources(McpServer &server)
{
    server.resources().add(
        {QStringLiteral("test://static-text"),
         QStringLiteral("Static Text Resource"),
         {},
         QStringLiteral("A static text resource"),
         QStringLiteral("text/plain"),
         [](const QString &uri) -> Result<QJsonArray> {
             return textContents(
                 uri, QStringLiteral("text/plain"),
                 QStringLiteral("This is the content of the static text resource."));
         }});
    server.resources().add({QStringLiteral("test://static-binary"),
                            QStringLiteral("Static Binary Resource"),
                            {},
                            QStringLiteral("A static PNG"),
                            QStringLiteral("image/png"),
                            [](const QString &uri) -> Result<QJsonArray> {
                                return QJsonArray{QJsonObject{
                                    {QStringLiteral("uri"), uri},
                                    {QStringLiteral("mimeType"), QStringLiteral("image/png")},
                                    {QStringLiteral("blob"), kPng}}};
                            }});
    server.resources().add({QStringLiteral("test://watched-resource"),
                            QStringLiteral("Watched Resource"),
                            {},
                            QStringLiteral("A resource to subscribe to"),
                            QStringLiteral("text/plain"),
                            [](const QString &uri) -> Result<QJsonArray> {
                                return textContents(uri, QStringLiteral("text/plain"),
                                                    QStringLiteral("Watched resource content"));
                            }});
    server.resources().addTemplate(
        {QStringLiteral("test://template/{id}/data"),
         QStringLiteral("Template Resource"),
         {},
         QStringLiteral("Data for an id"),
         QStringLiteral("application/json"),
         [](const QString &uri, const QHash<QString, QString> &vars) -> Result<QJsonArray> {
             const QString id = vars.value(QStringLiteral("id"));
             const QJsonObject data{
                 {QStringLiteral("id"), id},
                 {QStringLiteral("templateTest"), true},
                 {QStringLiteral("data"), QStringLiteral("Data for ID: %1").arg(id)}};
             return textContents(
                 uri, QStringLiteral("application/json"),
                 QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact)));
         }});
}

QJsonObject userMessage(const QJsonObject &content)
{
    return {{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), content}};
}

void registerPrompts(McpServer &server)
{
    server.prompts().add({QStringLiteral("test_simple_prompt"),
                          {},
                          QStringLiteral("A simple prompt"),
                          {},
                          [](const QJsonObject &) -> Result<QJsonObject> {
                              return QJsonObject{{QStringLiteral("messages"),
                                                  QJsonArray{userMessage(text(QStringLiteral(
                                                      "This is a simple prompt for testing.")))}}};
                          }});
    server.prompts().add(
        {QStringLiteral("test_prompt_with_arguments"),
         {},
         QStringLiteral("A prompt with arguments"),
         {{QStringLiteral("arg1"), QStringLiteral("First argument"), true},
          {QStringLiteral("arg2"), QStringLiteral("Second argument"), true}},
         [](const QJsonObject &args) -> Result<QJsonObject> {
             const QString body = QStringLiteral("Prompt with arguments: arg1='%1', arg2='%2'")
                                      .arg(args.value(QLatin1String("arg1")).toString(),
                                           args.value(QLatin1String("arg2")).toString());
             return QJsonObject{{QStringLiteral("messages"), QJsonArray{userMessage(text(body))}}};
         }});
    server.prompts().add(
        {QStringLiteral("test_prompt_with_embedded_resource"),
         {},
         QStringLiteral("A prompt with a resource"),
         {{QStringLiteral("resourceUri"), QStringLiteral("URI of the resource"), true}},
         [](const QJsonObject &args) -> Result<QJsonObject> {
             const QString uri = args.value(QLatin1String("resourceUri")).toString();
             return QJsonObject{
                 {QStringLiteral("messages"),
                  QJsonArray{userMessage(embedded(
                                 uri, QStringLiteral("text/plain"),
                                 QStringLiteral("Embedded resource content for testing."))),
                             userMessage(text(
                                 QStringLiteral("Please process the embedded resource above.")))}}};
         }});
    server.prompts().add(
        {QStringLiteral("test_prompt_with_image"),
         {},
         QStringLiteral("A prompt with an image"),
         {},
         [](const QJsonObject &) -> Result<QJsonObject> {
             return QJsonObject{
                 {QStringLiteral("messages"),
                  QJsonArray{userMessage(image()), userMessage(text(QStringLiteral(
                                                       "Please analyze the image above.")))}}};
         }});
}

} // namespace

void ConformanceFixtures::registerAll(McpServer &server)
{
    registerTools(server);
    registerResources(server);
    registerPrompts(server);
}

} // namespace pmcp
