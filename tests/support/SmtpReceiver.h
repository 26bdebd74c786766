#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <optional>

namespace pmcp::testing {

// A loopback SMTP server (Debian's python3-aiosmtpd, tests/support/smtp-receiver.py) that
// requires STARTTLS and then AUTH with one user and password, on a free port with a throwaway
// certificate (TestCertificate); stopped by PID when destroyed.
class SmtpReceiver final {
public:
    struct Message {
        QByteArray content;   // the message as received (headers and body)
        QJsonObject envelope; // mail_from, rcpt_tos, authenticated, login, tls
    };

    SmtpReceiver() = default;
    ~SmtpReceiver();
    SmtpReceiver(const SmtpReceiver &) = delete;
    SmtpReceiver &operator=(const SmtpReceiver &) = delete;

    // false with *why when python3-aiosmtpd, openssl or the script is missing or fails.
    bool start(const QString &user, const QString &password, QString *why);
    void stop();
    quint16 port() const { return m_port; }
    QString url() const;    // smtp://127.0.0.1:PORT
    QString caFile() const; // the certificate to trust (self-signed, so it is its own CA)
    // The messages received so far, oldest first.
    QList<Message> messages() const;

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace pmcp::testing
