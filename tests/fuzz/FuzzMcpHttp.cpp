// libFuzzer entry point for MCP over Streamable HTTP: McpHttpController, SseChannel, the
// sessions and the engine, fed requests directly (no socket). A fake reply checks that every
// request gets exactly one answer: one send(), or startStream(), chunks, endStream().
//
// An input is up to kMaxRecords records separated by a line "%%". A record is one request:
//   line 1: METHOD FLAGS    e.g. "POST acsv"
//   rest:   the body
// FLAGS, one character each:
//   a  Accept: application/json, text/event-stream   j  Accept: application/json
//   e  Accept: text/event-stream                     *  Accept: */*
//   c  Content-Type: application/json                C  ...; charset=utf-8
//   t  Content-Type: text/plain
//   s  Mcp-Session-Id of the current session         x  an unknown Mcp-Session-Id
//   v  MCP-Protocol-Version: 2025-11-25              o  2025-03-26     u  1999-01-01
//   l  Last-Event-ID: the last event id seen         L  Last-Event-ID: 1-0
//   r  a read-only client                            n  another client name
//   k  the client disconnects right after the request
// Every input starts with an initialize and notifications/initialized of its own, so the
// session paths are reached; all sessions it opened are removed at its end.
#include "server/http/HttpRequest.h"
#include "server/http/HttpResponse.h"
#include "server/http/McpHttpController.h"
#include "server/mcp/McpServer.h"
#include "server/mcp/SessionManager.h"
#include "server/tools/ServerInfoTool.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

namespace {

using pmcp::HttpReply;
using pmcp::HttpResponse;

constexpr int kMaxRecords = 8;
const QByteArray kClient = QByteArrayLiteral("fuzz-client");

[[noreturn]] void violation(const char *what, const QByteArray &detail = {})
{
    std::fprintf(stderr, "FuzzMcpHttp invariant violated: %s\n%s\n", what, detail.constData());
    std::abort();
}

QByteArray headerValue(const QList<std::pair<QByteArray, QByteArray>> &headers,
                       const QByteArray &name)
{
    for (const auto &[key, value] : headers) {
        if (key.toLower() == name)
            return value;
    }
    return {};
}

// A JSON-RPC 2.0 response or notification object, or abort().
QJsonObject requireRpcObject(const QByteArray &json, const char *where)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        violation(where, json);
    const QJsonObject object = document.object();
    if (object.value(QStringLiteral("jsonrpc")).toString() != QStringLiteral("2.0"))
        violation("a message without jsonrpc 2.0", json);
    const bool hasResult = object.contains(QStringLiteral("result"));
    const bool hasError = object.contains(QStringLiteral("error"));
    if (hasResult && hasError)
        violation("a message with both result and error", json);
    return object;
}

// A batch answer (2025-03-26 sessions only): a non-empty array of JSON-RPC objects, or abort().
void requireRpcBatch(const QByteArray &json)
{
    const QJsonArray batch = QJsonDocument::fromJson(json).array();
    if (batch.isEmpty())
        violation("an empty or malformed batch answer", json);
    for (const QJsonValue &element : batch) {
        if (!element.isObject())
            violation("a batch answer element that is not an object", json);
        requireRpcObject(QJsonDocument(element.toObject()).toJson(QJsonDocument::Compact),
                         "a batch answer element that is not a JSON-RPC object");
    }
}

// Records what the controller does with one request and checks the order of the calls.
class FakeReply final : public HttpReply {
public:
    enum class State { Fresh, Sent, Streaming, Ended };

    bool isOpen() const override
    {
        return !m_disconnected && (m_state == State::Fresh || m_state == State::Streaming);
    }

    void send(const HttpResponse &response) override
    {
        if (m_state != State::Fresh)
            violation("send() on a reply that was already answered");
        m_state = State::Sent;
        m_status = response.status;
        m_headers = response.headers;
        m_body = response.body;
        static const QList<int> expected{200, 202, 400, 404, 405, 406, 415, 429, 503};
        if (!expected.contains(response.status))
            violation("unexpected status", QByteArray::number(response.status));
        if (response.status == 202 && !response.body.isEmpty())
            violation("202 with a body", response.body);
        const bool json =
            headerValue(response.headers, "content-type").startsWith("application/json");
        if (json && response.status == 405) {
            // Not an MCP method at all: a plain problem document, not JSON-RPC.
            if (!QJsonDocument::fromJson(response.body)
                     .object()
                     .value(QStringLiteral("error"))
                     .isObject())
                violation("a 405 without an error document", response.body);
        } else if (json && response.status == 200 && response.body.startsWith('[')) {
            requireRpcBatch(response.body);
        } else if (json) {
            const QJsonObject object =
                requireRpcObject(response.body, "a JSON body that is not a JSON-RPC object");
            if (response.status != 200 && !object.contains(QStringLiteral("error")))
                violation("an error status without a JSON-RPC error", response.body);
        } else if (response.status != 202 && response.status != 200) {
            violation("an error status without a JSON body", response.body);
        } else if (!response.body.isEmpty()) {
            violation("a 200 body that is not JSON", response.body);
        }
    }

    void startStream(int status, const QList<std::pair<QByteArray, QByteArray>> &headers) override
    {
        if (m_state != State::Fresh)
            violation("startStream() on a reply that was already answered");
        if (status != 200)
            violation("a stream with a status other than 200", QByteArray::number(status));
        if (headerValue(headers, "content-type") != "text/event-stream")
            violation("a stream that is not text/event-stream");
        m_state = State::Streaming;
        m_status = status;
        m_headers = headers;
    }

    void writeChunk(const QByteArray &data) override
    {
        if (m_state != State::Streaming)
            violation("writeChunk() outside a stream", data);
        if (!data.endsWith("\n\n"))
            violation("an SSE chunk that does not end an event", data);
        for (const QByteArray &line : data.split('\n')) {
            if (line.startsWith("id: "))
                m_lastEventId = line.mid(4);
            if (line.startsWith("data: ") && line.size() > 6) {
                const QJsonObject message =
                    requireRpcObject(line.mid(6), "SSE data that is not a JSON-RPC object");
                if (message.contains(QStringLiteral("result")) ||
                    message.contains(QStringLiteral("error")))
                    m_streamedResponses.append(message);
            }
        }
        m_body += data;
    }

    void endStream() override
    {
        if (m_state != State::Streaming)
            violation("endStream() without an open stream");
        m_state = State::Ended;
    }

    void onClosed(std::function<void()> callback) override
    {
        m_closed.push_back(std::move(callback));
    }

    void disconnect()
    {
        if (m_disconnected || !isOpen())
            return;
        m_disconnected = true;
        const auto callbacks = std::move(m_closed);
        m_closed.clear();
        for (const auto &callback : callbacks)
            callback();
    }

    State state() const { return m_state; }
    bool disconnected() const { return m_disconnected; }
    int status() const { return m_status; }
    const QByteArray &body() const { return m_body; }
    QByteArray header(const QByteArray &name) const { return headerValue(m_headers, name); }
    const QByteArray &lastEventId() const { return m_lastEventId; }
    const QList<QJsonObject> &streamedResponses() const { return m_streamedResponses; }

private:
    State m_state = State::Fresh;
    int m_status = 0;
    QList<std::pair<QByteArray, QByteArray>> m_headers;
    QByteArray m_body;
    QByteArray m_lastEventId;
    QList<QJsonObject> m_streamedResponses;
    bool m_disconnected = false;
    std::vector<std::function<void()>> m_closed;
};

struct Harness {
    pmcp::McpServer server{{QStringLiteral("proxmox-mcpd"), {}, QStringLiteral("0.0.0"), {}}};
    pmcp::SessionManager sessions{&server, 600};
    pmcp::McpHttpController controller{&server, &sessions};
};

Harness *harness = nullptr;

void processEvents()
{
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

// The state one input builds up: its sessions, the last SSE event id, its replies.
struct Run {
    QByteArray session;
    QList<QByteArray> opened;
    QByteArray lastEventId;
    std::vector<std::shared_ptr<FakeReply>> replies;
};

struct Record {
    QByteArray method;
    QByteArray flags;
    QByteArray body;
};

Record parseRecord(const QByteArray &raw)
{
    const qsizetype newline = raw.indexOf('\n');
    const QByteArray first = newline < 0 ? raw : raw.left(newline);
    Record record;
    record.body = newline < 0 ? QByteArray() : raw.mid(newline + 1);
    const qsizetype space = first.indexOf(' ');
    record.method = (space < 0 ? first : first.left(space)).left(16);
    record.flags = space < 0 ? QByteArray() : first.mid(space + 1).left(32);
    return record;
}

pmcp::HttpRequest makeRequest(const Record &record, const Run &run)
{
    pmcp::HttpRequest request;
    request.method = record.method;
    request.path = QStringLiteral("/api/mcp");
    request.body = record.body;
    request.peer = QHostAddress::LocalHost;
    request.client = pmcp::ClientIdentity{QString::fromLatin1(kClient), false};
    struct FlagHeader {
        char flag;
        const char *name;
        const char *value;
    };
    static constexpr FlagHeader kHeaders[] = {
        {'a', "accept", "application/json, text/event-stream"},
        {'j', "accept", "application/json"},
        {'e', "accept", "text/event-stream"},
        {'*', "accept", "*/*"},
        {'c', "content-type", "application/json"},
        {'C', "content-type", "application/json; charset=utf-8"},
        {'t', "content-type", "text/plain"},
        {'x', "mcp-session-id", "0123456789abcdef0123456789abcdef"},
        {'v', "mcp-protocol-version", "2025-11-25"},
        {'o', "mcp-protocol-version", "2025-03-26"},
        {'u', "mcp-protocol-version", "1999-01-01"},
        {'L', "last-event-id", "1-0"},
    };
    for (const char flag : record.flags) {
        for (const FlagHeader &header : kHeaders) {
            if (header.flag == flag)
                request.headers.emplace_back(QByteArray(header.name), QByteArray(header.value));
        }
        if (flag == 's')
            request.headers.emplace_back(QByteArrayLiteral("mcp-session-id"), run.session);
        else if (flag == 'l')
            request.headers.emplace_back(QByteArrayLiteral("last-event-id"), run.lastEventId);
        else if (flag == 'r')
            request.client->readOnly = true;
        else if (flag == 'n')
            request.client->name = QStringLiteral("another-client");
    }
    return request;
}

// The id of a JSON-RPC request in the body, if it is one.
std::optional<QJsonValue> requestId(const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();
    if (!object.contains(QStringLiteral("method")) || !object.contains(QStringLiteral("id")))
        return std::nullopt;
    return object.value(QStringLiteral("id"));
}

void perform(const Record &record, Run &run)
{
    const pmcp::HttpRequest request = makeRequest(record, run);
    auto reply = std::make_shared<FakeReply>();
    run.replies.push_back(reply);
    harness->controller.handle(request, reply);
    if (record.flags.contains('k'))
        reply->disconnect();
    processEvents();

    if (!reply->lastEventId().isEmpty())
        run.lastEventId = reply->lastEventId();
    const QByteArray session = reply->header("mcp-session-id");
    if (!session.isEmpty() && !run.opened.contains(session)) {
        run.opened.append(session);
        run.session = session;
    }
    // Every tool here answers at once: a POST is answered by now (a GET stream stays open).
    if (record.method == "POST" && !record.flags.contains('k')) {
        if (reply->state() == FakeReply::State::Fresh ||
            reply->state() == FakeReply::State::Streaming)
            violation("a POST left unanswered", record.body);
        // A JSON-RPC result echoes the request's id.
        const auto id = requestId(record.body);
        if (id && reply->status() == 200) {
            QList<QJsonObject> responses = reply->streamedResponses();
            if (reply->state() == FakeReply::State::Sent)
                responses.append(QJsonDocument::fromJson(reply->body()).object());
            for (const QJsonObject &response : std::as_const(responses)) {
                if (response.contains(QStringLiteral("result")) &&
                    response.value(QStringLiteral("id")) != *id)
                    violation("a result with another id", record.body + "\n->\n" + reply->body());
            }
        }
    }
}

Record initializeRecord()
{
    return {"POST", "ac",
            R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":)"
            R"("2025-11-25","capabilities":{},"clientInfo":{"name":"fuzz","version":"1"}}})"};
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    harness = new Harness;
    auto facts = std::make_shared<pmcp::ServerInfoTool::Facts>();
    facts->tools = &harness->server.tools();
    facts->uptime.start();
    if (!harness->server.tools().add(pmcp::ServerInfoTool::definition(facts)).ok())
        violation("server_info could not be registered");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    Run run;

    perform(initializeRecord(), run);
    if (run.session.isEmpty() || run.replies.back()->status() != 200)
        violation("initialize did not open a session", run.replies.back()->body());
    perform({"POST", "acsv", R"({"jsonrpc":"2.0","method":"notifications/initialized"})"}, run);
    if (run.replies.back()->status() != 202)
        violation("notifications/initialized was not accepted", run.replies.back()->body());

    qsizetype from = 0;
    for (int count = 0; count < kMaxRecords && from <= input.size(); ++count) {
        qsizetype separator = input.indexOf("\n%%\n", from);
        const qsizetype end = separator < 0 ? input.size() : separator;
        perform(parseRecord(input.mid(from, end - from)), run);
        if (separator < 0)
            break;
        from = separator + 4;
    }

    // The input's sessions end; every request must be answered by then.
    for (const QByteArray &session : std::as_const(run.opened))
        harness->sessions.remove(QString::fromLatin1(session));
    processEvents();
    // (A client that went away needs no end of its stream.)
    for (const auto &reply : run.replies) {
        if (reply->disconnected())
            continue;
        if (reply->state() == FakeReply::State::Fresh ||
            reply->state() == FakeReply::State::Streaming)
            violation("a reply neither sent nor ended after its session ended", reply->body());
    }
    if (harness->sessions.count() != 0)
        violation("sessions left over");
    return 0;
}
