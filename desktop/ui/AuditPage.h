#pragma once

#include "shared/admin/AdminTypes.h"

#include <QWidget>

#include <functional>
#include <memory>

class QCheckBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace pmcp {

class ConnectionManager;
struct AuditExport;

// Audit & security: the audit log with filters (client, tool, denied only, time range) one page
// at a time, the chain verification with its result, the entries the filter matches exported
// to CSV or JSON, the commands the policy refused with the rule that refused each, and the
// health checks that concern security (sudoers validity, the audit log) as the daemon reports
// them. Every call is asynchronous; the export fetches the pages one after another.
class AuditPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditPage)
public:
    // Asked for the file to export to (suggested name, file filter); empty: cancelled. The page
    // shows a file dialog; tests answer in advance.
    using FileChooser = std::function<QString(const QString &suggested, const QString &filter)>;

    explicit AuditPage(ConnectionManager *connections, QWidget *parent = nullptr);

    void setFileChooser(FileChooser chooser) { m_chooseFile = std::move(chooser); }
    // The query the filters give for the current page; an error sentence when they are wrong.
    Result<admin::AuditQuery> currentQuery() const;
    // Asks for the page, the denied commands and the security checks now.
    void refresh();

    // The entries as CSV (RFC 4180: a header line, fields with a comma, a quote or a line break
    // quoted, quotes doubled, CRLF line ends) and as a JSON document.
    // The lines of the security checks for this status: sudoers, the audit log and the SSH
    // key as the daemon reports them, and a sentence when it reports no sudoers check.
    static QStringList securityLines(const admin::DaemonStatus &status);
    static QByteArray toCsv(const QList<admin::AuditEntry> &entries);
    static QByteArray toJson(const QList<admin::AuditEntry> &entries,
                             const admin::AuditQuery &filter);

signals:
    void entriesShown();
    void deniedShown();
    void securityShown();
    void chainShown(bool ok);
    // An export is written (or failed: reported()).
    void exported(const QString &path, int entries);
    // An operation finished: its sentence (success or the daemon's refusal).
    void reported(const QString &message, bool isError);

protected:
    // Opening the page asks again, so that ages and entries are current.
    void showEvent(QShowEvent *event) override;

private:
    void describeControls();
    void layOut();
    void search();
    void showEntries(const admin::AuditPage &page);
    void showDenied(const admin::AuditPage &page);
    void showSecurity(const admin::DaemonStatus &status);
    void verifyChain();
    void exportAs(bool csv);
    void fetchForExport(const std::shared_ptr<AuditExport> &job);
    void finishExport(const std::shared_ptr<AuditExport> &job);
    void report(const QString &message, bool isError);

    ConnectionManager *m_connections;
    FileChooser m_chooseFile;
    QLineEdit *m_client;
    QLineEdit *m_tool;
    QCheckBox *m_deniedOnly;
    QCheckBox *m_useRange;
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_to;
    QSpinBox *m_pageSize;
    QPushButton *m_search;
    QTreeWidget *m_entries;
    QPushButton *m_previous;
    QPushButton *m_next;
    QLabel *m_pageLabel;
    QPushButton *m_verify;
    QLabel *m_chain;
    QPushButton *m_exportCsv;
    QPushButton *m_exportJson;
    QTreeWidget *m_denied;
    QLabel *m_security;
    QLabel *m_message;
    int m_offset = 0;
    qint64 m_matched = 0;
    bool m_exporting = false;
};

} // namespace pmcp
