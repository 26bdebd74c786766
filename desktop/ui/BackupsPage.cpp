#include "desktop/ui/BackupsPage.h"

#include "desktop/app/ConnectionManager.h"
#include "desktop/ui/Controls.h"
#include "shared/admin/AdminClient.h"
#include "shared/admin/EventStreamClient.h"

#include <QColor>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QShowEvent>
#include <QVBoxLayout>

namespace pmcp {

namespace {

using controls::button;
using controls::label;

QString age(qint64 seconds)
{
    if (seconds < 60)
        return BackupsPage::tr("%n second(s)", "", int(qMax<qint64>(seconds, 0)));
    if (seconds < 3600)
        return BackupsPage::tr("%n minute(s)", "", int(seconds / 60));
    if (seconds < 86400)
        return BackupsPage::tr("%n hour(s)", "", int(seconds / 3600));
    return BackupsPage::tr("%n day(s)", "", int(seconds / 86400));
}

QString verificationText(const admin::BackupEntry &entry)
{
    if (entry.verification == QLatin1String("verified"))
        return BackupsPage::tr("verified");
    if (entry.verification == QLatin1String("failed"))
        return BackupsPage::tr("failed");
    return BackupsPage::tr("not verified");
}

// The daemon's step names (docs/ADMIN-API.md, Backups) as the person reads them.
QString stepText(const QString &step)
{
    if (step == QLatin1String("writing"))
        return BackupsPage::tr("Writing");
    if (step == QLatin1String("verifying"))
        return BackupsPage::tr("Verifying");
    if (step == QLatin1String("saving the current state"))
        return BackupsPage::tr("Saving the current state");
    if (step == QLatin1String("restoring"))
        return BackupsPage::tr("Restoring");
    return step;
}

QString partText(const QString &part)
{
    if (part == QLatin1String("config"))
        return BackupsPage::tr("the configuration file and its kept versions");
    if (part == QLatin1String("keys"))
        return BackupsPage::tr("the SSH key, the known hosts and the rotation record");
    if (part == QLatin1String("clients"))
        return BackupsPage::tr("the client tokens, the admin tokens and the OAuth grants");
    if (part == QLatin1String("audit"))
        return BackupsPage::tr("the audit log and its key");
    return part;
}

} // namespace

BackupsPage::BackupsPage(ConnectionManager *connections, QWidget *parent)
    : QWidget(parent)
    , m_connections(connections)
    , m_list(new QTreeWidget(this))
    , m_directory(label(QStringLiteral("backupDirectory"), tr("Backup folder"), this))
    , m_create(button(tr("Back up &now"), QStringLiteral("backupNowButton"),
                      tr("Back up the daemon's state now"), this))
    , m_verify(button(tr("&Verify"), QStringLiteral("verifyBackupButton"),
                      tr("Verify the selected backup"), this))
    , m_restorePart(new QComboBox(this))
    , m_restore(button(tr("&Restore…"), QStringLiteral("restoreBackupButton"),
                       tr("Restore from the selected backup"), this))
    , m_progress(new QProgressBar(this))
    , m_retention(label(QStringLiteral("backupRetention"), tr("Retention"), this))
    , m_schedule(label(QStringLiteral("backupSchedule"), tr("Schedule"), this))
    , m_openConfig(button(tr("&Change in Configuration"), QStringLiteral("openConfigurationButton"),
                          tr("Change retention and schedule on the Configuration page"), this))
    , m_message(label(QStringLiteral("backupsMessage"), tr("Backups message"), this))
{
    m_confirm = [this](const QString &text) {
        // Replacing state is not the default answer.
        return QMessageBox::question(this, tr("Restore"), text, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No) == QMessageBox::Yes;
    };
    describeControls();
    layOut();

    connect(m_create, &QPushButton::clicked, this, &BackupsPage::createNow);
    connect(m_verify, &QPushButton::clicked, this, &BackupsPage::verifySelected);
    connect(m_restore, &QPushButton::clicked, this, &BackupsPage::restoreSelected);
    connect(m_openConfig, &QPushButton::clicked, this, &BackupsPage::configurationRequested);
    connect(m_list, &QTreeWidget::currentItemChanged, this, [this] { setBusy(m_busy); });
    connect(m_connections, &ConnectionManager::connected, this, [this] {
        setBusy(false);
        connect(m_connections->events(), &admin::EventStreamClient::eventReceived, this,
                &BackupsPage::followEvent, Qt::UniqueConnection);
        connect(m_connections->events(), &admin::EventStreamClient::resyncNeeded, this,
                &BackupsPage::refresh, Qt::UniqueConnection);
        refresh();
    });
}

void BackupsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!event->spontaneous())
        refresh();
}

void BackupsPage::describeControls()
{
    setObjectName(QStringLiteral("backupsPage"));
    setAccessibleName(tr("Backups"));
    m_list->setObjectName(QStringLiteral("backupList"));
    m_list->setAccessibleName(tr("Backups"));
    m_list->setHeaderLabels({tr("Name"), tr("Size"), tr("Age"), tr("Verification")});
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->header()->setStretchLastSection(true);
    m_restorePart->setObjectName(QStringLiteral("restorePart"));
    m_restorePart->setAccessibleName(tr("What to restore"));
    m_restorePart->addItem(tr("Everything"), QString());
    m_restorePart->addItem(tr("Configuration"), QStringLiteral("config"));
    m_restorePart->addItem(tr("Keys"), QStringLiteral("keys"));
    m_restorePart->addItem(tr("Clients"), QStringLiteral("clients"));
    m_restorePart->addItem(tr("Audit log"), QStringLiteral("audit"));
    m_progress->setObjectName(QStringLiteral("backupProgress"));
    m_progress->setAccessibleName(tr("Backup progress"));
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_progress->setFormat(tr("Idle"));
    m_progress->setTextVisible(true);
}

void BackupsPage::layOut()
{
    auto *listBox = new QGroupBox(tr("Backups of the daemon's state"), this);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_create);
    actions->addWidget(m_verify);
    auto *partLabel = new QLabel(tr("Restore &part:"), this);
    partLabel->setBuddy(m_restorePart);
    actions->addSpacing(16);
    actions->addWidget(partLabel);
    actions->addWidget(m_restorePart);
    actions->addWidget(m_restore);
    actions->addStretch();
    auto *listLayout = new QVBoxLayout(listBox);
    listLayout->addWidget(m_list, 1);
    listLayout->addWidget(m_directory);
    listLayout->addLayout(actions);
    listLayout->addWidget(m_progress);

    auto *settingsBox = new QGroupBox(tr("Retention and schedule"), this);
    auto *settings = new QFormLayout(settingsBox);
    settings->addRow(tr("Kept:"), m_retention);
    settings->addRow(tr("Scheduled:"), m_schedule);
    auto *change = new QHBoxLayout;
    change->addWidget(m_openConfig);
    change->addStretch();
    settings->addRow(QString(), change);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(listBox, 1);
    layout->addWidget(settingsBox);
    layout->addWidget(m_message);

    setTabOrder(m_list, m_create);
    setTabOrder(m_create, m_verify);
    setTabOrder(m_verify, m_restorePart);
    setTabOrder(m_restorePart, m_restore);
    setTabOrder(m_restore, m_openConfig);
}

void BackupsPage::refresh()
{
    admin::AdminClient *client = m_connections->client();
    if (!client)
        return;
    client->backups(this, [this](Result<admin::BackupList> list) {
        if (list.ok())
            showList(list.value());
        else
            report(list.error().message, true);
        emit listShown();
    });
    client->call("GET", QStringLiteral("/api/admin/config"), {}, this,
                 [this](Result<QJsonObject> answer) {
                     if (answer.ok()) {
                         showSettings(answer.value());
                     } else {
                         const QString why = tr("Not known: %1").arg(answer.error().message);
                         m_retention->setText(why);
                         m_schedule->setText(why);
                     }
                     emit settingsShown();
                 });
}

void BackupsPage::showList(const admin::BackupList &list)
{
    const QString selected = selectedName();
    m_list->clear();
    for (const admin::BackupEntry &entry : list.backups) {
        auto *item = new QTreeWidgetItem({entry.name, QLocale().formattedDataSize(entry.size),
                                          age(entry.ageSeconds), verificationText(entry)});
        item->setData(0, Qt::UserRole, entry.name);
        item->setToolTip(3, entry.verifyMessage);
        if (entry.verification == QLatin1String("failed"))
            item->setForeground(3, QColor(0xb0, 0x00, 0x20));
        m_list->addTopLevelItem(item);
        if (entry.name == selected || (selected.isEmpty() && m_list->topLevelItemCount() == 1))
            m_list->setCurrentItem(item);
    }
    for (int column = 0; column < m_list->columnCount() - 1; ++column)
        m_list->resizeColumnToContents(column);
    m_directory->setText(
        list.backups.isEmpty()
            ? tr("No backups yet in %1.").arg(list.directory)
            : tr("%n backup(s) in %1.", "", int(list.backups.size())).arg(list.directory));
    // An operation started elsewhere (the schedule, the CLI) keeps the buttons off until done.
    if (list.running)
        setBusy(true);
    else if (!m_calling)
        setBusy(false);
    else
        setBusy(m_busy);
}

void BackupsPage::showSettings(const QJsonObject &answer)
{
    QHash<QString, QString> values;
    for (const QJsonValue &value : answer[QLatin1String("settings")].toArray()) {
        const QJsonObject setting = value.toObject();
        values.insert(setting[QLatin1String("key")].toString(),
                      setting[QLatin1String("value")].toString());
    }
    const int keep = values.value(QStringLiteral("BACKUP_KEEP")).toInt();
    const int days = values.value(QStringLiteral("BACKUP_KEEP_DAYS")).toInt();
    QString retention = keep > 0 ? tr("The newest %n backup(s)", "", keep) : tr("Any number");
    retention += days > 0 ? tr(", none older than %n day(s) (the newest always stays).", "", days)
                          : tr(", whatever their age.");
    m_retention->setText(retention + QStringLiteral(" (BACKUP_KEEP, BACKUP_KEEP_DAYS)"));
    const QString schedule = values.value(QStringLiteral("BACKUP_SCHEDULE")).trimmed();
    m_schedule->setText(schedule.isEmpty() ? tr("No scheduled backups (BACKUP_SCHEDULE is empty).")
                                           : tr("%1, local time (BACKUP_SCHEDULE).").arg(schedule));
}

void BackupsPage::followEvent(const admin::Event &event)
{
    if (event.type == QLatin1String("backup.progress")) {
        const QString step = stepText(event.data[QLatin1String("step")].toString());
        const int percent = event.data[QLatin1String("percent")].toInt();
        if (!m_busy)
            setBusy(true); // one started elsewhere: the schedule
        m_progress->setValue(percent);
        m_progress->setFormat(
            tr("%1 %2: %p%").arg(step, event.data[QLatin1String("name")].toString()));
        emit progressShown(step, percent);
    } else if (event.type == QLatin1String("config.applied") ||
               event.type == QLatin1String("config.rolled_back")) {
        refresh(); // retention or schedule may have changed
    } else if (event.type == QLatin1String("backup.finished")) {
        m_progress->setFormat(tr("Idle"));
        m_calling = false;
        setBusy(false);
        refresh();
    }
}

void BackupsPage::setBusy(bool busy, const QString &operation)
{
    m_busy = busy;
    const bool connected = m_connections->client() != nullptr;
    const bool chosen = !selectedName().isEmpty();
    m_create->setEnabled(connected && !busy);
    m_verify->setEnabled(connected && !busy && chosen);
    m_restore->setEnabled(connected && !busy && chosen);
    m_restorePart->setEnabled(connected && !busy);
    if (busy && !operation.isEmpty()) {
        m_progress->setValue(0);
        m_progress->setFormat(operation);
    }
    if (!busy) {
        m_progress->setValue(0);
        m_progress->setFormat(tr("Idle"));
    }
}

QString BackupsPage::selectedName() const
{
    QTreeWidgetItem *item = m_list->currentItem();
    return item ? item->data(0, Qt::UserRole).toString() : QString();
}

void BackupsPage::createNow()
{
    admin::AdminClient *client = m_connections->client();
    if (!client || m_busy)
        return;
    m_calling = true;
    setBusy(true, tr("Starting the backup…"));
    client->createBackup(this, [this](Result<admin::BackupEntry> created) {
        m_calling = false;
        setBusy(false);
        refresh();
        if (!created.ok())
            return report(tr("The backup failed: %1").arg(created.error().message), true);
        report(tr("Backed up to %1 (%2), verified.")
                   .arg(created.value().name, QLocale().formattedDataSize(created.value().size)),
               false);
    });
}

QString BackupsPage::verificationSentence(const admin::BackupCheck &check)
{
    if (check.ok)
        return tr("%1 is intact: %n file(s) checked, every SHA-256 matches.", "", int(check.files))
            .arg(check.name);
    if (!check.firstBadFile.isEmpty())
        return tr("%1 is damaged: the first bad file is %2. The daemon says: %3")
            .arg(check.name, check.firstBadFile, check.message);
    return tr("%1 does not verify. The daemon says: %2").arg(check.name, check.message);
}

void BackupsPage::verifySelected()
{
    const QString name = selectedName();
    admin::AdminClient *client = m_connections->client();
    if (!client || m_busy)
        return;
    if (name.isEmpty())
        return report(tr("Choose a backup first."), true);
    m_calling = true;
    setBusy(true, tr("Verifying %1…").arg(name));
    client->verifyBackup(name, this, [this](Result<admin::BackupCheck> check) {
        m_calling = false;
        setBusy(false);
        refresh();
        if (!check.ok())
            return report(tr("The backup could not be verified: %1").arg(check.error().message),
                          true);
        report(verificationSentence(check.value()), !check.value().ok);
    });
}

QString BackupsPage::replacedBy(const QStringList &parts)
{
    const QStringList all{QStringLiteral("config"), QStringLiteral("keys"),
                          QStringLiteral("clients"), QStringLiteral("audit")};
    QStringList texts;
    for (const QString &part : parts.isEmpty() ? all : parts)
        texts.append(partText(part));
    if (texts.size() == 1)
        return texts.first();
    const QString last = texts.takeLast();
    return tr("%1 and %2").arg(texts.join(QStringLiteral(", ")), last);
}

void BackupsPage::restoreSelected()
{
    const QString name = selectedName();
    admin::AdminClient *client = m_connections->client();
    if (!client || m_busy)
        return;
    if (name.isEmpty())
        return report(tr("Choose a backup first."), true);
    const QString part = m_restorePart->currentData().toString();
    const QStringList parts = part.isEmpty() ? QStringList() : QStringList{part};
    const QString question =
        tr("Restore from %1?\n\nThis replaces %2 with what the backup holds. The current state "
           "is saved as a backup first (a …-pre-restore.tar.gz), so this can be undone.")
            .arg(name, replacedBy(parts));
    if (!m_confirm(question))
        return report(tr("Nothing was restored."), false);
    m_calling = true;
    setBusy(true, tr("Restoring %1…").arg(name));
    client->restoreBackup(name, parts, this, [this](Result<admin::RestoreResult> restored) {
        m_calling = false;
        setBusy(false);
        refresh();
        if (!restored.ok())
            return report(tr("Nothing was restored: %1").arg(restored.error().message), true);
        const admin::RestoreResult &result = restored.value();
        QString message = tr("Restored %1 from %2 (%n file(s)). The state before was saved as %3.",
                             "", int(result.files))
                              .arg(replacedBy(result.parts), result.name, result.savedAs);
        if (result.restartNeeded)
            message += QLatin1Char(' ') +
                       tr("The configuration was restored: settings that do not apply live wait "
                          "for a restart of the daemon.");
        report(message, false);
    });
}

void BackupsPage::report(const QString &message, bool isError)
{
    m_message->setText(message);
    // A label with an accessible name shows its text to no screen reader: the description does.
    m_message->setAccessibleDescription(message);
    m_message->setStyleSheet(isError ? QStringLiteral("color: #b00020") : QString());
    emit reported(message, isError);
}

} // namespace pmcp
