#include "desktop/app/ConnectionManager.h"

#include "desktop/app/Keychain.h"
#include "shared/admin/AdminClient.h"
#include "shared/admin/EventStreamClient.h"

namespace pmcp {

ConnectionManager::ConnectionManager(ConnectionProfiles *profiles, Keychain *keychain,
                                     QObject *parent)
    : QObject(parent)
    , m_profiles(profiles)
    , m_keychain(keychain)
{}

ConnectionManager::~ConnectionManager() = default;

void ConnectionManager::setCertificateConfirmation(admin::CertificateConfirmation *confirmation)
{
    m_confirmation = confirmation;
    if (m_client)
        m_client->setCertificateConfirmation(confirmation);
}

void ConnectionManager::connectNew(const QString &name, const QUrl &url, const QByteArray &token)
{
    const QString trimmed = name.trimmed();
    if (const QString problem = problemWith(trimmed, url); !problem.isEmpty()) {
        emit failed(problem);
        return;
    }
    if (token.trimmed().isEmpty()) {
        emit failed(tr("Paste the admin token (proxmox-mcpd admin-token create NAME prints one)."));
        return;
    }
    ConnectionProfile profile{trimmed, url, {}};
    if (const auto known = m_profiles->find(trimmed); known && known->url == url)
        profile.fingerprint = known->fingerprint; // the same daemon: keep its pin
    open(profile, token.trimmed(), true);
}

QString ConnectionManager::problemWith(const QString &name, const QUrl &url)
{
    if (name.isEmpty())
        return tr("Give the connection a name.");
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
        url.host().isEmpty())
        return tr("\"%1\" is not a daemon's address: write it as https://host:port.")
            .arg(url.toString());
    return {};
}

void ConnectionManager::editProfile(const QString &name, const QString &newName, const QUrl &url,
                                    const QByteArray &token)
{
    const auto known = m_profiles->find(name);
    if (!known) {
        emit failed(tr("There is no connection named \"%1\".").arg(name));
        return;
    }
    const QString trimmed = newName.trimmed();
    if (const QString problem = problemWith(trimmed, url); !problem.isEmpty()) {
        emit failed(problem);
        return;
    }
    if (trimmed != name && m_profiles->find(trimmed)) {
        emit failed(
            tr("There is already a connection named \"%1\": choose another name.").arg(trimmed));
        return;
    }
    ConnectionProfile edited{trimmed, url, known->url == url ? known->fingerprint : QString()};
    if (!token.trimmed().isEmpty()) {
        storeEdited(name, edited, token.trimmed());
        return;
    }
    // The token stays: read it to keep it under the new name.
    m_keychain->read(name, this, [this, name, edited](Result<QByteArray> kept) {
        if (!kept.ok()) {
            emit failed(kept.error().message);
            return;
        }
        storeEdited(name, edited, kept.value());
    });
}

void ConnectionManager::storeEdited(const QString &name, const ConnectionProfile &edited,
                                    const QByteArray &token)
{
    m_keychain->write(edited.name, token, this, [this, name, edited](Result<void> written) {
        if (!written.ok()) {
            emit failed(tr("The connection was not changed: %1").arg(written.error().message));
            return;
        }
        const bool wasCurrent = m_profiles->current() == name;
        const bool wasConnected = m_profileName == name;
        m_profiles->save(edited);
        if (edited.name != name) {
            m_profiles->remove(name);
            m_keychain->remove(name, this, [this](Result<void> removed) {
                if (!removed.ok())
                    emit failed(removed.error().message);
            });
        }
        if (wasCurrent)
            m_profiles->setCurrent(edited.name);
        emit profilesChanged();
        emit profileEdited(edited.name);
        if (wasConnected)
            switchTo(edited.name); // the new URL or token, at once
    });
}

void ConnectionManager::switchTo(const QString &name)
{
    const auto profile = m_profiles->find(name);
    if (!profile) {
        emit failed(tr("There is no connection named \"%1\".").arg(name));
        return;
    }
    const int attempt = ++m_attempt;
    m_keychain->read(profile->name, this,
                     [this, attempt, profile = *profile](Result<QByteArray> token) {
                         if (attempt != m_attempt)
                             return;
                         if (!token.ok()) {
                             emit failed(token.error().message);
                             return;
                         }
                         open(profile, token.value(), false);
                     });
}

void ConnectionManager::open(const ConnectionProfile &profile, const QByteArray &token,
                             bool saveAfterwards)
{
    disconnectFromDaemon();
    const int attempt = ++m_attempt;
    auto *client = new admin::AdminClient(profile.url, token, this);
    client->setPinnedFingerprint(profile.fingerprint);
    client->setCertificateConfirmation(m_confirmation);
    m_client = client;
    client->version(client, [this, attempt, client, profile, token,
                             saveAfterwards](Result<admin::VersionInfo> version) {
        if (attempt != m_attempt)
            return;
        if (!version.ok()) {
            m_client = nullptr;
            client->deleteLater();
            emit failed(version.error().message);
            return;
        }
        ConnectionProfile pinned = profile;
        pinned.fingerprint = client->pinnedFingerprint();
        established(pinned, token, saveAfterwards);
    });
}

void ConnectionManager::established(const ConnectionProfile &profile, const QByteArray &token,
                                    bool saveAfterwards)
{
    m_profileName = profile.name;
    m_events = new admin::EventStreamClient(m_client, m_client);
    connect(m_client, &admin::AdminClient::certificatePinned, this,
            [this, name = profile.name](const QString &fingerprint) {
                if (auto known = m_profiles->find(name)) {
                    known->fingerprint = fingerprint;
                    m_profiles->save(*known);
                }
            });
    m_events->start();
    if (!saveAfterwards) {
        const auto saved = m_profiles->find(profile.name);
        if (saved && saved->fingerprint != profile.fingerprint)
            m_profiles->save(profile);
        m_profiles->setCurrent(profile.name);
        emit connected(profile.name);
        return;
    }
    // Saved only once the keychain holds the token: never a profile without its secret.
    const int attempt = m_attempt;
    m_keychain->write(profile.name, token, this, [this, attempt, profile](Result<void> written) {
        if (attempt != m_attempt)
            return;
        if (!written.ok()) {
            emit notSaved(tr("Connected, but this connection was not saved: %1")
                              .arg(written.error().message));
            emit connected(profile.name);
            return;
        }
        m_profiles->save(profile);
        m_profiles->setCurrent(profile.name);
        emit profilesChanged();
        emit connected(profile.name);
    });
}

void ConnectionManager::disconnectFromDaemon()
{
    ++m_attempt;
    const bool was = isConnected();
    if (m_client) {
        m_client->deleteLater(); // the event stream is its child
        m_client = nullptr;
        m_events = nullptr;
    }
    m_profileName.clear();
    if (was)
        emit disconnected();
}

void ConnectionManager::removeProfile(const QString &name)
{
    if (name == m_profileName)
        disconnectFromDaemon();
    m_profiles->remove(name);
    m_keychain->remove(name, this, [this](Result<void> removed) {
        if (!removed.ok())
            emit failed(removed.error().message);
    });
    emit profilesChanged();
}

} // namespace pmcp
