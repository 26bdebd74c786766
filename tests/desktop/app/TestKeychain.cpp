#include "desktop/app/Keychain.h"

#include "SecretScan.h"

#include <QSettings>
#include <QTest>
#include <QUuid>

#include <optional>

// The error's sentence, or nothing for a value (QVERIFY2 evaluates its message always).
template <typename R>
QString messageOf(const R &result)
{
    return result.ok() ? QString() : result.error().message;
}

using namespace pmcp;

namespace {

bool underSecretService()
{
    return qEnvironmentVariableIsSet("PMCP_SECRET_SERVICE");
}

template <typename T>
std::optional<Result<T>> await(const std::function<void(std::function<void(Result<T>)>)> &start)
{
    std::optional<Result<T>> got;
    start([&got](Result<T> result) { got.emplace(std::move(result)); });
    if (!QTest::qWaitFor([&] { return got.has_value(); }, 20000))
        return std::nullopt;
    return got;
}

} // namespace

// The keychain against a real Secret Service (gnome-keyring in a private D-Bus session, started
// by tests/desktop/with-secret-service.sh with a throwaway HOME), and without any keychain.
class TestKeychain final : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        if (!underSecretService() && QString::fromLatin1(QTest::currentTestFunction()) !=
                                         QLatin1String("saysSoWithoutAKeychain"))
            QSKIP("runs under tests/desktop/with-secret-service.sh (ctest does that)");
    }

    void storesReadsAndRemovesASecret()
    {
        Keychain keychain(QStringLiteral("pmcp-test-") +
                          QUuid::createUuid().toString(QUuid::Id128));
        const QByteArray secret = "pmcp_admin_" + QUuid::createUuid().toByteArray(QUuid::Id128);
        auto written = await<void>(
            [&](auto done) { keychain.write(QStringLiteral("lab"), secret, nullptr, done); });
        QVERIFY(written);
        QVERIFY2(written->ok(), qPrintable(messageOf(*written)));

        auto read = await<QByteArray>(
            [&](auto done) { keychain.read(QStringLiteral("lab"), nullptr, done); });
        QVERIFY(read && read->ok());
        QCOMPARE(read->value(), secret);

        // Another profile's key holds nothing.
        auto other = await<QByteArray>(
            [&](auto done) { keychain.read(QStringLiteral("elsewhere"), nullptr, done); });
        QVERIFY(other && !other->ok());
        QCOMPARE(other->error().code, ErrorCode::NotFound);

        auto removed =
            await<void>([&](auto done) { keychain.remove(QStringLiteral("lab"), nullptr, done); });
        QVERIFY(removed && removed->ok());
        auto gone = await<QByteArray>(
            [&](auto done) { keychain.read(QStringLiteral("lab"), nullptr, done); });
        QVERIFY(gone && !gone->ok());
        QCOMPARE(gone->error().code, ErrorCode::NotFound);
        // Removing what is not there is no error.
        auto again =
            await<void>([&](auto done) { keychain.remove(QStringLiteral("lab"), nullptr, done); });
        QVERIFY(again && again->ok());
    }

    void noSecretLandsInAFileUnderHome()
    {
        Keychain keychain(QStringLiteral("pmcp-test-") +
                          QUuid::createUuid().toString(QUuid::Id128));
        const QByteArray secret = "pmcp_admin_" + QUuid::createUuid().toByteArray(QUuid::Id128);
        QSettings().setValue(QStringLiteral("probe"), true); // the settings file exists too
        QSettings().sync();
        auto written = await<void>(
            [&](auto done) { keychain.write(QStringLiteral("lab"), secret, nullptr, done); });
        QVERIFY(written && written->ok());
        const QString home = QDir::homePath();
        // The keyring files and the settings are there, and none holds the secret.
        QVERIFY2(fileCount(home) >= 2, qPrintable(home));
        QCOMPARE(filesContaining(home, secret), QStringList());
        // Positive control: the scan finds a secret that is in a file.
        QFile control(home + QStringLiteral("/control"));
        QVERIFY(control.open(QIODevice::WriteOnly));
        control.write("x" + secret + "y");
        control.close();
        QCOMPARE(filesContaining(home, secret), QStringList{control.fileName()});
        control.remove();
    }

    void saysSoWithoutAKeychain()
    {
        if (!qEnvironmentVariableIsSet("PMCP_NO_KEYCHAIN"))
            QSKIP("runs as TestKeychainWithoutKeychain (no session bus)");
        QTemporaryDir home;
        qputenv("HOME", home.path().toUtf8());
        Keychain keychain;
        auto written = await<void>([&](auto done) {
            keychain.write(QStringLiteral("lab"), "pmcp_admin_secret-never-kept", nullptr, done);
        });
        QVERIFY(written);
        QVERIFY(!written->ok());
        QVERIFY2(written->error().message.contains(QLatin1String("keychain")),
                 qPrintable(messageOf(*written)));
        // The insecure fallback is off: nothing was written anywhere instead.
        QCOMPARE(filesContaining(home.path(), "pmcp_admin_secret-never-kept"), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestKeychain)
#include "TestKeychain.moc"
