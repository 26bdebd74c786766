#pragma once

#include "server/exec/CommandExecutor.h"

#include <QObject>

namespace pmcp {

// Runs commands on the daemon's own machine with /bin/sh -c (ENABLE_LOCAL_EXECUTION=true).
// Each command runs in its own process group, which the timeout kills as a whole.
class LocalExecutor final : public QObject, public CommandExecutor {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalExecutor)

public:
    explicit LocalExecutor(int defaultTimeoutMs = 30000, qsizetype outputCap = 1024 * 1024,
                           QObject *parent = nullptr);
    ~LocalExecutor() override;

    void run(const QString &commandLine, int timeoutMs, Callback callback) override;
    QString describe() const override;

private:
    int m_defaultTimeoutMs;
    qsizetype m_outputCap;
};

} // namespace pmcp
