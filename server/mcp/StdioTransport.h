#pragma once

#include "server/auth/ClientIdentity.h"

#include <QByteArray>
#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

class QSocketNotifier;

namespace pmcp {

class McpServer;
class McpSession;

// MCP over stdin/stdout: newline-delimited JSON-RPC, one 2025 session for the process, and
// 2026-07-28 requests (their _meta claims it, ProtocolEra) served statelessly beside it.
// Logs go to stderr only; stdout carries nothing but protocol messages.
class StdioTransport final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StdioTransport)
public:
    using Writer = std::function<void(const QByteArray &line)>;

    StdioTransport(McpServer *server, Writer writer, QObject *parent = nullptr);
    ~StdioTransport() override;

    void setIdentity(const ClientIdentity &identity);
    // Reads the process's stdin (file descriptor 0) until end of file.
    void startReadingStdin();
    // Feeds raw input; complete lines are handled. Public for tests and the fuzzer.
    void feed(const QByteArray &data);
    void endOfInput();
    McpSession *session() const { return m_session; }

    static constexpr qsizetype kMaxLineBytes = 16 * 1024 * 1024;

signals:
    // End of input and nothing left in flight: the process may exit.
    void finished();

private:
    void handleLine(const QByteArray &line);
    void handleStateless(const struct EraDecision &era, const QJsonObject &body);
    void refuseOversizedLine();
    void write(const QJsonObject &message);
    void checkFinished();

    McpServer *m_server;
    Writer m_writer;
    McpSession *m_session;
    QByteArray m_buffer;
    bool m_inputEnded = false;
    bool m_discarding = false; // inside a line that was refused for its size
    bool m_finished = false;
    int m_statelessInFlight = 0; // 2026-07-28 requests not answered yet
    // Open subscriptions/listen streams, each under a number of its own (two may share a
    // request id): they end with the input.
    QHash<quint64, std::function<void()>> m_listens;
    quint64 m_lastListen = 0;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace pmcp
