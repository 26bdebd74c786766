#pragma once

#include "shared/admin/AdminClient.h"

#include <QCoreApplication>
#include <QPointer>
#include <QWidget>

namespace pmcp {

// Asks the person, in a window-modal message box that does not block the event loop, whether
// to trust a daemon's certificate, showing its SHA-256 fingerprint to compare with the one the
// daemon's host prints.
class CertificateDialog final : public admin::CertificateConfirmation {
    Q_DECLARE_TR_FUNCTIONS(pmcp::CertificateDialog)
public:
    explicit CertificateDialog(QWidget *parent);
    void confirm(const QUrl &daemon, const QSslCertificate &certificate, const QString &fingerprint,
                 std::function<void(bool)> answer) override;

private:
    QPointer<QWidget> m_parent;
};

} // namespace pmcp
