#pragma once

#include "shared/core/Result.h"

#include <QSslCertificate>
#include <QSslKey>
#include <QString>

namespace pmcp {

// A fresh EC P-256 key and a self-signed X.509 certificate for it, made in memory with
// OpenSSL, as a Proxmox host makes its own at installation.
struct SelfSignedCertificate final {
    QSslCertificate certificate;
    QSslKey key;

    // commonName also goes into the subjectAltName (DNS, or IP when it parses as one).
    static Result<SelfSignedCertificate> generate(const QString &commonName, int validDays);
};

} // namespace pmcp
