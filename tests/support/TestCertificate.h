#pragma once

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QString>

#include <optional>

namespace pmcp::testing {

// A throwaway self-signed certificate for CN=localhost, made with the openssl tool.
struct TestCertificate {
    QSslCertificate certificate;
    QSslKey key;

    // nullopt (with why) when openssl or TLS support is missing.
    static std::optional<TestCertificate> generate(QString *why);
    QSslConfiguration serverConfiguration() const;
    // Lets socket accept this certificate, and only it, although it is self-signed.
    void trustOn(QSslSocket *socket) const;
};

} // namespace pmcp::testing
