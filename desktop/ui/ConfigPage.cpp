#include "desktop/ui/ConfigPage.h"

#include "desktop/app/ConnectionManager.h"
#include "shared/admin/AdminClient.h"
#include "shared/config/ConfigSchema.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <limits>

namespace pmcp {

namespace {

// Validation waits until typing pauses this long.
constexpr int kValidateDelayMs = 400;

QStringList strings(const QJsonValue &array)
{
    QStringList result;
    for (const QJsonValue &item : array.toArray())
        result.append(item.toString());
    return result;
}

QPushButton *button(const QString &text, const QString &objectName, const QString &accessible,
                    QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(objectName);
    b->setAccessibleName(accessible);
    return b;
}

} // namespace

ConfigPage::ConfigPage(ConnectionManager *connections, QWidget *parent)
    : QWidget(parent)
    , m_connections(connections)
    , m_debounce(new QTimer(this))
    , m_history(new QTreeWidget(this))
    , m_apply(button(tr("&Apply changes"), QStringLiteral("applyConfigButton"), tr("Apply changes"),
                     this))
    , m_revert(button(tr("&Discard changes"), QStringLiteral("discardConfigButton"),
                      tr("Discard changes"), this))
    , m_rollback(button(tr("&Roll back to the selected version"),
                        QStringLiteral("rollbackConfigButton"),
                        tr("Roll back to the selected version"), this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("configPage"));
    setAccessibleName(tr("Configuration"));
    m_confirm = [this](const QString &text) {
        return QMessageBox::question(this, tr("Configuration"), text) == QMessageBox::Yes;
    };
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kValidateDelayMs);
    m_history->setObjectName(QStringLiteral("configHistory"));
    m_history->setAccessibleName(tr("Configuration versions"));
    m_history->setHeaderLabels({tr("Version"), tr("Time"), tr("Action"), tr("By"), tr("Keys")});
    m_history->setRootIsDecorated(false);
    m_history->header()->setStretchLastSection(true);
    m_message->setObjectName(QStringLiteral("configMessage"));
    m_message->setAccessibleName(tr("Configuration message"));
    m_message->setWordWrap(true);
    m_apply->setEnabled(false);
    m_revert->setEnabled(false);

    buildForm();

    connect(m_debounce, &QTimer::timeout, this, &ConfigPage::validateNow);
    connect(m_apply, &QPushButton::clicked, this, &ConfigPage::apply);
    connect(m_revert, &QPushButton::clicked, this, &ConfigPage::refresh);
    connect(m_rollback, &QPushButton::clicked, this, &ConfigPage::rollback);
    connect(m_connections, &ConnectionManager::connected, this, &ConfigPage::refresh);
}

void ConfigPage::buildForm()
{
    auto *form = new QWidget(this);
    auto *formLayout = new QVBoxLayout(form);
    const ConfigSchema &schema = ConfigSchema::instance();
    for (const QString &group : schema.groups()) {
        auto *box = new QGroupBox(group, form);
        auto *rows = new QFormLayout(box);
        for (const ConfigSetting &setting : schema.keys()) {
            if (setting.group != group)
                continue;
            QWidget *editor = editorFor(setting);
            editor->setObjectName(QStringLiteral("setting_") + setting.name);
            editor->setAccessibleName(tr("Setting %1").arg(setting.name));
            const QString defaultText = setting.defaultValue.isEmpty()
                                            ? tr("no default (optional)")
                                            : tr("default: %1").arg(setting.defaultValue);
            editor->setToolTip(setting.description + QLatin1Char('\n') + defaultText);
            editor->setAccessibleDescription(setting.description);
            auto *note = new QLabel(defaultText, box);
            note->setObjectName(QStringLiteral("note_") + setting.name);
            note->setAccessibleName(tr("About %1").arg(setting.name));
            note->setWordWrap(true);
            auto *cell = new QVBoxLayout;
            cell->addWidget(editor);
            cell->addWidget(note);
            auto *label = new QLabel(setting.name, box);
            label->setBuddy(editor);
            label->setToolTip(setting.description);
            rows->addRow(label, cell);
            m_editors.insert(setting.name, editor);
            m_notes.insert(setting.name, note);
        }
        formLayout->addWidget(box);
    }
    formLayout->addStretch();
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("configForm"));
    scroll->setAccessibleName(tr("Settings"));
    scroll->setWidgetResizable(true);
    scroll->setWidget(form);

    auto *actions = new QHBoxLayout;
    actions->addWidget(m_apply);
    actions->addWidget(m_revert);
    actions->addStretch();
    auto *historyBox = new QGroupBox(tr("Kept versions"), this);
    auto *historyLayout = new QVBoxLayout(historyBox);
    historyLayout->addWidget(m_history);
    historyLayout->addWidget(m_rollback);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 3);
    layout->addLayout(actions);
    layout->addWidget(m_message);
    layout->addWidget(historyBox, 1);
}

QWidget *ConfigPage::editorFor(const ConfigSetting &setting)
{
    const QString key = setting.name;
    if (setting.type == ConfigType::Bool) {
        auto *box = new QCheckBox(this);
        connect(box, &QCheckBox::toggled, this, [this, key](bool on) {
            edited(key, on ? QStringLiteral("true") : QStringLiteral("false"));
        });
        return box;
    }
    if (setting.type == ConfigType::Enum) {
        auto *box = new QComboBox(this);
        box->addItems(setting.choices);
        connect(box, &QComboBox::currentTextChanged, this,
                [this, key](const QString &text) { edited(key, text); });
        return box;
    }
    if ((setting.type == ConfigType::Integer || setting.type == ConfigType::Port) &&
        !setting.isOptional()) {
        auto *box = new QSpinBox(this);
        const bool unbounded = setting.minimum == 0 && setting.maximum == 0;
        if (setting.type == ConfigType::Port)
            box->setRange(0, 65535); // 0: any free port (tests), the daemon checks the rest
        else
            box->setRange(unbounded ? 0 : static_cast<int>(setting.minimum),
                          unbounded ? std::numeric_limits<int>::max()
                                    : static_cast<int>(setting.maximum));
        connect(box, &QSpinBox::valueChanged, this,
                [this, key](int value) { edited(key, QString::number(value)); });
        return box;
    }
    auto *line = new QLineEdit(this);
    if (setting.secret)
        line->setEchoMode(QLineEdit::Password);
    // textChanged, not textEdited: assistive technology sets the text the way a program does
    // (AT-SPI EditableText), and that is an edit too; filling the form is guarded by m_filling.
    connect(line, &QLineEdit::textChanged, this,
            [this, key](const QString &text) { edited(key, text); });
    return line;
}

void ConfigPage::refresh()
{
    admin::AdminClient *client = m_connections->client();
    if (client == nullptr)
        return;
    client->call("GET", QStringLiteral("/api/admin/config"), {}, this,
                 [this](Result<QJsonObject> answer) {
                     if (!answer.ok()) {
                         report(answer.error().message, true);
                         return;
                     }
                     showSettings(answer.value());
                 });
    client->call("GET", QStringLiteral("/api/admin/config/history"), {}, this,
                 [this](Result<QJsonObject> answer) {
                     if (answer.ok())
                         showHistory(answer.value());
                 });
}

void ConfigPage::showSettings(const QJsonObject &answer)
{
    m_filling = true;
    m_pending.clear();
    m_current.clear();
    const QStringList restart = strings(answer[QLatin1String("restartNeeded")]);
    for (const QJsonValue &entry : answer[QLatin1String("settings")].toArray()) {
        const QString key = entry[QLatin1String("key")].toString();
        QWidget *editor = m_editors.value(key);
        if (editor == nullptr)
            continue;
        const QString defaultValue = entry[QLatin1String("default")].toString();
        QString note = defaultValue.isEmpty() ? tr("no default (optional)")
                                              : tr("default: %1").arg(defaultValue);
        if (!entry[QLatin1String("live")].toBool())
            note += tr("; applies after a restart");
        if (restart.contains(key))
            note += tr("; changed, waiting for a restart");
        if (entry[QLatin1String("secret")].toBool()) {
            auto *line = qobject_cast<QLineEdit *>(editor);
            line->clear();
            line->setPlaceholderText(entry[QLatin1String("set")].toBool()
                                         ? tr("set (hidden; type to replace)")
                                         : tr("not set"));
        } else {
            const QString value = entry[QLatin1String("value")].toString();
            m_current.insert(key, value);
            if (auto *box = qobject_cast<QCheckBox *>(editor))
                box->setChecked(ConfigSchema::parseBool(value));
            else if (auto *combo = qobject_cast<QComboBox *>(editor))
                combo->setCurrentIndex(combo->findText(value, Qt::MatchFixedString));
            else if (auto *spin = qobject_cast<QSpinBox *>(editor))
                spin->setValue(value.toInt());
            else if (auto *line = qobject_cast<QLineEdit *>(editor))
                line->setText(value);
        }
        m_notes.value(key)->setText(note);
        m_notes.value(key)->setStyleSheet(QString());
    }
    m_filling = false;
    m_apply->setEnabled(false);
    m_revert->setEnabled(false);
    emit settingsShown();
}

void ConfigPage::showHistory(const QJsonObject &answer)
{
    m_history->clear();
    const QJsonArray versions = answer[QLatin1String("versions")].toArray();
    for (const QJsonValue &entry : versions) {
        auto *row = new QTreeWidgetItem(m_history);
        row->setText(0, entry[QLatin1String("version")].toString());
        row->setText(1, entry[QLatin1String("time")].toString());
        row->setText(2, entry[QLatin1String("action")].toString());
        row->setText(3, entry[QLatin1String("by")].toString());
        row->setText(4, strings(entry[QLatin1String("keys")]).join(QLatin1String(", ")));
    }
}

void ConfigPage::edited(const QString &key, const QString &value)
{
    if (m_filling)
        return;
    if (m_current.contains(key) && m_current.value(key) == value)
        m_pending.remove(key);
    else
        m_pending.insert(key, value);
    m_apply->setEnabled(!m_pending.isEmpty());
    m_revert->setEnabled(!m_pending.isEmpty());
    m_debounce->start();
}

void ConfigPage::validateNow()
{
    admin::AdminClient *client = m_connections->client();
    if (client == nullptr || m_pending.isEmpty())
        return;
    QJsonObject changes;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it)
        changes.insert(it.key(), it.value());
    const int asked = ++m_validation;
    client->call("POST", QStringLiteral("/api/admin/config/validate"),
                 {{QStringLiteral("changes"), changes}}, this,
                 [this, asked](Result<QJsonObject> answer) {
                     if (asked != m_validation)
                         return; // a newer edit asked again
                     if (!answer.ok()) {
                         report(answer.error().message, true);
                         return;
                     }
                     showProblems(answer.value()[QLatin1String("problems")].toArray());
                     emit validated();
                 });
}

void ConfigPage::showProblems(const QJsonArray &problems)
{
    QHash<QString, QStringList> byKey;
    for (const QJsonValue &problem : problems)
        byKey[problem[QLatin1String("key")].toString()].append(
            problem[QLatin1String("message")].toString());
    for (auto it = m_notes.cbegin(); it != m_notes.cend(); ++it) {
        if (!m_pending.contains(it.key()) && !byKey.contains(it.key()))
            continue;
        const QStringList messages = byKey.value(it.key());
        it.value()->setText(messages.isEmpty() ? tr("valid") : messages.join(QLatin1Char('\n')));
        it.value()->setStyleSheet(messages.isEmpty() ? QString()
                                                     : QStringLiteral("color: #b00020;"));
    }
}

QString ConfigPage::pendingDiff() const
{
    QStringList lines;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        const ConfigSetting *setting = ConfigSchema::instance().find(it.key());
        if (setting != nullptr && setting->secret)
            lines.append(tr("%1: a new secret value").arg(it.key()));
        else if (it.value().isEmpty())
            lines.append(tr("%1: removed (the default applies)").arg(it.key()));
        else
            lines.append(tr("%1: %2 → %3").arg(it.key(), m_current.value(it.key()), it.value()));
    }
    return tr("Apply these changes?\n%1").arg(lines.join(QLatin1Char('\n')));
}

void ConfigPage::apply()
{
    admin::AdminClient *client = m_connections->client();
    if (client == nullptr || m_pending.isEmpty() || !m_confirm(pendingDiff()))
        return;
    QJsonObject changes;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it)
        changes.insert(it.key(), it.value());
    m_apply->setEnabled(false);
    client->call("POST", QStringLiteral("/api/admin/config/apply"),
                 {{QStringLiteral("changes"), changes}}, this, [this](Result<QJsonObject> answer) {
                     if (!answer.ok()) {
                         m_apply->setEnabled(true);
                         report(answer.error().message, true);
                         return;
                     }
                     showOutcome(answer.value(), tr("Applied"));
                 });
}

void ConfigPage::rollback()
{
    admin::AdminClient *client = m_connections->client();
    // The selected version: assistive technology selects a row without making it current.
    const QList<QTreeWidgetItem *> selected = m_history->selectedItems();
    QTreeWidgetItem *row = selected.isEmpty() ? m_history->currentItem() : selected.first();
    if (client == nullptr || row == nullptr)
        return;
    const QString version = row->text(0);
    if (!m_confirm(tr("Roll the configuration file back to version %1? The current file is "
                      "kept as a version.")
                       .arg(version)))
        return;
    client->call("POST", QStringLiteral("/api/admin/config/rollback"),
                 {{QStringLiteral("version"), version}}, this,
                 [this, version](Result<QJsonObject> answer) {
                     if (!answer.ok()) {
                         report(answer.error().message, true);
                         return;
                     }
                     showOutcome(answer.value(), tr("Rolled back to version %1").arg(version));
                 });
}

void ConfigPage::showOutcome(const QJsonObject &answer, const QString &done)
{
    const QStringList live = strings(answer[QLatin1String("applied")]);
    const QStringList restart = strings(answer[QLatin1String("restartNeeded")]);
    QString message = done + QLatin1Char('.');
    if (!live.isEmpty())
        message += QLatin1Char(' ') + tr("In use now: %1.").arg(live.join(QLatin1String(", ")));
    if (!restart.isEmpty())
        message += QLatin1Char(' ') +
                   tr("Waiting for a restart: %1.").arg(restart.join(QLatin1String(", ")));
    const QString reloadError = answer[QLatin1String("reloadError")].toString();
    if (!reloadError.isEmpty())
        message += QLatin1Char(' ') + tr("The daemon could not reload: %1").arg(reloadError);
    refresh();
    report(message, !reloadError.isEmpty());
}

void ConfigPage::report(const QString &message, bool isError)
{
    m_message->setText(message);
    // A label with an accessible name shows its text to no screen reader: the description does.
    m_message->setAccessibleDescription(message);
    m_message->setStyleSheet(isError ? QStringLiteral("color: #b00020;") : QString());
    emit reported(message, isError);
}

} // namespace pmcp
