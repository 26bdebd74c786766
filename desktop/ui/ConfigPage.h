#pragma once

#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTimer;
class QTreeWidget;

namespace pmcp {

class ConnectionManager;
struct ConfigSetting;

// The daemon's configuration as a form generated from shared/config's ConfigSchema (grouped,
// one typed control per key, descriptions as tooltips, defaults shown, secrets masked and never
// shown back), validated by the daemon as you type (debounced), applied after a confirmation
// that shows the pending changes (per key: live or waiting for a restart); the kept versions
// and a rollback to one of them after a confirmation.
class ConfigPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigPage)
public:
    // Asked before apply and rollback with the exact text of what will change; true: go ahead.
    // The page shows a message box; tests answer in advance.
    using Confirmation = std::function<bool(const QString &text)>;

    explicit ConfigPage(ConnectionManager *connections, QWidget *parent = nullptr);

    void setConfirmation(Confirmation confirmation) { m_confirm = std::move(confirmation); }
    // Asks for the settings and the history now; settingsShown() when they are on screen.
    void refresh();
    // The pending changes (key -> value; "" removes the key from the file).
    QMap<QString, QString> pendingChanges() const { return m_pending; }
    // The text the confirmation before applying shows.
    QString pendingDiff() const;

signals:
    void settingsShown();
    // The daemon answered a validation of the pending changes.
    void validated();
    // An operation finished: its sentence (success or the daemon's refusal).
    void reported(const QString &message, bool isError);

private:
    void buildForm();
    QWidget *editorFor(const ConfigSetting &setting);
    void showSettings(const QJsonObject &answer);
    void showHistory(const QJsonObject &answer);
    void edited(const QString &key, const QString &value);
    void validateNow();
    void showProblems(const QJsonArray &problems);
    void apply();
    void rollback();
    void showOutcome(const QJsonObject &answer, const QString &done);
    void report(const QString &message, bool isError);

    ConnectionManager *m_connections;
    Confirmation m_confirm;
    QHash<QString, QWidget *> m_editors;
    QHash<QString, QLabel *> m_notes;
    QMap<QString, QString> m_current; // the effective values the daemon gave (not secrets)
    QMap<QString, QString> m_pending;
    QTimer *m_debounce;
    QTreeWidget *m_history;
    QPushButton *m_apply;
    QPushButton *m_revert;
    QPushButton *m_rollback;
    QLabel *m_message;
    bool m_filling = false;
    int m_validation = 0;
};

} // namespace pmcp
