#pragma once

#include "desktop/app/ConnectionManager.h"
#include "desktop/app/ConnectionProfiles.h"
#include "desktop/app/Keychain.h"
#include "tests/support/DaemonTestFixture.h"

#include <QDir>
#include <QUuid>

// An in-process daemon (DaemonTestFixture) and the desktop's connection pieces, with profiles in
// a settings file under HOME and tokens in the real Secret Service of
// tests/desktop/with-secret-service.sh (a private keychain service name per test).
class DesktopFixture : public pmcp::test::DaemonTestFixture {
protected:
    bool underSecretService() const { return qEnvironmentVariableIsSet("PMCP_SECRET_SERVICE"); }

    void setUpDesktop()
    {
        setUp();
        const QString file = QDir::homePath() + QStringLiteral("/.config/pmcp-test/") +
                             QUuid::createUuid().toString(QUuid::Id128) + QStringLiteral(".conf");
        m_profiles = std::make_unique<pmcp::ConnectionProfiles>(
            std::make_unique<QSettings>(file, QSettings::IniFormat));
        m_keychain = std::make_unique<pmcp::Keychain>(QStringLiteral("pmcp-test-") +
                                                      QUuid::createUuid().toString(QUuid::Id128));
        m_connections =
            std::make_unique<pmcp::ConnectionManager>(m_profiles.get(), m_keychain.get());
    }

    void tearDownDesktop()
    {
        m_connections.reset();
        m_keychain.reset();
        m_profiles.reset();
        tearDown();
    }

    // Connects the manager to the running daemon as "lab"; false when it did not.
    bool connectDesktop()
    {
        QSignalSpy connected(m_connections.get(), &pmcp::ConnectionManager::connected);
        m_connections->connectNew(QStringLiteral("lab"), QUrl(m_daemon->baseUrl()), m_adminToken);
        return connected.wait(20000);
    }

    std::unique_ptr<pmcp::ConnectionProfiles> m_profiles;
    std::unique_ptr<pmcp::Keychain> m_keychain;
    std::unique_ptr<pmcp::ConnectionManager> m_connections;
};
