// libFuzzer entry point for MCP over stdio: StdioTransport::feed with the server_info tool.
// Whatever comes in, stdout gets only complete lines of JSON-RPC 2.0, and once the input ends
// and nothing is in flight the transport says it is finished, exactly once.
//
// The first byte of an input chooses how it is cut into feed() calls (chunk size 1..64), so
// lines split across reads are exercised too; the rest is what arrives on stdin.
#include "server/mcp/McpServer.h"
#include "server/mcp/StdioTransport.h"
#include "server/tools/ServerInfoTool.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

pmcp::McpServer *server = nullptr;

[[noreturn]] void violation(const char *what, const QByteArray &detail = {})
{
    std::fprintf(stderr, "FuzzStdio invariant violated: %s\n%s\n", what, detail.constData());
    std::abort();
}

void checkLine(const QByteArray &line)
{
    if (!line.endsWith('\n') || line.count('\n') != 1)
        violation("a write that is not exactly one line", line);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        violation("a line that is not a JSON object", line);
    const QJsonObject object = document.object();
    if (object.value(QStringLiteral("jsonrpc")).toString() != QStringLiteral("2.0"))
        violation("a line without jsonrpc 2.0", line);
    if (object.contains(QStringLiteral("result")) && object.contains(QStringLiteral("error")))
        violation("a line with both result and error", line);
    if (!object.contains(QStringLiteral("result")) && !object.contains(QStringLiteral("error")) &&
        !object.contains(QStringLiteral("method")))
        violation("a line that is neither a response nor a notification nor a request", line);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    server = new pmcp::McpServer({QStringLiteral("proxmox-mcpd"), {}, QStringLiteral("0.0.0"), {}});
    auto facts = std::make_shared<pmcp::ServerInfoTool::Facts>();
    facts->tools = &server->tools();
    facts->uptime.start();
    if (!server->tools().add(pmcp::ServerInfoTool::definition(facts)).ok())
        violation("server_info could not be registered");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype chunk = qsizetype(data[0] % 64) + 1;
    const QByteArray input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    int finished = 0;
    {
        pmcp::StdioTransport transport(server, checkLine);
        QObject::connect(&transport, &pmcp::StdioTransport::finished, &transport,
                         [&finished] { ++finished; });
        transport.setIdentity({QStringLiteral("stdio"), (data[0] & 0x80) != 0});
        for (qsizetype at = 0; at < input.size(); at += chunk)
            transport.feed(input.mid(at, chunk));
        QCoreApplication::processEvents();
        transport.endOfInput();
        QCoreApplication::processEvents();
        if (finished != 1)
            violation("end of input with nothing in flight did not finish exactly once",
                      QByteArray::number(finished));
    }
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return 0;
}
