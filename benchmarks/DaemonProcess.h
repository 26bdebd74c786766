#pragma once

#include <QProcess>
#include <QTemporaryDir>

// Starts proxmox-mcpd as a separate process with a throwaway configuration and a client
// token, for measurements from outside (RSS, latency over real sockets).
class DaemonProcess final {
public:
    // extraSettings: more `.env` lines (KEY=value\n...) for the configuration.
    explicit DaemonProcess(QString program, QByteArray extraSettings = {});
    ~DaemonProcess();

    bool start(QString *error);
    quint16 port() const { return m_port; }
    QByteArray token() const { return m_token; }
    qint64 pid() const { return m_process.processId(); }
    // Resident set size in KiB, from /proc.
    qint64 rssKiB() const;

private:
    QString m_program;
    QByteArray m_extraSettings;
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    QByteArray m_token;
};
