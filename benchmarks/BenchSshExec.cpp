// pmcp-bench-ssh: `true` over one reused SSH session versus a new connection per command and
// through the in-process MCP engine (execute_command),
// against a loopback OpenSSH server the program starts itself. See docs/PERFORMANCE.md.

#include "server/mcp/McpServer.h"
#include "server/mcp/McpSession.h"
#include "server/policy/CommandPolicy.h"
#include "server/ssh/SshExecutor.h"
#include "server/tools/shell/ShellTools.h"
#include "tests/support/RecordingChannel.h"
#include "tests/support/LoopbackSshd.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

#include <algorithm>
#include <functional>
#include <memory>

using namespace pmcp;

namespace {

struct Sample final {
    QList<double> millis;
    int failures = 0;
    QString lastError;

    double percentile(double p) const
    {
        if (millis.isEmpty())
            return 0;
        QList<double> sorted = millis;
        std::sort(sorted.begin(), sorted.end());
        const auto index = qsizetype(p * double(sorted.size() - 1) + 0.5);
        return sorted[std::min(index, sorted.size() - 1)];
    }
};

// Runs `true` count times one after another; fresh: a new executor (connection) each time.
void measure(const SshConfig &config, int count, bool fresh, Sample &sample,
             std::function<void()> done)
{
    auto shared = std::make_shared<std::unique_ptr<SshExecutor>>();
    auto next = std::make_shared<std::function<void(int)>>();
    *next = [=, &sample](int remaining) {
        if (remaining == 0) {
            const std::function<void()> finish = done; // this closure dies below
            shared->reset();
            *next = nullptr; // breaks the self-reference
            finish();
            return;
        }
        if (fresh || !*shared)
            *shared = std::make_unique<SshExecutor>(config);
        auto clock = std::make_shared<QElapsedTimer>();
        clock->start();
        (*shared)->run(QStringLiteral("true"), 10000, [=, &sample](const CommandResult &result) {
            sample.millis.append(double(clock->nsecsElapsed()) / 1e6);
            if (result.status != CommandResult::Status::Success) {
                ++sample.failures;
                sample.lastError = result.error;
            }
            QMetaObject::invokeMethod(
                qApp, [next, remaining] { (*next)(remaining - 1); }, Qt::QueuedConnection);
        });
    };
    (*next)(count);
}

// tools/call execute_command {"command": "true"} count times on the in-process MCP engine
// (no HTTP), over one reused SSH session.
void measureMcp(McpServer &server, McpSession *session, int count, Sample &sample,
                std::function<void()> done)
{
    auto next = std::make_shared<std::function<void(int)>>();
    *next = [=, &server, &sample](int remaining) {
        if (remaining == 0) {
            const std::function<void()> finish = done;
            *next = nullptr;
            finish();
            return;
        }
        auto clock = std::make_shared<QElapsedTimer>();
        clock->start();
        auto channel =
            std::make_shared<test::RecordingChannel>([=, &sample](const QJsonObject &response) {
                sample.millis.append(double(clock->nsecsElapsed()) / 1e6);
                const QJsonObject result = response.value(QLatin1String("result")).toObject();
                if (!response.contains(QLatin1String("result")) ||
                    result.value(QLatin1String("isError")).toBool()) {
                    ++sample.failures;
                    sample.lastError = QString::fromUtf8(test::compact(response));
                }
                QMetaObject::invokeMethod(
                    qApp, [next, remaining] { (*next)(remaining - 1); }, Qt::QueuedConnection);
            });
        server.handle(session,
                      test::requestMessage(
                          remaining, QStringLiteral("tools/call"),
                          {{QStringLiteral("name"), QStringLiteral("execute_command")},
                           {QStringLiteral("arguments"),
                            QJsonObject{{QStringLiteral("command"), QStringLiteral("true")}}}}),
                      channel);
    };
    (*next)(count);
}

void print(QTextStream &out, const char *name, const Sample &sample)
{
    out << QStringLiteral("%1 n=%2 p50=%3 ms p99=%4 ms failures=%5")
               .arg(QLatin1String(name), -34)
               .arg(sample.millis.size())
               .arg(sample.percentile(0.50), 0, 'f', 2)
               .arg(sample.percentile(0.99), 0, 'f', 2)
               .arg(sample.failures)
        << Qt::endl;
    if (sample.failures > 0)
        out << "  last error: " << sample.lastError << Qt::endl;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    LoopbackSshd sshd;
    if (!sshd.start() ||
        !sshd.addClientKey(QStringLiteral("id_ed25519"), QStringLiteral("ed25519"))) {
        out << "cannot start the loopback sshd: " << sshd.error() << Qt::endl;
        return 1;
    }
    QFile knownHosts(sshd.path(QStringLiteral("known_hosts")));
    if (!knownHosts.open(QIODevice::WriteOnly) ||
        knownHosts.write(sshd.knownHostsLine().toUtf8()) < 0)
        return 1;
    knownHosts.close();

    SshConfig config;
    config.host = QStringLiteral("127.0.0.1");
    config.port = sshd.port();
    config.user = LoopbackSshd::userName();
    config.keyPath = sshd.path(QStringLiteral("id_ed25519"));
    config.knownHostsPath = knownHosts.fileName();

    const int reusedCount = 200;
    const int freshCount = 20;
    Sample warmup;
    Sample reused;
    Sample fresh;
    Sample mcp;
    McpServer server(
        ServerIdentity{QStringLiteral("proxmox-mcp"), {}, QStringLiteral("bench"), {}});
    McpSession session(QStringLiteral("bench"));
    ShellTools::registerAll(server.tools(), std::make_shared<SshExecutor>(config),
                            std::make_shared<const CommandPolicy>(CommandPolicy::defaults(false)));
    test::initializeSession(server, &session);
    auto runMcp = [&] {
        measureMcp(server, &session, reusedCount + 1, mcp, [&] {
            mcp.millis.removeFirst(); // the login
            qApp->quit();
        });
    };
    // The warm-up connects once so that the reused figures hold only the per-command cost.
    auto runFresh = [&] { measure(config, freshCount, true, fresh, runMcp); };
    auto runReused = [&] {
        measure(config, reusedCount + 1, false, reused, [&] {
            reused.millis.removeFirst(); // the first command of the session paid the login
            runFresh();
        });
    };
    measure(config, 1, true, warmup, runReused);
    app.exec();

    out << "pmcp-bench-ssh: `true` over SSH to a loopback OpenSSH server" << Qt::endl;
    print(out, "reused session (new channel each)", reused);
    print(out, "new connection per command", fresh);
    print(out, "MCP tools/call execute_command", mcp);
    const double ratio =
        reused.percentile(0.5) > 0 ? fresh.percentile(0.5) / reused.percentile(0.5) : 0;
    out << QStringLiteral("p50 ratio (new connection / reused): %1x").arg(ratio, 0, 'f', 1)
        << Qt::endl;
    return reused.failures + fresh.failures == 0 ? 0 : 1;
}
