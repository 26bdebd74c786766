#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace pmcp {

// A real OpenSSH server for tests: its own host key, config and authorized_keys in a
// temporary folder, on a free loopback port, stopped by PID. Logins run as the current user.
class LoopbackSshd final {
public:
    LoopbackSshd();
    ~LoopbackSshd();
    LoopbackSshd(const LoopbackSshd &) = delete;
    LoopbackSshd &operator=(const LoopbackSshd &) = delete;

    bool start();   // picks a port the first time, then reuses it; waits until it accepts
    void stop();    // ends the listener and every connection it serves (by PID)
    bool restart(); // stop + start on the same port: existing sessions die
    QString error() const { return m_error; }

    quint16 port() const { return m_port; }
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString hostKeyFingerprint() const; // "SHA256:..." of the server's host key
    QString knownHostsLine() const;     // "[127.0.0.1]:port ssh-ed25519 AAAA..."
    // Generates a client key pair at path(name) and authorizes its public half; with
    // forcedCommand, logins with that key run it instead (authorized_keys command="...", as a
    // host-side wrapper would; the client's command is in $SSH_ORIGINAL_COMMAND).
    bool addClientKey(const QString &name, const QString &type, const QString &passphrase = {},
                      bool authorize = true, const QString &forcedCommand = {});
    static QString userName();
    // Runs a program to completion (test set-up only) and returns its stdout.
    static QByteArray runTool(const QString &program, const QStringList &arguments,
                              int *exitCode = nullptr);

private:
    bool writeConfig();
    bool waitUntilAccepting();

    QTemporaryDir m_dir;
    QProcess m_sshd;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace pmcp
