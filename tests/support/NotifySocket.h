#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace pmcp::test {

// The receiving end of sd_notify that systemd owns in production: a datagram socket bound in a
// folder of the test, whose path goes into NOTIFY_SOCKET. Keeps every message it reads, in order.
class NotifySocket final {
public:
    explicit NotifySocket(const QString &dir);
    ~NotifySocket();
    Q_DISABLE_COPY_MOVE(NotifySocket)

    bool isValid() const { return m_fd >= 0; }
    QString path() const { return m_path; }

    // Waits until a message holds the line (e.g. "READY=1") beyond the first `after` messages;
    // the index of that message, or -1 when timeoutMs passed first.
    int waitFor(const QByteArray &line, int timeoutMs, int after = 0);
    // Every message so far (each one datagram, lines separated by \n).
    const QList<QByteArray> &messages();

private:
    void drain(int timeoutMs);

    int m_fd = -1;
    QString m_path;
    QList<QByteArray> m_messages;
};

} // namespace pmcp::test
