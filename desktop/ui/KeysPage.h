#pragma once

#include "shared/admin/AdminTypes.h"

#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace pmcp {

class ConnectionManager;

// The daemon's SSH key and Proxmox API token (docs/ROTATION.md): the key's path, fingerprint and
// age, the token's id and age, each against ROTATION_DAYS with "due" said plainly; and a guided
// rotation of each: a plan first (a dry run that lists the steps it would take), then the
// rotation after a confirmation, each step and its result shown as the rotation.step events
// arrive and the daemon's final sentence from rotation.finished (on failure: whether the old
// credential still works). Nothing waits on the network.
class KeysPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeysPage)
public:
    // Asked before a rotation with the text of what it will do; true: go ahead. The page shows
    // a message box; tests answer in advance.
    using Confirmation = std::function<bool(const QString &text)>;

    explicit KeysPage(ConnectionManager *connections, QWidget *parent = nullptr);

    void setConfirmation(Confirmation confirmation) { m_confirm = std::move(confirmation); }
    // Asks for both credentials now; statusShown() when they are on screen.
    void refresh();
    // Starts a plan (dryRun) or a rotation of "ssh-key" or "api-token", as the buttons do
    // (a rotation asks the confirmation first).
    void start(const QString &kind, bool dryRun);

signals:
    // The credentials are on screen (or the sentence why not).
    void statusShown();
    // A rotation.step event was shown: the step's name and its state (running, ok, failed,
    // undone, planned).
    void stepShown(const QString &name, const QString &state);
    // A rotation or plan ended, or could not start: its sentence.
    void reported(const QString &message, bool isError);

protected:
    // Opening the page asks again, so that ages are current.
    void showEvent(QShowEvent *event) override;

private:
    void describeControls();
    void layOut();
    void showStatus(const admin::RotationStatus &status);
    void followEvent(const admin::Event &event);
    void showStep(const admin::RotationStep &step);
    void finish(const admin::Event &event);
    void updateButtons();
    void report(const QString &message, bool isError);

    ConnectionManager *m_connections;
    Confirmation m_confirm;
    QLabel *m_period;
    QLabel *m_keyPath;
    QLabel *m_keyFingerprint;
    QLabel *m_keyAge;
    QLabel *m_keyState;
    QPushButton *m_planKey;
    QPushButton *m_rotateKey;
    QLabel *m_tokenId;
    QLabel *m_tokenAge;
    QLabel *m_tokenState;
    QPushButton *m_planToken;
    QPushButton *m_rotateToken;
    QLabel *m_runTitle;
    QTreeWidget *m_steps;
    QPushButton *m_refresh;
    QLabel *m_message;
    bool m_keyEnabled = false;
    bool m_tokenEnabled = false;
    bool m_running = false; // a rotation runs (this page's or another's)
    QString m_runKind;      // the kind this page follows
    QString m_runId;        // its id once known
    bool m_runDryRun = false;
};

} // namespace pmcp
