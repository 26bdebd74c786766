#include "tests/support/NotifySocket.h"

#include <QDeadlineTimer>

#include <algorithm>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace pmcp::test {

NotifySocket::NotifySocket(const QString &dir)
    : m_path(dir + QStringLiteral("/notify.sock"))
{
    sockaddr_un address = {};
    address.sun_family = AF_UNIX;
    const QByteArray native = m_path.toLocal8Bit();
    if (size_t(native.size()) >= sizeof(address.sun_path))
        return;
    std::memcpy(address.sun_path, native.constData(), size_t(native.size()));
    m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return;
    if (::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

NotifySocket::~NotifySocket()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        ::unlink(m_path.toLocal8Bit().constData());
    }
}

void NotifySocket::drain(int timeoutMs)
{
    pollfd polled = {m_fd, POLLIN, 0};
    while (::poll(&polled, 1, timeoutMs) > 0) {
        char buffer[4096];
        const ssize_t size = ::recv(m_fd, buffer, sizeof(buffer), 0);
        if (size < 0)
            return;
        m_messages.append(QByteArray(buffer, int(size)));
        timeoutMs = 0; // what else is already there, without waiting again
    }
}

const QList<QByteArray> &NotifySocket::messages()
{
    if (m_fd >= 0)
        drain(0);
    return m_messages;
}

int NotifySocket::waitFor(const QByteArray &line, int timeoutMs, int after)
{
    if (m_fd < 0)
        return -1;
    QDeadlineTimer deadline(timeoutMs);
    for (int checked = after;;) {
        for (; checked < m_messages.size(); ++checked) {
            if (m_messages.at(checked).split('\n').contains(line))
                return checked;
        }
        if (deadline.hasExpired())
            return -1;
        drain(int(std::max<qint64>(1, deadline.remainingTime())));
    }
}

} // namespace pmcp::test
