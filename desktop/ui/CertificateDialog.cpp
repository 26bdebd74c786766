#include "desktop/ui/CertificateDialog.h"

#include <QCoreApplication>
#include <QMessageBox>
#include <QPushButton>

namespace pmcp {

CertificateDialog::CertificateDialog(QWidget *parent)
    : m_parent(parent)
{}

void CertificateDialog::confirm(const QUrl &daemon, const QSslCertificate &certificate,
                                const QString &fingerprint, std::function<void(bool)> answer)
{
    auto *box = new QMessageBox(m_parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("certificateDialog"));
    box->setIcon(QMessageBox::Question);
    box->setWindowTitle(tr("Trust this daemon's certificate?"));
    box->setText(tr("%1 presents a certificate this computer has not seen before.")
                     .arg(daemon.toString(QUrl::RemoveUserInfo)));
    box->setInformativeText(
        tr("SHA-256 fingerprint:\n%1\n\nIssued to: %2\n\nCompare it with what the daemon's host "
           "prints (openssl x509 -noout -fingerprint -sha256 -in MCP_TLS_CERT). Trust it only if "
           "they are the same.")
            .arg(fingerprint, certificate.subjectDisplayName()));
    QPushButton *trust = box->addButton(tr("Trust"), QMessageBox::AcceptRole);
    trust->setAccessibleName(tr("Trust the certificate"));
    QPushButton *refuse = box->addButton(tr("Do not trust"), QMessageBox::RejectRole);
    refuse->setAccessibleName(tr("Do not trust the certificate"));
    box->setDefaultButton(refuse);
    QObject::connect(box, &QMessageBox::finished, box,
                     [box, trust, answer] { answer(box->clickedButton() == trust); });
    box->open();
}

} // namespace pmcp
