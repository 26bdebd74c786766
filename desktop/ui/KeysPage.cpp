#include "desktop/ui/KeysPage.h"

#include "desktop/app/ConnectionManager.h"
#include "desktop/ui/Controls.h"
#include "shared/admin/AdminClient.h"
#include "shared/admin/EventStreamClient.h"

#include <QColor>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QShowEvent>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace pmcp {

namespace {

using controls::button;
using controls::label;

const QString kSshKey = QStringLiteral("ssh-key");
const QString kApiToken = QStringLiteral("api-token");

// The state of a step as the person reads it.
QString stateText(const QString &state)
{
    if (state == QLatin1String("running"))
        return KeysPage::tr("running…");
    if (state == QLatin1String("ok"))
        return KeysPage::tr("done");
    if (state == QLatin1String("failed"))
        return KeysPage::tr("failed");
    if (state == QLatin1String("undone"))
        return KeysPage::tr("undone");
    if (state == QLatin1String("planned"))
        return KeysPage::tr("planned");
    return state;
}

QString ageText(const admin::CredentialState &credential)
{
    if (credential.ageDays < 0)
        return KeysPage::tr("Unknown (not made by a rotation of this daemon).");
    QString text = KeysPage::tr("%n day(s)", "", credential.ageDays);
    if (credential.lastRotated.isValid())
        text += QLatin1Char(' ') + KeysPage::tr("(rotated on %1)")
                                       .arg(QLocale().toString(credential.lastRotated.toLocalTime(),
                                                               QLocale::ShortFormat));
    return text;
}

// "Due" or not, against the rotation period.
QString dueText(const admin::CredentialState &credential, int days)
{
    if (credential.ageDays < 0)
        return KeysPage::tr("Its age is not known: rotate it once so that the daemon can tell "
                            "when it is due.");
    if (credential.due)
        return KeysPage::tr("Due: older than the rotation period of %n day(s).", "", days);
    return KeysPage::tr("Not due: %n day(s) left in the rotation period.", "",
                        qMax(0, days - credential.ageDays));
}

void showDue(QLabel *state, const admin::CredentialState &credential, int days)
{
    state->setText(dueText(credential, days));
    state->setStyleSheet(credential.due ? QStringLiteral("color: #b00020; font-weight: bold")
                                        : QString());
}

} // namespace

KeysPage::KeysPage(ConnectionManager *connections, QWidget *parent)
    : QWidget(parent)
    , m_connections(connections)
    , m_period(label(QStringLiteral("rotationPeriod"), tr("Rotation period"), this))
    , m_keyPath(label(QStringLiteral("sshKeyPath"), tr("SSH key file"), this))
    , m_keyFingerprint(label(QStringLiteral("sshKeyFingerprint"), tr("SSH key fingerprint"), this))
    , m_keyAge(label(QStringLiteral("sshKeyAge"), tr("SSH key age"), this))
    , m_keyState(label(QStringLiteral("sshKeyState"), tr("SSH key rotation state"), this))
    , m_planKey(button(tr("&Plan the key rotation"), QStringLiteral("planSshKeyButton"),
                       tr("List the steps of an SSH key rotation without changing anything"), this))
    , m_rotateKey(button(tr("R&otate the key…"), QStringLiteral("rotateSshKeyButton"),
                         tr("Rotate the SSH key"), this))
    , m_tokenId(label(QStringLiteral("apiTokenId"), tr("API token id"), this))
    , m_tokenAge(label(QStringLiteral("apiTokenAge"), tr("API token age"), this))
    , m_tokenState(label(QStringLiteral("apiTokenState"), tr("API token rotation state"), this))
    , m_planToken(button(tr("Plan the &token rotation"), QStringLiteral("planApiTokenButton"),
                         tr("List the steps of an API token rotation without changing anything"),
                         this))
    , m_rotateToken(button(tr("Rotat&e the token…"), QStringLiteral("rotateApiTokenButton"),
                           tr("Rotate the Proxmox API token"), this))
    , m_runTitle(label(QStringLiteral("rotationTitle"), tr("Rotation"), this))
    , m_steps(new QTreeWidget(this))
    , m_refresh(button(tr("Check &again"), QStringLiteral("refreshKeysButton"),
                       tr("Ask the daemon for the credentials again"), this))
    , m_message(label(QStringLiteral("keysMessage"), tr("Keys message"), this))
{
    m_confirm = [this](const QString &text) {
        // Changing a credential is not the default answer.
        return QMessageBox::question(this, tr("Rotate"), text, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No) == QMessageBox::Yes;
    };
    describeControls();
    layOut();
    updateButtons();

    connect(m_planKey, &QPushButton::clicked, this, [this] { start(kSshKey, true); });
    connect(m_rotateKey, &QPushButton::clicked, this, [this] { start(kSshKey, false); });
    connect(m_planToken, &QPushButton::clicked, this, [this] { start(kApiToken, true); });
    connect(m_rotateToken, &QPushButton::clicked, this, [this] { start(kApiToken, false); });
    connect(m_refresh, &QPushButton::clicked, this, &KeysPage::refresh);
    connect(m_connections, &ConnectionManager::connected, this, [this] {
        m_running = false;
        m_runKind.clear();
        m_runId.clear();
        updateButtons();
        connect(m_connections->events(), &admin::EventStreamClient::eventReceived, this,
                &KeysPage::followEvent, Qt::UniqueConnection);
        connect(m_connections->events(), &admin::EventStreamClient::resyncNeeded, this,
                &KeysPage::refresh, Qt::UniqueConnection);
        refresh();
    });
}

void KeysPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!event->spontaneous())
        refresh();
}

void KeysPage::describeControls()
{
    setObjectName(QStringLiteral("keysPage"));
    setAccessibleName(tr("Keys and tokens"));
    m_steps->setObjectName(QStringLiteral("rotationSteps"));
    m_steps->setAccessibleName(tr("Rotation steps"));
    m_steps->setHeaderLabels({tr("Step"), tr("Name"), tr("Result"), tr("What happened")});
    m_steps->setRootIsDecorated(false);
    m_steps->setSelectionMode(QAbstractItemView::SingleSelection);
    m_steps->header()->setStretchLastSection(true);
    m_runTitle->setText(tr("No rotation has run since this window connected."));
}

void KeysPage::layOut()
{
    auto *keyBox = new QGroupBox(tr("SSH key"), this);
    auto *key = new QFormLayout(keyBox);
    key->addRow(tr("File:"), m_keyPath);
    key->addRow(tr("Fingerprint:"), m_keyFingerprint);
    key->addRow(tr("Age:"), m_keyAge);
    key->addRow(QString(), m_keyState);
    auto *keyActions = new QHBoxLayout;
    keyActions->addWidget(m_planKey);
    keyActions->addWidget(m_rotateKey);
    keyActions->addStretch();
    key->addRow(QString(), keyActions);

    auto *tokenBox = new QGroupBox(tr("Proxmox API token"), this);
    auto *token = new QFormLayout(tokenBox);
    token->addRow(tr("Token:"), m_tokenId);
    token->addRow(tr("Age:"), m_tokenAge);
    token->addRow(QString(), m_tokenState);
    auto *tokenActions = new QHBoxLayout;
    tokenActions->addWidget(m_planToken);
    tokenActions->addWidget(m_rotateToken);
    tokenActions->addStretch();
    token->addRow(QString(), tokenActions);

    auto *credentials = new QHBoxLayout;
    credentials->addWidget(keyBox, 1);
    credentials->addWidget(tokenBox, 1);

    auto *runBox = new QGroupBox(tr("Rotation steps"), this);
    auto *run = new QVBoxLayout(runBox);
    run->addWidget(m_runTitle);
    run->addWidget(m_steps, 1);

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_period, 1);
    bottom->addWidget(m_refresh);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(credentials);
    layout->addLayout(bottom);
    layout->addWidget(runBox, 1);
    layout->addWidget(m_message);

    setTabOrder(m_planKey, m_rotateKey);
    setTabOrder(m_rotateKey, m_planToken);
    setTabOrder(m_planToken, m_rotateToken);
    setTabOrder(m_rotateToken, m_refresh);
    setTabOrder(m_refresh, m_steps);
}

void KeysPage::refresh()
{
    admin::AdminClient *client = m_connections->client();
    if (!client)
        return;
    client->rotationStatus(this, [this](Result<admin::RotationStatus> status) {
        if (status.ok()) {
            showStatus(status.value());
        } else {
            const QString why = tr("Not known: %1").arg(status.error().message);
            m_keyPath->setText(why);
            m_tokenId->setText(why);
        }
        emit statusShown();
    });
}

void KeysPage::showStatus(const admin::RotationStatus &status)
{
    const int days = status.rotationDays;
    m_period->setText(
        tr("A credential is due for rotation after %n day(s) (ROTATION_DAYS).", "", days));

    const admin::CredentialState &key = status.sshKey;
    m_keyEnabled = key.enabled && !key.keyPath.isEmpty();
    if (!key.enabled) {
        m_keyPath->setText(tr("SSH is off (ENABLE_SSH=false): there is no key to rotate."));
        m_keyFingerprint->clear();
        m_keyAge->clear();
        m_keyState->clear();
        m_keyState->setStyleSheet(QString());
    } else {
        m_keyPath->setText(key.present ? key.keyPath
                                       : tr("%1 (the file is missing)").arg(key.keyPath));
        m_keyFingerprint->setText(key.fingerprint.isEmpty() ? tr("Not readable.")
                                                            : key.fingerprint);
        m_keyAge->setText(ageText(key));
        showDue(m_keyState, key, days);
    }

    const admin::CredentialState &token = status.apiToken;
    m_tokenEnabled = token.enabled && !token.tokenId.isEmpty();
    if (!m_tokenEnabled) {
        m_tokenId->setText(
            tr("No API token is configured (ENABLE_PROXMOX_API=false or no PROXMOX_TOKEN_NAME)."));
        m_tokenAge->clear();
        m_tokenState->clear();
        m_tokenState->setStyleSheet(QString());
    } else {
        m_tokenId->setText(token.tokenId);
        m_tokenAge->setText(ageText(token));
        showDue(m_tokenState, token, days);
    }

    // A rotation started elsewhere (another window) keeps the buttons off until it ends.
    if (status.running && !m_running) {
        m_running = true;
        m_runKind = status.running->kind;
        m_runId = status.running->id;
        m_runDryRun = status.running->dryRun;
        m_steps->clear();
        for (const admin::RotationStep &step : status.running->steps)
            showStep(step);
    } else if (!status.running && m_running && !m_runId.isEmpty()) {
        m_running = false; // it ended while the stream was away
    }
    updateButtons();
}

void KeysPage::start(const QString &kind, bool dryRun)
{
    admin::AdminClient *client = m_connections->client();
    if (!client || m_running)
        return;
    const bool isKey = kind == kSshKey;
    if (!dryRun) {
        const QString question =
            isKey ? tr("Rotate the SSH key %1?\n\nThe daemon makes a new key, authorizes it on "
                       "the host, logs in with it, backs up its state, switches to the new key "
                       "and then removes the old one from the host. If a step fails, the steps "
                       "before it are undone and the old key works as before.")
                        .arg(m_keyPath->text())
                  : tr("Rotate the Proxmox API token %1?\n\nThe daemon makes a new token with the "
                       "same privileges and permissions, proves that it works, switches to it "
                       "and then deletes the old token. If a step fails, the steps before it are "
                       "undone and the old token works as before.")
                        .arg(m_tokenId->text());
        if (!m_confirm(question))
            return report(tr("Nothing was rotated."), false);
    }
    m_running = true;
    m_runKind = kind;
    m_runId.clear();
    m_runDryRun = dryRun;
    m_steps->clear();
    m_runTitle->setText(
        dryRun ? (isKey ? tr("Planning the SSH key rotation…")
                        : tr("Planning the API token rotation…"))
               : (isKey ? tr("Rotating the SSH key…") : tr("Rotating the API token…")));
    report(QString(), false);
    updateButtons();
    client->startRotation(kind, dryRun, this, [this](Result<admin::StartedRotation> started) {
        if (!started.ok()) {
            m_running = false;
            m_runKind.clear();
            m_runTitle->setText(tr("The rotation did not start."));
            updateButtons();
            refresh();
            return report(tr("The rotation did not start: %1").arg(started.error().message), true);
        }
        // Its events may have come first (another connection): they named the id already.
        if (m_runId.isEmpty() && m_running)
            m_runId = started.value().id;
    });
}

void KeysPage::followEvent(const admin::Event &event)
{
    const bool step = event.type == QLatin1String("rotation.step");
    const bool finished = event.type == QLatin1String("rotation.finished");
    if (!step && !finished)
        return;
    const QString id = event.data[QLatin1String("id")].toString();
    const QString kind = event.data[QLatin1String("kind")].toString();
    if (m_running) {
        // Ours: the kind this page started, and the id once it is known.
        if (kind != m_runKind || (!m_runId.isEmpty() && id != m_runId))
            return;
        m_runId = id;
    } else if (step) {
        // One started elsewhere: follow it too, with the buttons off.
        m_running = true;
        m_runKind = kind;
        m_runId = id;
        m_runDryRun = event.data[QLatin1String("dryRun")].toBool();
        m_steps->clear();
        m_runTitle->setText(kind == kSshKey ? tr("Rotating the SSH key…")
                                            : tr("Rotating the API token…"));
        updateButtons();
    } else {
        return;
    }
    if (finished)
        return finish(event);
    const Result<admin::RotationStep> parsed = admin::RotationStep::fromJson(event.data);
    if (!parsed.ok())
        return;
    showStep(parsed.value());
    emit stepShown(parsed.value().name, parsed.value().state);
}

void KeysPage::showStep(const admin::RotationStep &step)
{
    QTreeWidgetItem *row = nullptr;
    for (int i = 0; i < m_steps->topLevelItemCount(); ++i) {
        if (m_steps->topLevelItem(i)->data(0, Qt::UserRole).toInt() == step.index)
            row = m_steps->topLevelItem(i);
    }
    if (!row) {
        // In the order the steps run, whichever event came first.
        int at = 0;
        while (at < m_steps->topLevelItemCount() &&
               m_steps->topLevelItem(at)->data(0, Qt::UserRole).toInt() < step.index)
            ++at;
        row = new QTreeWidgetItem;
        row->setData(0, Qt::UserRole, step.index);
        m_steps->insertTopLevelItem(at, row);
    }
    row->setText(0, step.total > 0 ? tr("%1 of %2").arg(step.index).arg(step.total)
                                   : QString::number(step.index));
    row->setText(1, step.name);
    row->setText(2, stateText(step.state));
    row->setText(3, step.message);
    row->setToolTip(3, step.message);
    row->setForeground(2, step.state == QLatin1String("failed")
                              ? QColor(0xb0, 0x00, 0x20)
                              : m_steps->palette().text().color());
    for (int column = 0; column < m_steps->columnCount() - 1; ++column)
        m_steps->resizeColumnToContents(column);
}

void KeysPage::finish(const admin::Event &event)
{
    const bool ok = event.data[QLatin1String("ok")].toBool();
    const bool dryRun = event.data[QLatin1String("dryRun")].toBool(m_runDryRun);
    const bool isKey = m_runKind == kSshKey;
    QString message = event.data[QLatin1String("message")].toString();
    m_running = false;
    m_runKind.clear();
    m_runId.clear();
    if (dryRun) {
        m_runTitle->setText(isKey ? tr("The plan of an SSH key rotation (nothing was changed).")
                                  : tr("The plan of an API token rotation (nothing was changed)."));
    } else if (ok) {
        m_runTitle->setText(isKey ? tr("The SSH key was rotated.")
                                  : tr("The API token was rotated."));
    } else {
        m_runTitle->setText(isKey ? tr("The SSH key rotation failed.")
                                  : tr("The API token rotation failed."));
        const bool oldWorks = event.data[QLatin1String("oldCredentialWorks")].toBool();
        message += QLatin1Char(' ');
        if (oldWorks)
            message += isKey ? tr("The old key still works: every step before was undone.")
                             : tr("The old token still works: every step before was undone.");
        else
            message += tr("Undoing a step failed too: check the credential on the host before "
                          "the next call needs it.");
    }
    updateButtons();
    refresh();
    report(message, !ok);
}

void KeysPage::updateButtons()
{
    const bool connected = m_connections->client() != nullptr;
    const bool free = connected && !m_running;
    m_planKey->setEnabled(free && m_keyEnabled);
    m_rotateKey->setEnabled(free && m_keyEnabled);
    m_planToken->setEnabled(free && m_tokenEnabled);
    m_rotateToken->setEnabled(free && m_tokenEnabled);
    m_refresh->setEnabled(connected);
}

void KeysPage::report(const QString &message, bool isError)
{
    m_message->setText(message);
    m_message->setStyleSheet(isError ? QStringLiteral("color: #b00020") : QString());
    if (!message.isEmpty())
        emit reported(message, isError);
}

} // namespace pmcp
