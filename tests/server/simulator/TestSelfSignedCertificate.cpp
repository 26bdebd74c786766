#include "server/simulator/SelfSignedCertificate.h"

#include <QDateTime>
#include <QHostAddress>
#include <QSslCertificateExtension>
#include <QtTest>

#include <memory>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

using namespace pmcp;

// SelfSignedCertificate: a PEM certificate and EC key that belong together, named for the
// host in CN and subjectAltName, valid from now on.
class TestSelfSignedCertificate final : public QObject {
    Q_OBJECT

private:
    // OpenSSL's own check that the private key is the certificate's.
    static bool keyMatches(const QByteArray &certPem, const QByteArray &keyPem)
    {
        const auto bio = [](const QByteArray &pem) {
            return std::unique_ptr<BIO, decltype(&BIO_free)>(
                BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())), &BIO_free);
        };
        auto certBio = bio(certPem);
        auto keyBio = bio(keyPem);
        std::unique_ptr<X509, decltype(&X509_free)> cert(
            PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr), &X509_free);
        std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
            PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
        return cert && key && X509_check_private_key(cert.get(), key.get()) == 1 &&
               X509_verify(cert.get(), key.get()) == 1;
    }

private slots:
    void generates_data()
    {
        QTest::addColumn<QString>("commonName");
        QTest::addColumn<QString>("san");
        QTest::newRow("host name") << QStringLiteral("localhost") << QStringLiteral("localhost");
        QTest::newRow("IPv4 address") << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.1");
    }
    void generates()
    {
        QFETCH(QString, commonName);
        QFETCH(QString, san);
        const auto made = SelfSignedCertificate::generate(commonName, 30);
        QVERIFY2(made.ok(), qPrintable(made.ok() ? QString() : made.error().message));
        const QSslCertificate &cert = made.value().certificate;
        const QSslKey &key = made.value().key;

        const QByteArray certPem = cert.toPem();
        QVERIFY(certPem.startsWith("-----BEGIN CERTIFICATE-----"));
        QCOMPARE(QSslCertificate::fromData(certPem, QSsl::Pem).size(), 1);
        QCOMPARE(key.algorithm(), QSsl::Ec);
        QCOMPARE(key.type(), QSsl::PrivateKey);
        QCOMPARE(key.length(), 256);
        QCOMPARE(cert.publicKey().algorithm(), QSsl::Ec);
        QVERIFY(keyMatches(certPem, key.toPem()));

        QCOMPARE(cert.subjectInfo(QSslCertificate::CommonName), QStringList{commonName});
        QCOMPARE(cert.issuerInfo(QSslCertificate::CommonName), QStringList{commonName});
        QVERIFY(cert.isSelfSigned());
        const auto names = cert.subjectAlternativeNames();
        if (QHostAddress(commonName).isNull()) {
            QCOMPARE(names.values(QSsl::DnsEntry), QStringList{san});
            QVERIFY(names.values(QSsl::IpAddressEntry).isEmpty());
        } else {
            QCOMPARE(names.values(QSsl::IpAddressEntry), QStringList{san});
            QVERIFY(names.values(QSsl::DnsEntry).isEmpty());
        }

        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY(cert.effectiveDate() <= now);
        QVERIFY(cert.expiryDate() > now.addDays(29));
        QVERIFY(cert.expiryDate() <= now.addDays(31));
        QCOMPARE(cert.version(), QByteArray("3"));
    }

    void eachCallMakesANewKey()
    {
        const auto a = SelfSignedCertificate::generate(QStringLiteral("localhost"), 1);
        const auto b = SelfSignedCertificate::generate(QStringLiteral("localhost"), 1);
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a.value().key.toPem() != b.value().key.toPem());
        QVERIFY(a.value().certificate.serialNumber() != b.value().certificate.serialNumber());
        QVERIFY(!keyMatches(a.value().certificate.toPem(), b.value().key.toPem()));
    }
};

QTEST_GUILESS_MAIN(TestSelfSignedCertificate)
#include "TestSelfSignedCertificate.moc"
