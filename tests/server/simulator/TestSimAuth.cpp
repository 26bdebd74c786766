#include "server/simulator/SimAuth.h"

#include "server/simulator/SimState.h"

#include <QUrl>
#include <QtTest>

using namespace pmcp;

// SimAuth: the PVEAPIToken header, tickets with their CSRF token, and Proxmox's 401 texts.
class TestSimAuth final : public QObject {
    Q_OBJECT

private:
    static HttpRequest request(const QByteArray &method,
                               const QList<std::pair<QByteArray, QByteArray>> &headers)
    {
        HttpRequest r;
        r.method = method;
        r.path = QStringLiteral("/api2/json/version");
        r.headers = headers;
        return r;
    }

    static QString rootSecret(const SimState &state)
    {
        return state.token(QStringLiteral("root@pam!mcp"))->secret;
    }

private slots:
    void tokenHeader_data()
    {
        QTest::addColumn<QString>("header"); // $SECRET: root@pam!mcp's secret
        QTest::addColumn<QString>("authId");
        QTest::addColumn<QString>("message");
        QTest::newRow("valid") << QStringLiteral("PVEAPIToken=root@pam!mcp=$SECRET")
                               << QStringLiteral("root@pam!mcp") << QString();
        QTest::newRow("space instead of =") << QStringLiteral("PVEAPIToken root@pam!mcp=$SECRET")
                                            << QStringLiteral("root@pam!mcp") << QString();
        QTest::newRow("percent-encoded id")
            << QStringLiteral("PVEAPIToken=root%40pam%21mcp=$SECRET")
            << QStringLiteral("root@pam!mcp") << QString();
        QTest::newRow("split on the last =")
            << QStringLiteral("PVEAPIToken=root@pam!mcp=x=$SECRET") << QString()
            << QStringLiteral("user 'root@pam' does not have a token 'mcp=x'");
        QTest::newRow("wrong secret") << QStringLiteral("PVEAPIToken=root@pam!mcp=nope")
                                      << QString() << QStringLiteral("invalid token value!");
        QTest::newRow("empty secret") << QStringLiteral("PVEAPIToken=root@pam!mcp=") << QString()
                                      << QStringLiteral("invalid token value!");
        QTest::newRow("no secret") << QStringLiteral("PVEAPIToken=root@pam!mcp") << QString()
                                   << QStringLiteral("invalid token value!");
        QTest::newRow("unknown token")
            << QStringLiteral("PVEAPIToken=root@pam!other=$SECRET") << QString()
            << QStringLiteral("user 'root@pam' does not have a token 'other'");
        QTest::newRow("bearer") << QStringLiteral("Bearer $SECRET") << QString()
                                << QStringLiteral("No ticket");
        QTest::newRow("nothing") << QString() << QString() << QStringLiteral("No ticket");
    }
    void tokenHeader()
    {
        QFETCH(QString, header);
        QFETCH(QString, authId);
        QFETCH(QString, message);
        SimState state;
        SimAuth auth(state);
        header.replace(QLatin1String("$SECRET"), rootSecret(state));
        QList<std::pair<QByteArray, QByteArray>> headers;
        if (!header.isEmpty())
            headers.append({"authorization", header.toUtf8()});
        const auto identity = auth.authenticate(request("POST", headers));
        QCOMPARE(identity.ok(), message.isEmpty());
        if (identity.ok()) {
            QCOMPARE(identity.value().authId, authId);
            QVERIFY(identity.value().token);
        } else {
            QCOMPARE(identity.error().code, ErrorCode::Unauthenticated);
            QCOMPARE(identity.error().message, message);
        }
    }

    void restrictedTokenAuthenticates()
    {
        SimState state;
        SimAuth auth(state);
        const QString secret =
            state.createRestrictedToken(QStringLiteral("root@pam"), QStringLiteral("audit"),
                                        {{QStringLiteral("/vms"), {QStringLiteral("VM.Audit")}}});
        const auto identity = auth.authenticate(
            request("GET", {{"authorization", "PVEAPIToken=root@pam!audit=" + secret.toUtf8()}}));
        QVERIFY(identity.ok());
        QCOMPARE(identity.value().authId, QStringLiteral("root@pam!audit"));
    }

    void login_data()
    {
        QTest::addColumn<QString>("username");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("user");
        QTest::newRow("with realm") << QStringLiteral("root@pam") << QStringLiteral("demo-password")
                                    << QStringLiteral("root@pam");
        QTest::newRow("realm defaults to pam")
            << QStringLiteral("root") << QStringLiteral("demo-password")
            << QStringLiteral("root@pam");
        QTest::newRow("wrong password")
            << QStringLiteral("root@pam") << QStringLiteral("guess") << QString();
        QTest::newRow("other user")
            << QStringLiteral("monitor@pve") << QStringLiteral("demo-password") << QString();
    }
    void login()
    {
        QFETCH(QString, username);
        QFETCH(QString, password);
        QFETCH(QString, user);
        SimState state;
        SimAuth auth(state);
        const auto answer = auth.login(username, password);
        QCOMPARE(answer.ok(), !user.isEmpty());
        if (!answer.ok()) {
            QCOMPARE(answer.error().code, ErrorCode::Unauthenticated);
            QCOMPARE(answer.error().message, QStringLiteral("authentication failure"));
            return;
        }
        const QJsonObject data = answer.value();
        QCOMPARE(data.value(QLatin1String("username")).toString(), user);
        QVERIFY(data.value(QLatin1String("ticket"))
                    .toString()
                    .startsWith(QStringLiteral("PVE:%1:").arg(user)));
        QVERIFY(data.value(QLatin1String("CSRFPreventionToken")).toString().contains(u':'));
        QCOMPARE(data.value(QLatin1String("clustername")).toString(), state.clusterName());
        QVERIFY(data.value(QLatin1String("cap")).toObject().contains(QLatin1String("vms")));
    }

    void ticketNeedsCsrfOnWrites_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("carrier"); // cookie or authorization
        QTest::addColumn<QString>("csrf");    // $CSRF: the right one
        QTest::addColumn<QString>("message");
        QTest::newRow("GET by cookie, no CSRF")
            << QByteArray("GET") << QStringLiteral("cookie") << QString() << QString();
        QTest::newRow("GET by header")
            << QByteArray("GET") << QStringLiteral("authorization") << QString() << QString();
        QTest::newRow("POST with CSRF") << QByteArray("POST") << QStringLiteral("cookie")
                                        << QStringLiteral("$CSRF") << QString();
        QTest::newRow("POST without CSRF")
            << QByteArray("POST") << QStringLiteral("cookie") << QString()
            << QStringLiteral("Permission denied - invalid csrf token");
        QTest::newRow("DELETE with a wrong CSRF")
            << QByteArray("DELETE") << QStringLiteral("cookie") << QStringLiteral("0:abc")
            << QStringLiteral("Permission denied - invalid csrf token");
    }
    void ticketNeedsCsrfOnWrites()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, carrier);
        QFETCH(QString, csrf);
        QFETCH(QString, message);
        SimState state;
        SimAuth auth(state);
        const auto login = auth.login(QStringLiteral("root@pam"), QStringLiteral("demo-password"));
        QVERIFY(login.ok());
        const QByteArray ticket =
            QUrl::toPercentEncoding(login.value().value(QLatin1String("ticket")).toString());
        csrf.replace(QLatin1String("$CSRF"),
                     login.value().value(QLatin1String("CSRFPreventionToken")).toString());
        QList<std::pair<QByteArray, QByteArray>> headers;
        if (carrier == QLatin1String("cookie"))
            headers.append({"cookie", "lang=en; PVEAuthCookie=" + ticket});
        else
            headers.append({"authorization", "PVEAuthCookie=" + ticket});
        if (!csrf.isEmpty())
            headers.append({"csrfpreventiontoken", csrf.toUtf8()});
        const auto identity = auth.authenticate(request(method, headers));
        QCOMPARE(identity.ok(), message.isEmpty());
        if (identity.ok()) {
            QCOMPARE(identity.value().authId, QStringLiteral("root@pam"));
            QVERIFY(!identity.value().token);
        } else {
            QCOMPARE(identity.error().message, message);
        }
    }

    void unknownTicketIsRejected()
    {
        SimState state;
        SimAuth auth(state);
        const auto identity = auth.authenticate(
            request("GET", {{"cookie", "PVEAuthCookie=PVE:root@pam:00000000::forged"}}));
        QVERIFY(!identity.ok());
        QCOMPARE(identity.error().code, ErrorCode::Unauthenticated);
        QCOMPARE(identity.error().message, QStringLiteral("invalid PVE ticket"));
    }

    void ticketRenews()
    {
        SimState state;
        SimAuth auth(state);
        const auto first = auth.login(QStringLiteral("root@pam"), QStringLiteral("demo-password"));
        QVERIFY(first.ok());
        const QString ticket = first.value().value(QLatin1String("ticket")).toString();
        const auto renewed = auth.login(QStringLiteral("root@pam"), ticket);
        QVERIFY(renewed.ok());
        QVERIFY(renewed.value().value(QLatin1String("ticket")).toString() != ticket);
        // Someone else's ticket is no password.
        QVERIFY(!auth.login(QStringLiteral("monitor@pve"), ticket).ok());
    }
};

QTEST_GUILESS_MAIN(TestSimAuth)
#include "TestSimAuth.moc"
