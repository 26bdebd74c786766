#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

namespace pmcp {

// What runs inside a simulated container for `pct exec VMID -- CMD` in the demo shell: a few
// read-only programs (hostname, echo, whoami, cat of a few files, uname, uptime, df, free, ps)
// answered from the container's configuration and status. Anything else is named as not
// supported, so a demo user sees what the simulation does not do instead of a false answer.
class SimContainerShell final {
public:
    struct Output {
        int exitStatus = 0;
        QByteArray out;
        QByteArray err;
    };

    // The programs it knows, for messages.
    static QString known();
    // words: the program and its arguments. config: GET .../lxc/{vmid}/config; status:
    // GET .../lxc/{vmid}/status/current; vmid for device names.
    static Output run(const QStringList &words, int vmid, const QJsonObject &config,
                      const QJsonObject &status);

private:
    static Output cat(const QStringList &files, const QJsonObject &config);
    static Output uname(const QStringList &args, const QString &hostname);
    static QByteArray df(int vmid, const QJsonObject &status, bool human);
    static QByteArray ps();
};

} // namespace pmcp
