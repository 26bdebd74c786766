#include "tests/support/SampleState.h"

#include "server/audit/AuditLog.h"
#include "server/auth/ClientStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace pmcp::test {

namespace {

bool writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    file.write(content);
    return file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

} // namespace

SampleState::SampleState(int auditEntries)
{
    if (!m_dir.isValid())
        return;
    m_stateDir = m_dir.filePath(QStringLiteral("state"));
    m_configPath = m_dir.filePath(QStringLiteral("etc/proxmox-mcp.env"));
    m_keyPath = m_dir.filePath(QStringLiteral("keys/id_ed25519"));
    QDir().mkpath(m_stateDir);
    QFile::setPermissions(m_stateDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const QByteArray config =
        "STATE_DIR=" + m_stateDir.toUtf8() +
        "\nENABLE_PROXMOX_API=false\nENABLE_SSH=false\nSSH_KEY_PATH=" + m_keyPath.toUtf8() + "\n";
    ClientStore store(m_stateDir);
    const auto token = store.create(QStringLiteral("alice"), false, 0);
    if (!token.ok())
        return;
    m_token = token.value().toLatin1();
    const QDir state(m_stateDir);
    m_valid =
        writeFile(m_configPath, config) &&
        writeFile(m_keyPath, "-----BEGIN OPENSSH PRIVATE KEY-----\nsample\n-----END "
                             "OPENSSH PRIVATE KEY-----\n") &&
        writeFile(m_keyPath + QStringLiteral(".pub"), "ssh-ed25519 AAAA sample\n") &&
        writeFile(state.filePath(QStringLiteral("admin-tokens.json")),
                  "{\"tokens\": [{\"name\": \"desk\", \"hash\": \"00\"}]}\n") &&
        writeFile(state.filePath(QStringLiteral("oauth/grants.json")), "{\"grants\": []}\n") &&
        writeFile(state.filePath(QStringLiteral("config-versions/0001.env")), config) &&
        writeFile(state.filePath(QStringLiteral("known_hosts")),
                  "[127.0.0.1]:22 ssh-ed25519 AAAA\n") &&
        appendAudit(auditEntries);
}

QString SampleState::backupDir() const
{
    return QDir(m_stateDir).filePath(QStringLiteral("backups"));
}

bool SampleState::appendAudit(int count)
{
    AuditLog log(AuditLog::directoryIn(m_stateDir), AuditLog::keyPathIn(m_stateDir));
    if (!log.open().ok())
        return false;
    for (int i = 0; i < count; ++i) {
        AuditEntry entry;
        entry.client = QStringLiteral("alice");
        entry.tool = QStringLiteral("list_vms");
        entry.arguments = {{QStringLiteral("node"), QStringLiteral("pve%1").arg(i % 3)}};
        entry.decision = QStringLiteral("allowed");
        entry.durationMs = i;
        entry.outcome = QStringLiteral("ok");
        if (!log.append(entry).ok())
            return false;
    }
    log.sync();
    return true;
}

} // namespace pmcp::test
