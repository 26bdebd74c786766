#include "server/simulator/SelfSignedCertificate.h"

#include <QHostAddress>

#include <memory>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace pmcp {

namespace {

template <typename T, void (*Free)(T *)>
struct Deleter {
    void operator()(T *p) const { Free(p); }
};
using PKeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

Error opensslError(const char *what)
{
    return Error::internal(
        QStringLiteral("cannot create the certificate: %1 failed").arg(QLatin1String(what)));
}

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, static_cast<qsizetype>(size));
}

bool addExtension(X509 *cert, int nid, const QByteArray &value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.constData());
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

bool fillCertificate(X509 *cert, EVP_PKEY *key, const QString &commonName, int validDays)
{
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1)
        return false;
    serial[0] &= 0x7F; // a positive serial number
    BIGNUM *bn = BN_bin2bn(serial, sizeof serial, nullptr);
    const bool serialOk = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
    BN_free(bn);
    if (!serialOk || X509_set_version(cert, 2) != 1)
        return false;
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), static_cast<long>(validDays) * 24 * 3600);
    X509_NAME *name = X509_get_subject_name(cert);
    const QByteArray cn = commonName.toUtf8();
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>("PVE Cluster Node"), -1, -1,
                               0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>(cn.constData()), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    const bool isIp = !QHostAddress(commonName).isNull();
    const QByteArray san = (isIp ? QByteArrayLiteral("IP:") : QByteArrayLiteral("DNS:")) + cn;
    return X509_set_pubkey(cert, key) == 1 && addExtension(cert, NID_subject_alt_name, san) &&
           addExtension(cert, NID_basic_constraints, "critical,CA:FALSE") &&
           X509_sign(cert, key, EVP_sha256()) > 0;
}

} // namespace

Result<SelfSignedCertificate> SelfSignedCertificate::generate(const QString &commonName,
                                                              int validDays)
{
    PKeyPtr key(EVP_EC_gen("P-256"));
    if (!key)
        return opensslError("EVP_EC_gen");
    X509Ptr cert(X509_new());
    if (!cert || !fillCertificate(cert.get(), key.get(), commonName, validDays))
        return opensslError("X509_sign");
    BioPtr certBio(BIO_new(BIO_s_mem()));
    BioPtr keyBio(BIO_new(BIO_s_mem()));
    if (!certBio || !keyBio || PEM_write_bio_X509(certBio.get(), cert.get()) != 1 ||
        PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
            1)
        return opensslError("PEM_write_bio");
    SelfSignedCertificate result;
    result.certificate = QSslCertificate(bioBytes(certBio.get()), QSsl::Pem);
    result.key = QSslKey(bioBytes(keyBio.get()), QSsl::Ec, QSsl::Pem);
    if (result.certificate.isNull() || result.key.isNull())
        return opensslError("QSslCertificate");
    return result;
}

} // namespace pmcp
