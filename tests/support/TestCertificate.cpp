#include "tests/support/TestCertificate.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace pmcp::testing {

std::optional<TestCertificate> TestCertificate::generate(QString *why, const QString &pemFolder)
{
    if (!QSslSocket::supportsSsl()) {
        *why = QStringLiteral("no TLS support in QtNetwork");
        return std::nullopt;
    }
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty()) {
        *why = QStringLiteral("openssl not found");
        return std::nullopt;
    }
    QTemporaryDir scratch;
    if (pemFolder.isEmpty() && !scratch.isValid()) {
        *why = QStringLiteral("no temporary directory");
        return std::nullopt;
    }
    const QDir dir(pemFolder.isEmpty() ? scratch.path() : pemFolder);
    QProcess process;
    process.start(openssl,
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                   QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=localhost"), QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1"),
                   QStringLiteral("-keyout"), dir.filePath(QStringLiteral("key.pem")),
                   QStringLiteral("-out"), dir.filePath(QStringLiteral("cert.pem"))});
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        *why = QStringLiteral("openssl failed: ") +
               QString::fromLocal8Bit(process.readAllStandardError());
        return std::nullopt;
    }
    QFile keyFile(dir.filePath(QStringLiteral("key.pem")));
    QFile certFile(dir.filePath(QStringLiteral("cert.pem")));
    if (!keyFile.open(QIODevice::ReadOnly) || !certFile.open(QIODevice::ReadOnly)) {
        *why = QStringLiteral("openssl wrote no key or certificate");
        return std::nullopt;
    }
    TestCertificate result{QSslCertificate(certFile.readAll(), QSsl::Pem),
                           QSslKey(keyFile.readAll(), QSsl::Ec, QSsl::Pem)};
    if (result.certificate.isNull() || result.key.isNull()) {
        *why = QStringLiteral("cannot load the generated key or certificate");
        return std::nullopt;
    }
    return result;
}

QSslConfiguration TestCertificate::serverConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(certificate);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    return configuration;
}

void TestCertificate::trustOn(QSslSocket *socket) const
{
    socket->ignoreSslErrors({QSslError(QSslError::SelfSignedCertificate, certificate)});
}

} // namespace pmcp::testing
