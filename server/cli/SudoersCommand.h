#pragma once

#include <QStringList>
#include <QTextStream>

namespace pmcp {

// `proxmox-mcpd sudoers`: prints (or writes) the sudoers drop-in for SSH_USER generated from
// the command policy, to install on the Proxmox host after `visudo -c -f`.
class SudoersCommand final {
public:
    SudoersCommand(QTextStream &out, QTextStream &err);
    int run(QStringList arguments);
    static QString usage();

private:
    int fail(const QString &message, int code);

    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace pmcp
