#pragma once

#include <QStringList>
#include <QTextStream>

namespace pmcp {

// `proxmox-mcpd policy show|check`: prints the command policy's rules (a starting point for
// COMMAND_POLICY_FILE), or judges a command line as execute_command would.
class PolicyCommand final {
public:
    PolicyCommand(QTextStream &out, QTextStream &err);
    int run(QStringList arguments);
    static QString usage();

private:
    int fail(const QString &message, int code);

    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace pmcp
