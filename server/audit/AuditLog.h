#pragma once

#include "server/audit/AuditChainCheck.h"
#include "server/audit/AuditRetention.h"
#include "shared/core/Result.h"

#include <QByteArray>
#include <QFile>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTimer>
#include <QString>

namespace pmcp {

// One audited tool call.
struct AuditEntry final {
    QString client; // MCP client name
    QString tool;
    // append() masks secrets (SecretMask) and caps long values (AuditArguments) before anything
    // is written.
    QJsonObject arguments;
    QString decision; // "allowed", "denied:<rule>", "" when no policy applied
    qint64 durationMs = 0;
    QString outcome; // ok, error, tool_error, denied, timeout, cancelled
    QString upid;    // Proxmox task, when one was started
    // What the call acted on, {system?, node?, guest?}; {} when unknown. Added after the first
    // release: older lines have no "target", and verification does not need one.
    QJsonObject target;
    // How a confirmed change was confirmed: "confirm_argument" (the client's confirm:true) or
    // "elicitation" (a person, with the answer in confirmation); both empty, and left out of the
    // line, when nothing was confirmed. Added with issue 12.
    QString confirmedBy;
    QJsonObject confirmation;
};

// Append-only audit log under STATE_DIR/audit: JSON lines, each chained to the one before by
// an HMAC-SHA256 with a key kept apart from the log; rotation keeps the chain across files.
// Any number of processes (the daemon, `proxmox-mcpd stdio` clients, the CLI) may append to one
// folder: each append holds an exclusive lock (flock on audit/audit.lock) and, when another
// process wrote since, first takes the chain head from the files, so all of them extend one
// chain. Only the tail of the newest file is read to find the head.
class AuditLog final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditLog)
public:
    static constexpr qint64 kDefaultMaxFileBytes = 10 * 1024 * 1024;

    AuditLog(QString directory, QString keyPath, QObject *parent = nullptr);
    AuditLog(QString directory, QString keyPath, qint64 maxFileBytes, QObject *parent = nullptr);
    ~AuditLog() override;

    // What is kept (AUDIT_MAX_BYTES, AUDIT_KEEP_DAYS); everything unless set. Applied at open()
    // and whenever a new file starts: the oldest files go, the anchor (AuditAnchor) records
    // where the kept chain starts, and an "audit.retention" entry records what went. With a
    // byte limit, files rotate at an eighth of it (at least 64 KiB, at most the file size).
    void setRetention(const AuditRetention &retention);

    // Creates the folder (0700) and the key (0600) when missing, cuts off a torn last line left
    // by a crash (and records that as an entry) and continues the chain.
    Result<void> open();
    Result<void> append(const AuditEntry &entry);
    // Forces written entries to disk now (they are synced within kSyncDelayMs anyway).
    void sync();
    static constexpr int kSyncDelayMs = 5;
    static AuditVerification verify(const QString &directory, const QString &keyPath);
    // A checker for this log's chain that a health probe can advance (AuditChainCheck::Live).
    AuditChainCheck chainCheck() const { return AuditChainCheck(m_directory, m_key); }
    // The chain head without verifying the chain (what open() would continue from): the key
    // must be readable, the anchor and the newest file's last complete entry too. The head's
    // sequence number, 0 for an empty or missing log; an error naming the file it cannot read.
    static Result<qint64> head(const QString &directory, const QString &keyPath);
    // The last count entries, oldest first, as written (not verified).
    static Result<QList<QJsonObject>> tail(const QString &directory, int count);

    // Where the daemon keeps them under STATE_DIR; the key lives outside the audit folder.
    static QString directoryIn(const QString &stateDir);
    static QString keyPathIn(const QString &stateDir);
    static QString fileName(int index);

signals:
    void appended(const QJsonObject &line);

private:
    Result<void> loadOrCreateKey();
    // With the lock held: finds the chain head at the end of the newest file (cutting off a line
    // torn by a crash, and recording that) and appends to that file from now on.
    Result<void> resumeChain();
    // With the lock held: resumes the chain if another process appended or rotated since.
    Result<void> catchUp();
    Result<void> repairTornTail(const QString &path, qint64 *cutBytes);
    Result<void> openFile(int index);
    Result<void> writeLine(QJsonObject line);
    Result<void> writeLocked(QJsonObject line);
    // With the lock held: removes what retention lets go (problems are logged, not returned:
    // an append never fails because old files could not be removed).
    void applyRetention();

    QString m_directory;
    QString m_keyPath;
    qint64 m_maxFileBytes = kDefaultMaxFileBytes;
    QByteArray m_key;
    QFile m_file;
    int m_fileIndex = 0;
    qint64 m_seq = 0;
    QByteArray m_prevMac;
    qint64 m_knownSize = 0; // the current file's size after this process's last write
    int m_lockFd = -1;
    bool m_open = false;
    QTimer m_syncTimer;
    AuditRetention m_retention;
    bool m_inRetention = false;
};

} // namespace pmcp
