#pragma once

#include <QStringList>
#include <QTextStream>

namespace pmcp {

// `proxmox-mcpd audit verify|tail`: checks the HMAC chain of the audit log under STATE_DIR and
// names the first bad entry, or prints the last entries.
class AuditCommand final {
public:
    AuditCommand(QTextStream &out, QTextStream &err);
    int run(QStringList arguments);
    static QString usage();

private:
    int verify(const QString &stateDir);
    int tail(const QString &stateDir, int count);
    int fail(const QString &message, int code);

    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace pmcp
