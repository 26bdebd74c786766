#pragma once

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace pmcp::test {

// A deployment's state in a temporary folder, as backups see it: a configuration file naming
// STATE_DIR, a client token ("alice"), an audit log of some entries, admin tokens, OAuth
// grants, a kept configuration version, known_hosts and an SSH key outside STATE_DIR.
class SampleState final {
public:
    // auditEntries: how many entries the audit log gets.
    explicit SampleState(int auditEntries = 5);

    bool isValid() const { return m_valid; }
    QString root() const { return m_dir.path(); }
    QString stateDir() const { return m_stateDir; }
    QString configPath() const { return m_configPath; }
    QString keyPath() const { return m_keyPath; }
    QString backupDir() const;
    QByteArray clientToken() const { return m_token; }

    // Appends count more entries to the audit log; false on failure.
    bool appendAudit(int count);

private:
    QTemporaryDir m_dir;
    QString m_stateDir;
    QString m_configPath;
    QString m_keyPath;
    QByteArray m_token;
    bool m_valid = false;
};

} // namespace pmcp::test
