#pragma once

#include "server/alerts/CurlTransport.h"

#include <QTest>
#include <QThread>

#include <memory>

namespace pmcp::testing {

// CurlTransport::send blocks; the receivers of these tests live on the test's event loop, so
// the send runs on a thread while the loop serves them.
inline Result<void> sendBeside(const AlertMessage &message, int timeoutMs = 20000)
{
    auto result = std::make_shared<Result<void>>(Error::internal(QStringLiteral("not run")));
    QThread *thread = QThread::create(
        [message, timeoutMs, result] { *result = CurlTransport::send(message, timeoutMs); });
    thread->start();
    const bool done = QTest::qWaitFor([thread] { return thread->isFinished(); }, timeoutMs + 5000);
    thread->wait();
    delete thread;
    if (!done)
        return Error::internal(QStringLiteral("the transfer did not end"));
    return *result;
}

} // namespace pmcp::testing
