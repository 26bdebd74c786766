#pragma once

#include <QStringList>
#include <QTextStream>

namespace pmcp {

// `proxmox-mcpd demo`: a Proxmox VE simulator with a small cluster in-process, and the daemon
// against it over the real REST path, so a new user can try every tool without a Proxmox host.
class DemoCommand final {
public:
    DemoCommand(QTextStream &out, QTextStream &err);
    int run(QStringList arguments);
    static QString usage();

private:
    int fail(const QString &message, int code);

    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace pmcp
