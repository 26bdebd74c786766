#pragma once

#include "server/app/Daemon.h"
#include "server/auth/AdminTokenStore.h"
#include "server/auth/ClientStore.h"
#include "server/mcp/ToolCall.h"
#include "server/mcp/ToolDefinition.h"
#include "server/simulator/PveSimulator.h"
#include "tests/support/LoopbackSshd.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace pmcp::test {

using Headers = QList<std::pair<QByteArray, QByteArray>>;

// One HTTP answer as the test sees it.
struct Answer {
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    qint64 elapsedMs = 0;

    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QJsonObject check(const QString &name) const
    {
        return json()[QLatin1String("checks")][name].toObject();
    }
    QString checkDetail(const QString &name) const
    {
        return check(name)[QLatin1String("detail")].toString();
    }
    QJsonObject result() const { return rpc()[QLatin1String("result")].toObject(); }
    int errorCode() const { return rpc()[QLatin1String("error")][QLatin1String("code")].toInt(); }
    // The JSON-RPC message of a POST answer, whether sent as JSON or as an SSE stream.
    QJsonObject rpc() const
    {
        if (!header("content-type").startsWith("text/event-stream"))
            return json();
        QJsonObject last;
        for (const QByteArray &line : body.split('\n')) {
            if (line.startsWith("data: ") && line.size() > 6)
                last = QJsonDocument::fromJson(line.mid(6)).object();
        }
        return last;
    }
    QString describe() const
    {
        return QStringLiteral("HTTP %1 (network error %2): %3")
            .arg(status)
            .arg(int(error))
            .arg(QString::fromUtf8(body.left(2000)));
    }
};

QJsonObject rpcRequest(int id, const QString &method, const QJsonObject &params = {});

QJsonObject initializeParams(const QString &clientName);

// What the slow tool has done so far, as the daemon's event loop sees it.
struct SlowToolState {
    bool started = false;
    bool finished = false;
};

// A tool that answers after two seconds, from a timer on the event loop.
ToolDefinition slowTool(const std::shared_ptr<SlowToolState> &state);

bool hasIpv6Loopback();

// A tool that changes state, so read-only clients neither see nor call it.
ToolDefinition changingTool();

QJsonObject initializeRequest(int id, const QString &clientName);

QJsonObject initializedNotification();

// The tool of that name in a tools/list result; empty when it is not listed.
QJsonObject toolNamed(const QJsonObject &listResult, const QString &name);

Headers bearer(const QByteArray &token);

// What an MCP client sends with each POST; with a bearer token unless token is empty.
Headers mcpHeaders(const QByteArray &token);

QJsonObject toolCallRequest(int id, const QString &name, const QJsonObject &arguments = {});

// An in-process Daemon on port 0, its state directory and clients, and HTTP to reach it.
class DaemonTestFixture {
protected:
    // A self-signed certificate for localhost and 127.0.0.1 in m_tlsDir; none without openssl.
    void generateCertificate();

    // A fresh state directory with two clients, "alice" (full) and "reader" (read-only), and
    // the admin token "desk".
    void setUp()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_stateDir = m_dir->filePath(QStringLiteral("state"));
        ClientStore store(m_stateDir);
        const auto full = store.create(QStringLiteral("alice"), false, 0);
        const auto readOnly = store.create(QStringLiteral("reader"), true, 0);
        QVERIFY(full.ok() && readOnly.ok());
        m_token = full.value().toLatin1();
        m_readOnlyToken = readOnly.value().toLatin1();
        const auto admin = AdminTokenStore(m_stateDir).create(QStringLiteral("desk"), false, 0);
        QVERIFY(admin.ok());
        m_adminToken = admin.value().toLatin1();
        m_network = std::make_unique<QNetworkAccessManager>();
    }

    void tearDown()
    {
        m_network.reset();
        m_daemon.reset();
        m_simulator.reset();
        m_dir.reset();
    }

    // The defaults on port 0 with this test's state directory and no backends, then settings.
    Config baseConfig(const QList<std::pair<ConfigKey, QString>> &settings = {}) const
    {
        Config config = Config::defaults();
        config.set(ConfigKey::StateDir, m_stateDir);
        config.set(ConfigKey::McpPort, QStringLiteral("0"));
        config.set(ConfigKey::EnableProxmoxApi, QStringLiteral("false"));
        config.set(ConfigKey::EnableSsh, QStringLiteral("false"));
        // Every tool, the tests' own among them; TestDaemon checks the default (core) itself.
        config.set(ConfigKey::McpToolProfile, QStringLiteral("full"));
        for (const auto &[key, value] : settings)
            config.set(key, value);
        return config;
    }

    bool start(const Config &config)
    {
        m_daemon = std::make_unique<Daemon>(config);
        const auto started = m_daemon->startHttp();
        if (!started.ok()) {
            qWarning("startHttp failed: %s", qPrintable(started.error().message));
            return false;
        }
        return m_daemon->port() != 0;
    }

    QNetworkReply *send(const QByteArray &method, const QString &path, const Headers &headers = {},
                        const QByteArray &body = {})
    {
        QNetworkRequest request(QUrl(m_daemon->baseUrl() + path));
        // QtHttpServer 6.4 speaks HTTP/1.1 only; no h2c upgrade attempts.
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        return m_network->sendCustomRequest(request, method, body);
    }

    Answer wait(QNetworkReply *reply, QElapsedTimer timer = {})
    {
        if (!timer.isValid())
            timer.start();
        Answer answer;
        if (!reply->isFinished()) {
            QSignalSpy finished(reply, &QNetworkReply::finished);
            if (!finished.wait(15000)) {
                reply->abort();
                answer.status = -1;
            }
        }
        answer.elapsedMs = timer.elapsed();
        if (answer.status != -1)
            answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.error = reply->error();
        answer.body = reply->readAll();
        for (const auto &[name, value] : reply->rawHeaderPairs())
            answer.headers.insert(name.toLower(), value);
        reply->deleteLater();
        return answer;
    }

    Answer request(const QByteArray &method, const QString &path, const Headers &headers = {},
                   const QByteArray &body = {})
    {
        QElapsedTimer timer;
        timer.start();
        return wait(send(method, path, headers, body), timer);
    }

    Answer get(const QString &path, const Headers &headers = {})
    {
        return request("GET", path, headers);
    }

    // A GET over plain HTTP on the daemon's port, whatever scheme the daemon serves.
    Answer plainHttpGet(const QString &path)
    {
        QNetworkRequest plain(
            QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_daemon->port()).arg(path)));
        plain.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        plain.setTransferTimeout(5000);
        return wait(m_network->get(plain));
    }

    QNetworkReply *sendRpc(const QByteArray &token, const QJsonObject &message,
                           const QByteArray &sessionId = {})
    {
        Headers headers = mcpHeaders(token);
        if (!sessionId.isEmpty()) {
            headers.emplace_back("Mcp-Session-Id", sessionId);
            headers.emplace_back("MCP-Protocol-Version", "2025-11-25");
        }
        return send("POST", Daemon::mcpPath(), headers,
                    QJsonDocument(message).toJson(QJsonDocument::Compact));
    }

    Answer rpc(const QByteArray &token, const QJsonObject &message,
               const QByteArray &sessionId = {})
    {
        QElapsedTimer timer;
        timer.start();
        return wait(sendRpc(token, message, sessionId), timer);
    }

    // initialize + notifications/initialized; the session id, or empty after a failure.
    QByteArray openSession(const QByteArray &token, const QString &clientName = {})
    {
        const Answer init =
            rpc(token, initializeRequest(1, clientName.isEmpty() ? QStringLiteral("test-client")
                                                                 : clientName));
        const QByteArray sessionId = init.header("mcp-session-id");
        if (init.status != 200 || sessionId.isEmpty()) {
            qWarning("initialize failed: %s", qPrintable(init.describe()));
            return {};
        }
        const Answer initialized = rpc(token, initializedNotification(), sessionId);
        if (initialized.status != 202) {
            qWarning("notifications/initialized failed: %s", qPrintable(initialized.describe()));
            return {};
        }
        return sessionId;
    }

    // The names on the first page of tools/list for a new session of this token.
    QStringList firstPageOfTools(const QByteArray &token)
    {
        const QByteArray sessionId = openSession(token);
        QStringList names;
        const Answer list = rpc(token, rpcRequest(2, QStringLiteral("tools/list")), sessionId);
        for (const QJsonValue &tool : list.result()[QLatin1String("tools")].toArray())
            names.append(tool[QLatin1String("name")].toString());
        return names;
    }

    // From now on the client accepts the TLS errors of exactly this certificate, and records
    // every error it was shown in *seen.
    void trustOnly(const QSslCertificate &expected, QList<QSslError> *seen)
    {
        QObject::connect(m_network.get(), &QNetworkAccessManager::sslErrors, m_network.get(),
                         [expected, seen](QNetworkReply *reply, const QList<QSslError> &errors) {
                             *seen += errors;
                             for (const QSslError &error : errors) {
                                 if (error.certificate() != expected)
                                     return;
                             }
                             reply->ignoreSslErrors(errors);
                         });
    }

    // baseConfig() with ENABLE_PROXMOX_API against a simulator started in-process.
    Config proxmoxConfig()
    {
        PveSimulator::Options options;
        options.timeScale = 0.05;
        m_simulator = std::make_unique<PveSimulator>(options);
        const auto port = m_simulator->start();
        if (!port.ok())
            qFatal("simulator: %s", qPrintable(port.error().message));
        Config config = baseConfig();
        config.set(ConfigKey::EnableProxmoxApi, QStringLiteral("true"));
        config.set(ConfigKey::ProxmoxHost, QStringLiteral("127.0.0.1"));
        config.set(ConfigKey::ProxmoxPort, QString::number(port.value()));
        config.set(ConfigKey::ProxmoxUser, PveSimulator::tokenUser());
        config.set(ConfigKey::ProxmoxTokenName, PveSimulator::tokenName());
        config.set(ConfigKey::ProxmoxTokenValue, m_simulator->tokenSecret());
        config.set(ConfigKey::ProxmoxFingerprint, m_simulator->fingerprintSha256());
        return config;
    }

    // baseConfig() with ENABLE_SSH against this loopback sshd, its host key pinned by
    // fingerprint and logging in with the client key at sshd.path(keyName).
    Config sshConfig(const LoopbackSshd &sshd, const QString &keyName) const
    {
        return baseConfig({{ConfigKey::EnableSsh, QStringLiteral("true")},
                           {ConfigKey::SshHost, QStringLiteral("127.0.0.1")},
                           {ConfigKey::SshPort, QString::number(sshd.port())},
                           {ConfigKey::SshUser, LoopbackSshd::userName()},
                           {ConfigKey::SshKeyPath, sshd.path(keyName)},
                           {ConfigKey::SshHostKeyFingerprint, sshd.hostKeyFingerprint()}});
    }

    // The names tools/list gives a new session of this token, every page.
    QStringList listedTools(const QByteArray &token)
    {
        const QByteArray sessionId = openSession(token);
        QStringList names;
        QString cursor;
        for (int id = 2; id < 20; ++id) {
            QJsonObject params;
            if (!cursor.isEmpty())
                params.insert(QStringLiteral("cursor"), cursor);
            const QJsonObject result =
                rpc(token, rpcRequest(id, QStringLiteral("tools/list"), params), sessionId)
                    .rpc()[QLatin1String("result")]
                    .toObject();
            for (const QJsonValue &tool : result[QLatin1String("tools")].toArray())
                names.append(tool[QLatin1String("name")].toString());
            cursor = result[QLatin1String("nextCursor")].toString();
            if (cursor.isEmpty())
                break;
        }
        return names;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_stateDir;
    QByteArray m_token;         // full client "alice"
    QByteArray m_readOnlyToken; // read-only client "reader"
    QByteArray m_adminToken;    // admin token "desk" (the admin API, never /api/mcp)
    std::unique_ptr<Daemon> m_daemon;
    std::unique_ptr<PveSimulator> m_simulator;
    std::unique_ptr<QNetworkAccessManager> m_network;
    QTemporaryDir m_tlsDir;
    QSslCertificate m_certificate;
};

} // namespace pmcp::test
