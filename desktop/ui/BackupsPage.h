#pragma once

#include "shared/admin/AdminTypes.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace pmcp {

class ConnectionManager;

// The daemon's backups (docs/BACKUPS.md): the list with size, age and verification state; a
// backup now, with its progress from the event stream (backup.progress) while the call is
// open; verifying one, with the result as a sentence that names the first bad file; restoring
// everything or one part after a confirmation that says what will be replaced and that the
// current state is saved first; and the retention and schedule from the daemon's configuration,
// with a way to the Configuration page to change them. Nothing waits on the network.
class BackupsPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackupsPage)
public:
    // Asked before a restore with the exact text of what will be replaced; true: go ahead.
    // The page shows a message box; tests answer in advance.
    using Confirmation = std::function<bool(const QString &text)>;

    explicit BackupsPage(ConnectionManager *connections, QWidget *parent = nullptr);

    void setConfirmation(Confirmation confirmation) { m_confirm = std::move(confirmation); }
    // Asks for the list and the configuration now; listShown() when the list is on screen.
    void refresh();
    // What a restore of these parts replaces, as the confirmation says it (empty: everything).
    static QString replacedBy(const QStringList &parts);
    // The sentence for a verification's result.
    static QString verificationSentence(const admin::BackupCheck &check);

signals:
    void listShown();
    // The retention and schedule are on screen (or the reason they are not).
    void settingsShown();
    // A backup.progress event was shown: the step and its percentage.
    void progressShown(const QString &step, int percent);
    // An operation finished: its sentence (success or the daemon's refusal).
    void reported(const QString &message, bool isError);
    // The person wants to change retention or schedule.
    void configurationRequested();

protected:
    // Opening the page asks again, so that ages and entries are current.
    void showEvent(QShowEvent *event) override;

private:
    void describeControls();
    void layOut();
    void createNow();
    void verifySelected();
    void restoreSelected();
    void showList(const admin::BackupList &list);
    void showSettings(const QJsonObject &answer);
    void followEvent(const admin::Event &event);
    void setBusy(bool busy, const QString &operation = {});
    QString selectedName() const;
    void report(const QString &message, bool isError);

    ConnectionManager *m_connections;
    Confirmation m_confirm;
    QTreeWidget *m_list;
    QLabel *m_directory;
    QPushButton *m_create;
    QPushButton *m_verify;
    QComboBox *m_restorePart;
    QPushButton *m_restore;
    QProgressBar *m_progress;
    QLabel *m_retention;
    QLabel *m_schedule;
    QPushButton *m_openConfig;
    QLabel *m_message;
    bool m_busy = false;    // an operation runs (this page's or another's)
    bool m_calling = false; // this page's call is open
};

} // namespace pmcp
