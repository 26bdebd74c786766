#pragma once

#include "server/exec/CommandExecutor.h"

#include <functional>
#include <memory>

namespace pmcp {

// A CommandExecutor that tells an observer what became of each command before the caller
// hears it: how the daemon notices an SSH host that cannot be reached or whose host key
// changed (the alerts), without the SSH room knowing about alerts.
class ObservedExecutor final : public CommandExecutor {
public:
    using Observer = std::function<void(const CommandResult &)>;

    ObservedExecutor(std::shared_ptr<CommandExecutor> inner, Observer observer);

    void run(const QString &commandLine, int timeoutMs, Callback callback) override;
    QString describe() const override { return m_inner->describe(); }
    // The executor it observes (the SSH executor a reload gives a new key).
    CommandExecutor *inner() const { return m_inner.get(); }

private:
    std::shared_ptr<CommandExecutor> m_inner;
    Observer m_observer;
};

} // namespace pmcp
