#include "server/app/ObservedExecutor.h"

namespace pmcp {

ObservedExecutor::ObservedExecutor(std::shared_ptr<CommandExecutor> inner, Observer observer)
    : m_inner(std::move(inner))
    , m_observer(std::move(observer))
{}

void ObservedExecutor::run(const QString &commandLine, int timeoutMs, Callback callback)
{
    m_inner->run(commandLine, timeoutMs,
                 [observer = m_observer, callback = std::move(callback)](const CommandResult &r) {
                     if (observer)
                         observer(r);
                     callback(r);
                 });
}

} // namespace pmcp
