#pragma once

#include "server/app/DailyHealthReport.h"
#include "server/exec/CommandExecutor.h"
#include "shared/config/Config.h"
#include "shared/core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUrl>

#include <functional>
#include <utility>

namespace pmcp {

// Runs the daily health report's checks for one configuration. Everything that reaches out of
// the process (HTTP to the daemon, TCP to Proxmox and SSH, a command over SSH, the machine's
// memory and load) goes through Probes, so tests decide what each one sees.
class DailyHealthChecks final {
public:
    struct HttpAnswer {
        int status = 0; // 0: no answer
        QByteArray body;
        QString error;
    };
    struct Machine {
        qint64 memoryTotal = 0, memoryAvailable = 0; // bytes
        double load1 = 0;
        int cpus = 1;
    };
    struct Probes {
        std::function<HttpAnswer(const QUrl &)> httpGet;
        // "" when a TCP connection opened (and *banner holds the first line the server sent,
        // when banner is not null); else why not.
        std::function<QString(const QString &host, quint16 port, QByteArray *banner)> connect;
        std::function<CommandResult(const Config &, const QString &command)> runOverSsh;
        std::function<Machine()> machine;
        // Bytes available and in total on the file system holding an existing path.
        std::function<std::pair<qint64, qint64>(const QString &path)> diskSpace;
        std::function<QDateTime()> now;
        // The sudoers file visudo checks over SSH; empty (the daemon): every file sudo reads,
        // `sudo -n visudo -c`. A file is checked with `visudo -c -f FILE` as SSH_USER, no sudo
        // (the tests: a throwaway file, where the real one is not theirs to break).
        QString sudoersFile;
    };
    // The real ones: QNetworkAccessManager, QTcpSocket, the SSH executor of the
    // configuration, /proc/meminfo and /proc/loadavg; each waits at most timeoutMs.
    static Probes systemProbes(int timeoutMs = 5000);

    static DailyHealthReport run(const Config &config, const Probes &probes);

    // The command of the sudoers check (above); refused for a path that is not plain.
    static Result<QString> sudoersCommand(const QString &file);

    // More refused commands than this in 24 h is a warning.
    static constexpr int kRefusalsWarning = 10;
    static constexpr int kAuthFailuresWarning = 20;
};

} // namespace pmcp
