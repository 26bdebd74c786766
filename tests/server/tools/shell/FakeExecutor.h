#pragma once

#include "server/exec/CommandExecutor.h"

#include <QStringList>
#include <QTimer>

namespace pmcp::test {

// A CommandExecutor that records what it was asked to run and answers with a canned result on
// the event loop.
class FakeExecutor final : public CommandExecutor {
public:
    void run(const QString &commandLine, int timeoutMs, Callback callback) override
    {
        commands.append(commandLine);
        timeouts.append(timeoutMs);
        const CommandResult result = next;
        QTimer::singleShot(0, [callback = std::move(callback), result] { callback(result); });
    }
    QString describe() const override { return QStringLiteral("fake"); }

    CommandResult next;
    QStringList commands;
    QList<int> timeouts;
};

} // namespace pmcp::test
