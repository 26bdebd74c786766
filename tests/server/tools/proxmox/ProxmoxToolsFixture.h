#pragma once

#include "server/mcp/McpServer.h"
#include "server/mcp/McpSession.h"
#include "server/proxmox/ProxmoxTargets.h"
#include "server/simulator/PveSimulator.h"
#include "server/simulator/SimState.h"
#include "server/tools/proxmox/ProxmoxTools.h"
#include "tests/support/RecordingChannel.h"

#include <QJsonDocument>
#include <QTest>

#include <memory>
#include <optional>

namespace pmcp::test {

// A simulated Proxmox cluster, the Proxmox tools on an MCP engine pointed at it (fingerprint
// pinned), and one initialized session to call them through.
struct ProxmoxToolsFixture final {
    explicit ProxmoxToolsFixture(const QJsonObject &capabilities = {}, bool readOnly = false)
        : simulator(PveSimulator::Options{.timeScale = 0.05})
        , server({QStringLiteral("proxmox-mcp"), {}, QStringLiteral("test"), {}})
        , session(QStringLiteral("session-1"))
    {
        started = simulator.start().ok();
        auto made = ProxmoxTargets::fromTargets(
            {target(PveSimulator::tokenName(), simulator.tokenSecret())});
        if (made.ok())
            targets = std::move(made).value();
        ProxmoxTools::registerAll(server.tools(), &targets,
                                  ProxmoxToolOptions{.defaultTimeoutS = 20});
        session.setIdentity({QStringLiteral("tester"), readOnly});
        initializeSession(server, &session, capabilities);
    }

    ProxmoxTarget target(const QString &tokenName, const QString &secret) const
    {
        ProxmoxTarget t;
        t.hosts = {QStringLiteral("127.0.0.1")};
        t.port = simulator.port();
        t.user = PveSimulator::tokenUser();
        t.tokenName = tokenName;
        t.tokenSecret = secret;
        t.fingerprint = simulator.fingerprintSha256();
        t.timeoutMs = 10000;
        return t;
    }

    // Calls a tool and waits (on signals, not sleeps) for its answer.
    std::shared_ptr<RecordingChannel> call(const QString &name, const QJsonObject &arguments,
                                           bool waitForAnswer = true,
                                           const QJsonValue &progressToken = {})
    {
        QJsonObject params{{QStringLiteral("name"), name},
                           {QStringLiteral("arguments"), arguments}};
        if (!progressToken.isNull())
            params.insert(QStringLiteral("_meta"),
                          QJsonObject{{QStringLiteral("progressToken"), progressToken}});
        auto channel =
            sendRequest(server, &session, ++nextId, QStringLiteral("tools/call"), params);
        if (waitForAnswer)
            [&] { QTRY_VERIFY_WITH_TIMEOUT(channel->isFinished(), 20000); }();
        return channel;
    }

    // Answers every elicitation/create the call sends with answer (accept, confirm:true by
    // default) until the call finishes; returns how many were answered.
    int acceptElicitations(const std::shared_ptr<RecordingChannel> &channel,
                           const QJsonObject &answer = {
                               {QStringLiteral("action"), QStringLiteral("accept")},
                               {QStringLiteral("content"),
                                QJsonObject{{QStringLiteral("confirm"), true}}}})
    {
        int answered = 0;
        const auto asked = [&channel] {
            return channel->sentWithMethod(QStringLiteral("elicitation/create"));
        };
        while (QTest::qWaitFor([&] { return channel->isFinished() || asked().size() > answered; },
                               20000)) {
            if (channel->isFinished())
                break;
            server.handle(&session,
                          JsonRpcMessage::classify(JsonRpc::result(
                              asked().at(answered).value(QLatin1String("id")), answer)),
                          {});
            ++answered;
        }
        return answered;
    }

    static QJsonObject json(const char *text)
    {
        return QJsonDocument::fromJson(QByteArray(text)).object();
    }

    static QString text(const QJsonObject &result)
    {
        return result.value(QLatin1String("content"))
            .toArray()
            .first()
            .toObject()
            .value(QLatin1String("text"))
            .toString();
    }

    PveSimulator simulator;
    ProxmoxTargets targets;
    McpServer server;
    McpSession session;
    bool started = false;
    int nextId = 0;
};

} // namespace pmcp::test
