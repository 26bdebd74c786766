#pragma once

#include "desktop/app/ConnectionProfiles.h"
#include "shared/admin/AdminClient.h"
#include "shared/admin/EventStreamClient.h"

#include <QObject>
#include <QPointer>

namespace pmcp {

class Keychain;

// The daemon the desktop is connected to: its AdminClient and event stream, made from a
// profile whose token comes from the keychain, or from what the person typed on the connect
// page. A new connection is saved (profile in the settings, token in the keychain) only after
// the daemon accepted the token; nothing waits on the network or the keychain.
class ConnectionManager final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionManager)
public:
    ConnectionManager(ConnectionProfiles *profiles, Keychain *keychain, QObject *parent = nullptr);
    ~ConnectionManager() override;

    ConnectionProfiles *profiles() const { return m_profiles; }
    // Not owned; asked when a daemon's certificate is seen for the first time.
    void setCertificateConfirmation(admin::CertificateConfirmation *confirmation);

    // Checks URL and token against the daemon, then keeps the token in the keychain and the
    // profile in the settings; connected() or failed().
    void connectNew(const QString &name, const QUrl &url, const QByteArray &token);
    // Connects to a saved profile with its token from the keychain.
    void switchTo(const QString &name);
    void disconnectFromDaemon();
    // Removes a profile and its token.
    void removeProfile(const QString &name);
    // Changes a saved profile's name and URL; a non-empty token replaces the one in the
    // keychain, an empty one keeps it (moved to the new name). A new URL drops the pinned
    // certificate (another daemon is confirmed anew). The token is written first: on any
    // failure nothing changes and failed() says why. The connected profile reconnects.
    void editProfile(const QString &name, const QString &newName, const QUrl &url,
                     const QByteArray &token);

    bool isConnected() const { return m_client != nullptr && !m_profileName.isEmpty(); }
    QString profileName() const { return m_profileName; }
    admin::AdminClient *client() const { return m_client; }
    admin::EventStreamClient *events() const { return m_events; }

signals:
    void connected(const QString &profileName);
    // Not connected, and why, as a sentence.
    void failed(const QString &message);
    // Connected, but the token could not be kept in the keychain (nothing was saved).
    void notSaved(const QString &message);
    void disconnected();
    void profilesChanged();
    void profileEdited(const QString &name);

private:
    void open(const ConnectionProfile &profile, const QByteArray &token, bool saveAfterwards);
    // The sentence that says what is wrong with a name and URL, empty when nothing is.
    static QString problemWith(const QString &name, const QUrl &url);
    void storeEdited(const QString &name, const ConnectionProfile &edited, const QByteArray &token);
    void established(const ConnectionProfile &profile, const QByteArray &token,
                     bool saveAfterwards);

    ConnectionProfiles *m_profiles;
    Keychain *m_keychain;
    admin::CertificateConfirmation *m_confirmation = nullptr;
    QPointer<admin::AdminClient> m_client;
    QPointer<admin::EventStreamClient> m_events;
    QString m_profileName;
    int m_attempt = 0; // a newer attempt makes the answers of older ones stale
};

} // namespace pmcp
