#pragma once

#include "shared/admin/AdminTypes.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace pmcp {

class ConnectionManager;

// Who may use the daemon: the inbox of pending access requests (approve with a scope and an
// expiry, or reject), the approved clients and static tokens (revoke with a reason), and a new
// static token, shown once with a copy button and the lines that add it to Claude Code.
class ClientsPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientsPage)
public:
    explicit ClientsPage(ConnectionManager *connections, QWidget *parent = nullptr);

    // Asks for both lists now; listsShown() when they are on screen.
    void refresh();
    // The `claude mcp add` lines for a token of the daemon at baseUrl.
    static QString claudeLines(const QUrl &baseUrl, const QString &token);

signals:
    void listsShown();
    // An operation finished: its sentence (success or the daemon's refusal).
    void reported(const QString &message, bool isError);

private:
    // Names, ranges and accessible names of the controls; then their places on the page.
    void describeControls();
    void layOut();
    void approveSelected();
    void rejectSelected();
    void revokeSelected();
    void createToken();
    void showPending(const QList<admin::PendingRequest> &requests);
    void showClients(const QList<admin::ClientEntry> &clients);
    void report(const QString &message, bool isError);
    QString selectedPending() const;

    ConnectionManager *m_connections;
    QTreeWidget *m_pending;
    QComboBox *m_approveScope;
    QSpinBox *m_approveDays;
    QPushButton *m_approve;
    QPushButton *m_reject;
    QTreeWidget *m_clients;
    QLineEdit *m_revokeReason;
    QPushButton *m_revoke;
    QLineEdit *m_newName;
    QComboBox *m_newScope;
    QSpinBox *m_newDays;
    QPushButton *m_create;
    QLineEdit *m_newToken;
    QPushButton *m_copy;
    QPlainTextEdit *m_claudeLines;
    QLabel *m_message;
    int m_answersMissing = 0;
};

} // namespace pmcp
