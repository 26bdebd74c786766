#pragma once

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QString>

#include <optional>

namespace pmcp::testing {

// A throwaway self-signed certificate for localhost and 127.0.0.1, made with the openssl tool.
struct TestCertificate {
    QSslCertificate certificate;
    QSslKey key;

    // nullopt (with why) when openssl or TLS support is missing or openssl fails. With a
    // pemFolder, key.pem and cert.pem stay there (for a server that loads them from files).
    static std::optional<TestCertificate> generate(QString *why, const QString &pemFolder = {});
    QSslConfiguration serverConfiguration() const;
    // Lets socket accept this certificate, and only it, although it is self-signed.
    void trustOn(QSslSocket *socket) const;
};

} // namespace pmcp::testing
