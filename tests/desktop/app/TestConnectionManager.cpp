#include "desktop/app/ConnectionManager.h"

#include "SecretScan.h"
#include "desktop/app/Keychain.h"
#include "shared/admin/AdminClient.h"
#include "shared/admin/EventStreamClient.h"
#include "tests/support/DaemonTestFixture.h"

#include <QElapsedTimer>
#include <QTest>
#include <QUuid>

using namespace pmcp;
using namespace pmcp::test;

namespace {

class Trust final : public admin::CertificateConfirmation {
public:
    void confirm(const QUrl &, const QSslCertificate &, const QString &,
                 std::function<void(bool)> answer) override
    {
        ++asked;
        answer(true);
    }
    int asked = 0;
};

} // namespace

// Connecting to the real in-process daemon, with the token kept in a real Secret Service
// (tests/desktop/with-secret-service.sh): saved only after the daemon accepted it, never in a
// file under HOME, switching profiles in one call; and what happens without a keychain.
class TestConnectionManager final : public QObject, public DaemonTestFixture {
    Q_OBJECT

private slots:
    void init()
    {
        const bool withoutKeychain = QString::fromLatin1(QTest::currentTestFunction()) ==
                                     QLatin1String("savesNothingWithoutAKeychain");
        if (withoutKeychain && !qEnvironmentVariableIsSet("PMCP_NO_KEYCHAIN"))
            QSKIP("runs as TestConnectionManagerWithoutKeychain (no session bus)");
        if (!withoutKeychain && !qEnvironmentVariableIsSet("PMCP_SECRET_SERVICE"))
            QSKIP("runs under tests/desktop/with-secret-service.sh (ctest does that)");
        if (withoutKeychain) {
            // A throwaway HOME here too, so the scan below reads only what this test wrote.
            m_home = std::make_unique<QTemporaryDir>();
            qputenv("HOME", m_home->path().toUtf8());
        }
        setUp();
        m_settingsFile = QDir::homePath() + QStringLiteral("/.config/pmcp-test/") +
                         QUuid::createUuid().toString(QUuid::Id128) + QStringLiteral(".conf");
        m_profiles = std::make_unique<ConnectionProfiles>(
            std::make_unique<QSettings>(m_settingsFile, QSettings::IniFormat));
        m_keychain = std::make_unique<Keychain>(QStringLiteral("pmcp-test-") +
                                                QUuid::createUuid().toString(QUuid::Id128));
    }
    void cleanup()
    {
        m_profiles.reset();
        m_keychain.reset();
        tearDown();
    }

    void savesAProfileOnlyAfterTheDaemonAcceptedTheToken()
    {
        QVERIFY(start(baseConfig()));
        ConnectionManager manager(m_profiles.get(), m_keychain.get());
        QSignalSpy connected(&manager, &ConnectionManager::connected);
        QSignalSpy failed(&manager, &ConnectionManager::failed);

        // A wrong token: a sentence, nothing saved.
        manager.connectNew(QStringLiteral("lab"), QUrl(m_daemon->baseUrl()),
                           "pmcp_admin_" + QByteArray(43, 'A'));
        QVERIFY(failed.wait(15000));
        QVERIFY2(failed.last().first().toString().contains(QLatin1String("admin token")),
                 qPrintable(failed.last().first().toString()));
        QVERIFY(m_profiles->list().isEmpty());
        QVERIFY(!manager.isConnected());

        manager.connectNew(QStringLiteral("lab"), QUrl(m_daemon->baseUrl()), m_adminToken);
        QVERIFY(connected.wait(15000));
        QVERIFY(manager.isConnected());
        QCOMPARE(manager.profileName(), QStringLiteral("lab"));
        QCOMPARE(m_profiles->list().size(), 1);
        QCOMPARE(m_profiles->current(), QStringLiteral("lab"));
        // The event stream of the connection opens by itself.
        QTRY_VERIFY_WITH_TIMEOUT(manager.events()->isOnline(), 10000);

        // The token is in the keychain and in no file under HOME (settings included).
        std::optional<Result<QByteArray>> stored;
        m_keychain->read(QStringLiteral("lab"), nullptr,
                         [&](Result<QByteArray> token) { stored.emplace(std::move(token)); });
        QTRY_VERIFY_WITH_TIMEOUT(stored.has_value(), 15000);
        QVERIFY(stored->ok());
        QCOMPARE(stored->value(), m_adminToken);
        QVERIFY(QFile::exists(m_settingsFile));
        QCOMPARE(filesContaining(QDir::homePath(), m_adminToken), QStringList());
    }

    void switchesProfilesInOneCall()
    {
        QVERIFY(start(baseConfig()));
        // A second daemon with its own state and admin token.
        QTemporaryDir otherState;
        const auto otherToken =
            AdminTokenStore(otherState.path()).create(QStringLiteral("desk"), false, 0);
        QVERIFY(otherToken.ok());
        Config otherConfig = baseConfig();
        otherConfig.set(ConfigKey::StateDir, otherState.path());
        Daemon other(otherConfig);
        QVERIFY(other.startHttp().ok());

        ConnectionManager manager(m_profiles.get(), m_keychain.get());
        QSignalSpy connected(&manager, &ConnectionManager::connected);
        manager.connectNew(QStringLiteral("one"), QUrl(m_daemon->baseUrl()), m_adminToken);
        QVERIFY(connected.wait(15000));
        manager.connectNew(QStringLiteral("two"), QUrl(other.baseUrl()),
                           otherToken.value().toLatin1());
        QVERIFY(connected.wait(15000));
        QCOMPARE(m_profiles->list().size(), 2);
        QCOMPARE(manager.client()->baseUrl(), QUrl(other.baseUrl()));

        // One call, the token from the keychain.
        manager.switchTo(QStringLiteral("one"));
        QVERIFY(connected.wait(15000));
        QCOMPARE(connected.last().first().toString(), QStringLiteral("one"));
        QCOMPARE(manager.client()->baseUrl(), QUrl(m_daemon->baseUrl()));
        QCOMPARE(m_profiles->current(), QStringLiteral("one"));

        // Removing a profile removes its token too.
        manager.removeProfile(QStringLiteral("two"));
        QCOMPARE(m_profiles->list().size(), 1);
        QSignalSpy failed(&manager, &ConnectionManager::failed);
        manager.switchTo(QStringLiteral("two"));
        QCOMPARE(failed.count(), 1);
        QVERIFY2(failed.last().first().toString().contains(QLatin1String("no connection named")),
                 qPrintable(failed.last().first().toString()));
    }

    void editsAProfileWithItsTokenAndLosesNothingOnBadInput()
    {
        QVERIFY(start(baseConfig()));
        ConnectionManager manager(m_profiles.get(), m_keychain.get());
        QSignalSpy connected(&manager, &ConnectionManager::connected);
        QSignalSpy edited(&manager, &ConnectionManager::profileEdited);
        QSignalSpy failed(&manager, &ConnectionManager::failed);
        manager.connectNew(QStringLiteral("one"), QUrl(m_daemon->baseUrl()), m_adminToken);
        QVERIFY(connected.wait(15000));

        // Renamed, the token kept: it moves to the new name, and the connection follows.
        manager.editProfile(QStringLiteral("one"), QStringLiteral("lab"), QUrl(m_daemon->baseUrl()),
                            {});
        QVERIFY(edited.wait(15000));
        QCOMPARE(edited.last().first().toString(), QStringLiteral("lab"));
        QCOMPARE(m_profiles->list().size(), 1);
        QCOMPARE(m_profiles->list().first().name, QStringLiteral("lab"));
        QCOMPARE(m_profiles->current(), QStringLiteral("lab"));
        QTRY_COMPARE_WITH_TIMEOUT(manager.profileName(), QStringLiteral("lab"), 15000);
        QCOMPARE(readToken(QStringLiteral("lab")).value(), m_adminToken);
        QTRY_VERIFY_WITH_TIMEOUT(!readToken(QStringLiteral("one")).ok(), 15000);

        // Bad input: a sentence, and nothing changed.
        failed.clear();
        manager.editProfile(QStringLiteral("lab"), QStringLiteral("lab"),
                            QUrl(QStringLiteral("ftp://example")), {});
        QCOMPARE(failed.size(), 1);
        QVERIFY2(failed.last().first().toString().contains(QLatin1String("not a daemon's address")),
                 qPrintable(failed.last().first().toString()));
        manager.editProfile(QStringLiteral("lab"), QStringLiteral("  "), QUrl(m_daemon->baseUrl()),
                            {});
        QCOMPARE(failed.size(), 2);
        manager.editProfile(QStringLiteral("nowhere"), QStringLiteral("x"),
                            QUrl(m_daemon->baseUrl()), {});
        QCOMPARE(failed.size(), 3);
        QCOMPARE(m_profiles->list().first().url, QUrl(m_daemon->baseUrl()));

        // A new token replaces the one in the keychain; a new URL drops the pin.
        ConnectionProfile pinned = m_profiles->list().first();
        pinned.fingerprint = QStringLiteral("AB:CD");
        m_profiles->save(pinned);
        const QByteArray replacement = "pmcp_admin_replaced-by-the-test";
        QUrl moved(m_daemon->baseUrl());
        moved.setHost(QStringLiteral("localhost"));
        manager.editProfile(QStringLiteral("lab"), QStringLiteral("lab"), moved, replacement);
        QVERIFY(edited.wait(15000));
        QCOMPARE(readToken(QStringLiteral("lab")).value(), replacement);
        QCOMPARE(m_profiles->find(QStringLiteral("lab"))->url, moved);
        QCOMPARE(m_profiles->find(QStringLiteral("lab"))->fingerprint, QString());
        QCOMPARE(filesContaining(QDir::homePath(), replacement), QStringList());

        // Removed: the profile and its token.
        manager.removeProfile(QStringLiteral("lab"));
        QVERIFY(m_profiles->list().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!readToken(QStringLiteral("lab")).ok(), 15000);
    }

    void savesNothingWithoutAKeychain()
    {
        QVERIFY(start(baseConfig()));
        ConnectionManager manager(m_profiles.get(), m_keychain.get());
        QSignalSpy connected(&manager, &ConnectionManager::connected);
        QSignalSpy notSaved(&manager, &ConnectionManager::notSaved);
        manager.connectNew(QStringLiteral("lab"), QUrl(m_daemon->baseUrl()), m_adminToken);
        QVERIFY(connected.wait(30000));
        QCOMPARE(notSaved.count(), 1);
        const QString message = notSaved.first().first().toString();
        QVERIFY2(message.contains(QLatin1String("not saved")) &&
                     message.contains(QLatin1String("keychain")),
                 qPrintable(message));
        QVERIFY(m_profiles->list().isEmpty());
        QCOMPARE(filesContaining(QDir::homePath(), m_adminToken), QStringList());
    }

    void keepsTheConfirmedPinWithTheProfile()
    {
        generateCertificate();
        if (m_certificate.isNull())
            QSKIP("openssl is not installed");
        QVERIFY(start(
            baseConfig({{ConfigKey::McpTlsCert, m_tlsDir.filePath(QStringLiteral("cert.pem"))},
                        {ConfigKey::McpTlsKey, m_tlsDir.filePath(QStringLiteral("key.pem"))}})));
        Trust trust;
        ConnectionManager manager(m_profiles.get(), m_keychain.get());
        manager.setCertificateConfirmation(&trust);
        QSignalSpy connected(&manager, &ConnectionManager::connected);
        manager.connectNew(QStringLiteral("tls"), QUrl(m_daemon->baseUrl()), m_adminToken);
        QVERIFY(connected.wait(15000));
        QCOMPARE(trust.asked, 1);
        QCOMPARE(m_profiles->find(QStringLiteral("tls"))->fingerprint,
                 admin::AdminClient::fingerprintOf(m_certificate));

        // Switching back to it later asks nobody: the pin came from the profile.
        manager.disconnectFromDaemon();
        manager.switchTo(QStringLiteral("tls"));
        QVERIFY(connected.wait(15000));
        QCOMPARE(trust.asked, 1);
    }

private:
    Result<QByteArray> readToken(const QString &name)
    {
        std::optional<Result<QByteArray>> stored;
        m_keychain->read(name, nullptr,
                         [&](Result<QByteArray> token) { stored.emplace(std::move(token)); });
        QElapsedTimer timer;
        timer.start();
        while (!stored.has_value() && timer.elapsed() < 15000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        return stored.has_value()
                   ? std::move(*stored)
                   : Result<QByteArray>(Error{ErrorCode::Timeout, QStringLiteral("timed out")});
    }

    QString m_settingsFile;
    std::unique_ptr<ConnectionProfiles> m_profiles;
    std::unique_ptr<Keychain> m_keychain;
    std::unique_ptr<QTemporaryDir> m_home;
};

QTEST_GUILESS_MAIN(TestConnectionManager)
#include "TestConnectionManager.moc"
