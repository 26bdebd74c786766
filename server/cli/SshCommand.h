#pragma once

#include <QStringList>
#include <QTextStream>

namespace pmcp {

// `proxmox-mcpd ssh trust`: shows the Proxmox host's SSH key fingerprint and, once a person
// confirms it (or --yes), records it in the known_hosts file the daemon checks.
class SshCommand final {
public:
    // in: where the confirmation is read from (stdin when null).
    SshCommand(QTextStream &out, QTextStream &err, QTextStream *in = nullptr);
    int run(QStringList arguments);
    static QString usage();

private:
    int trust(const QString &configPath, bool assumeYes);
    int fail(const QString &message, int code);

    QTextStream &m_out;
    QTextStream &m_err;
    QTextStream *m_in;
};

} // namespace pmcp
