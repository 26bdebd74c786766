// proxmox-mcp-conformance-fixture: the conformance suite's fixtures served by the project's
// own HTTP and MCP stack, without authentication, at http://127.0.0.1:PORT/mcp. Test-only.
#include "ConformanceFixtures.h"

#include "server/http/HttpListener.h"
#include "server/http/HttpRouter.h"
#include "server/http/McpHttpController.h"
#include "server/mcp/McpServer.h"
#include "server/mcp/SessionManager.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("MCP conformance fixtures on the proxmox-mcp server stack"));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("port"), QStringLiteral("TCP port (0 = any)"),
                      QStringLiteral("port"), QStringLiteral("0")});
    parser.process(app);

    pmcp::McpServer server(
        {QStringLiteral("proxmox-mcp-conformance-fixture"), {}, QStringLiteral("1.0.0"), {}});
    pmcp::ConformanceFixtures::registerAll(server);
    pmcp::SessionManager sessions(&server, 600);
    pmcp::HttpRouter router(pmcp::OriginPolicy({}, {}), {}, nullptr);
    pmcp::McpHttpController controller(&server, &sessions);
    controller.registerRoutes(router, QStringLiteral("/mcp"), pmcp::RouteAccess::Public);
    pmcp::HttpListener listener(
        [&router](pmcp::HttpRequest request, std::shared_ptr<pmcp::HttpReply> reply) {
            router.handle(std::move(request), reply);
        },
        4 * 1024 * 1024);
    const auto port = listener.listen(QHostAddress::LocalHost,
                                      quint16(parser.value(QStringLiteral("port")).toUInt()));
    if (!port.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(port.error().message));
        return 1;
    }
    std::printf("listening on http://127.0.0.1:%u/mcp\n", port.value());
    std::fflush(stdout);
    return app.exec();
}
