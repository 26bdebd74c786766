#include "server/auth/AdminTokenStore.h"

#include "server/auth/ClientStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

// What the admin token store adds to TokenFile (tested in TestTokenFile): its own file, its own
// token format, and no way across to the client tokens in the same state folder.
class TestAdminTokenStore final : public QObject {
    Q_OBJECT
private slots:
    void tokensLiveInTheirOwnFile()
    {
        QTemporaryDir dir;
        AdminTokenStore store(dir.path());
        const auto token = store.create(QStringLiteral("desktop"), false, 30);
        QVERIFY2(token.ok(), qPrintable(token.ok() ? QString() : token.error().message));
        static const QRegularExpression format(
            QRegularExpression::anchoredPattern(QStringLiteral("pmcp_admin_[A-Za-z0-9_-]{43}")));
        QVERIFY2(format.match(token.value()).hasMatch(), qPrintable(token.value()));
        QCOMPARE(store.filePath(), dir.filePath(QStringLiteral("admin-tokens.json")));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("clients.json"))));

        QFile file(store.filePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY2(!content.contains(token.value().toLatin1()), "the token itself is never stored");
        const QJsonArray tokens =
            QJsonDocument::fromJson(content).object().value(QStringLiteral("tokens")).toArray();
        QCOMPARE(tokens.size(), 1);
        QCOMPARE(tokens.at(0)[QLatin1String("name")].toString(), QStringLiteral("desktop"));
        QVERIFY(!tokens.at(0)[QLatin1String("expires")].toString().isEmpty());

        const auto identity = store.authenticate(token.value().toLatin1());
        QVERIFY(identity);
        QCOMPARE(identity->name, QStringLiteral("desktop"));
    }

    void neverAcceptsAClientTokenNorTheReverse()
    {
        QTemporaryDir dir;
        AdminTokenStore admins(dir.path());
        ClientStore clients(dir.path());
        // One name in both stores: each token opens only its own store.
        const auto admin = admins.create(QStringLiteral("same"), false, 0);
        const auto client = clients.create(QStringLiteral("same"), false, 0);
        QVERIFY(admin.ok() && client.ok());
        QVERIFY(admins.authenticate(admin.value().toLatin1()));
        QVERIFY(clients.authenticate(client.value().toLatin1()));
        QVERIFY(!admins.authenticate(client.value().toLatin1()));
        QVERIFY(!clients.authenticate(admin.value().toLatin1()));
    }

    void revokedAdminTokenIsRefusedAndItsMessagesSayAdminToken()
    {
        QTemporaryDir dir;
        AdminTokenStore store(dir.path());
        const auto token = store.create(QStringLiteral("tray"), false, 0);
        QVERIFY(token.ok());
        QVERIFY(store.revoke(QStringLiteral("tray")).ok());
        store.setRecheckIntervalMs(0);
        QVERIFY(!store.authenticate(token.value().toLatin1()));
        const auto missing = store.revoke(QStringLiteral("nobody"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().message, QStringLiteral("no admin token named nobody"));
    }
};

QTEST_GUILESS_MAIN(TestAdminTokenStore)
#include "TestAdminTokenStore.moc"
