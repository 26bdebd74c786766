#include "server/proxmox/ProxmoxClient.h"

#include "server/proxmox/ProxmoxEncoding.h"
#include "tests/support/FakePve.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace pmcp;
using namespace pmcp::testing;

namespace {

const QString tokenSecret = QStringLiteral("5f0c2a9e-8c4f-4a8e-9b1e-2c3d4e5f6a7b");
const QString upid = QStringLiteral("UPID:pve1:000FF1FD:10F9374C:630D702C:qmstart:100:root@pam:");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// Runs one call and waits for its callback.
ProxmoxResult call(ProxmoxClient &client, const ProxmoxRequest &request)
{
    std::optional<ProxmoxResult> result;
    client.request(request, [&result](const ProxmoxResult &r) { result = r; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 20000))
        qFatal("the client never called back");
    return *result;
}

ProxmoxRequest req(const char *method, const QString &path, const QJsonObject &params = {})
{
    ProxmoxRequest request;
    request.method = method;
    request.path = path;
    request.params = params;
    return request;
}

ProxmoxError errorOf(const ProxmoxResult &result)
{
    if (const auto *error = std::get_if<ProxmoxError>(&result))
        return *error;
    qWarning("expected an error, got a reply");
    return {};
}

QString describeResult(const ProxmoxResult &result)
{
    if (const auto *error = std::get_if<ProxmoxError>(&result))
        return error->describe();
    return s("ok");
}

} // namespace

class TestProxmoxClient : public QObject {
    Q_OBJECT

    std::optional<TestCertificate> m_cert;
    QString m_fingerprint;

    ProxmoxTarget target(quint16 port, QStringList hosts = {s("127.0.0.1")}) const
    {
        ProxmoxTarget t;
        t.hosts = hosts;
        t.port = port;
        t.user = s("root@pam");
        t.tokenName = s("mcp");
        t.tokenSecret = tokenSecret;
        t.fingerprint = m_fingerprint;
        return t;
    }

private slots:
    void initTestCase()
    {
        QString why;
        m_cert = TestCertificate::generate(&why);
        if (!m_cert)
            QSKIP(qPrintable(why));
        m_fingerprint = ProxmoxEncoding::formatFingerprint(
            m_cert->certificate.digest(QCryptographicHash::Sha256));
    }

    void tokenHeaderHasTheExactFormatAndGetParamsGoInTheQuery()
    {
        FakePve pve([](const SeenRequest &) {
            return FakePve::body(200, R"({"data":{"status":"stopped","exitstatus":"OK"}})");
        });
        QVERIFY(pve.start(*m_cert));
        ProxmoxClient client(target(pve.port()));
        const auto result =
            call(client,
                 req("GET", QStringLiteral("/nodes/pve1/tasks/%1/log").arg(upid),
                     {{s("start"), 0}, {s("download"), false}, {s("ids"), QJsonArray{100, 101}}}));
        QVERIFY2(std::holds_alternative<ProxmoxReply>(result), qPrintable(describeResult(result)));
        const ProxmoxReply reply = std::get<ProxmoxReply>(result);
        QCOMPARE(reply.data.toObject().value(s("exitstatus")).toString(), s("OK"));
        QCOMPARE(reply.node, s("127.0.0.1"));
        QCOMPARE(pve.requests().size(), 1);
        const SeenRequest &seen = pve.requests().first();
        QCOMPARE(seen.authorization,
                 QByteArray("PVEAPIToken=root@pam!mcp=5f0c2a9e-8c4f-4a8e-9b1e-2c3d4e5f6a7b"));
        QVERIFY(seen.cookie.isEmpty());
        QCOMPARE(seen.path, QStringLiteral("/nodes/pve1/tasks/%1/log").arg(upid));
        QCOMPARE(seen.query.queryItemValue(s("download")), s("0"));
        QCOMPARE(seen.query.queryItemValue(s("start")), s("0"));
        QCOMPARE(seen.query.queryItemValue(s("ids"), QUrl::FullyDecoded), s("100,101"));
    }

    void postSendsAFormBodyAndReadsTheUpid()
    {
        FakePve pve([](const SeenRequest &) { return FakePve::data(upid); });
        QVERIFY(pve.start(*m_cert));
        ProxmoxClient client(target(pve.port()));
        const auto result = call(client, req("POST", s("/nodes/pve1/qemu/100/status/start"),
                                             {{s("skiplock"), true}, {s("timeout"), 30}}));
        QVERIFY2(std::holds_alternative<ProxmoxReply>(result), qPrintable(describeResult(result)));
        QCOMPARE(std::get<ProxmoxReply>(result).data.toString(), upid);
        const SeenRequest &seen = pve.requests().first();
        QCOMPARE(seen.method, QByteArray("POST"));
        QVERIFY(seen.contentType.startsWith("application/x-www-form-urlencoded"));
        QCOMPARE(seen.form().queryItemValue(s("skiplock")), s("1"));
        QCOMPARE(seen.form().queryItemValue(s("timeout")), s("30"));
        QVERIFY(seen.query.isEmpty());
    }

    void ticketLoginSendsCsrfOnWritesAndLogsInAgainOn401()
    {
        int logins = 0;
        QString validTicket;
        FakePve pve([&](const SeenRequest &r) -> std::optional<HttpResponse> {
            if (r.path == s("/access/ticket")) {
                if (r.form().queryItemValue(s("password")) != s("secret pw"))
                    return FakePve::body(401, R"({"data":null})");
                validTicket =
                    QStringLiteral("PVE:root@pam:64E10CB%1::c2lnbmF0dXJl+/=").arg(++logins);
                return FakePve::data(QJsonObject{{s("ticket"), validTicket},
                                                 {s("CSRFPreventionToken"), s("64E10CBA:csrf")},
                                                 {s("username"), s("root@pam")}});
            }
            const QByteArray expected = "PVEAuthCookie=" + QUrl::toPercentEncoding(validTicket);
            if (r.cookie != expected || (r.method != "GET" && r.csrf != "64E10CBA:csrf"))
                return FakePve::body(401, R"({"data":null})");
            return FakePve::data(QJsonValue::Null);
        });
        QVERIFY(pve.start(*m_cert));
        ProxmoxTarget t = target(pve.port());
        t.tokenName.clear();
        t.tokenSecret.clear();
        t.password = s("secret pw");
        ProxmoxClient client(t);

        QVERIFY(std::holds_alternative<ProxmoxReply>(call(client, req("GET", s("/version")))));
        validTicket = s("expired"); // the server forgets the ticket
        const auto result = call(client, req("POST", s("/nodes/pve1/qemu/100/status/start")));
        QVERIFY2(std::holds_alternative<ProxmoxReply>(result), qPrintable(describeResult(result)));

        QStringList sequence;
        for (const SeenRequest &r : pve.requests())
            sequence.append(QString::fromLatin1(r.method) + u' ' + r.path);
        QCOMPARE(sequence,
                 QStringList({s("POST /access/ticket"), s("GET /version"),
                              s("POST /nodes/pve1/qemu/100/status/start"), s("POST /access/ticket"),
                              s("POST /nodes/pve1/qemu/100/status/start")}));
        QCOMPARE(pve.requests()[0].form().queryItemValue(s("username"), QUrl::FullyDecoded),
                 s("root@pam"));
        QVERIFY(pve.requests()[0].authorization.isEmpty());
        QVERIFY(pve.requests()[1].csrf.isEmpty()); // GET needs none
        QCOMPARE(pve.requests()[4].csrf, QByteArray("64E10CBA:csrf"));
        QCOMPARE(logins, 2);
    }

    void ticketIsRenewedWithTheCurrentTicketAsPassword()
    {
        QStringList passwords;
        FakePve pve([&](const SeenRequest &r) -> std::optional<HttpResponse> {
            if (r.path == s("/access/ticket")) {
                passwords.append(r.form().queryItemValue(s("password"), QUrl::FullyDecoded));
                return FakePve::data(QJsonObject{
                    {s("ticket"), QStringLiteral("PVE:root@pam:T%1::sig").arg(passwords.size())},
                    {s("CSRFPreventionToken"), s("X:csrf")}});
            }
            return FakePve::data(QJsonValue::Null);
        });
        QVERIFY(pve.start(*m_cert));
        ProxmoxTarget t = target(pve.port());
        t.tokenName.clear();
        t.password = s("pw");
        ProxmoxClient client(t);
        client.setTicketRenewalIntervalMs(0); // every call finds the ticket due for renewal
        QVERIFY(std::holds_alternative<ProxmoxReply>(call(client, req("GET", s("/version")))));
        QVERIFY(std::holds_alternative<ProxmoxReply>(call(client, req("GET", s("/version")))));
        QCOMPARE(passwords, QStringList({s("pw"), s("PVE:root@pam:T1::sig")}));
        QCOMPARE(pve.requests().last().cookie,
                 "PVEAuthCookie=" + QUrl::toPercentEncoding(s("PVE:root@pam:T2::sig")));
    }

    void wrongPasswordIsUnauthenticated()
    {
        FakePve pve([](const SeenRequest &) { return FakePve::body(401, R"({"data":null})"); });
        QVERIFY(pve.start(*m_cert));
        ProxmoxTarget t = target(pve.port());
        t.tokenName.clear();
        t.password = s("very-secret-password");
        ProxmoxClient client(t);
        const ProxmoxError error = errorOf(call(client, req("GET", s("/version"))));
        QCOMPARE(error.code, ErrorCode::Unauthenticated);
        QVERIFY(error.describe().contains(s("login as root@pam failed")));
        QVERIFY(!error.describe().contains(t.password));
        QCOMPARE(pve.requests().size(), 1); // no request went out without a ticket
    }

    void tls_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("fingerprint");
        QTest::addColumn<bool>("verify");
        QTest::addColumn<bool>("useCaFile");
        QTest::addColumn<QString>("failure"); // "" = the call succeeds

        const QString pinned = m_fingerprint;
        const QString plain = QString(pinned).remove(u':').toLower();
        // The certificate is made anew each run: change its first byte rather than set it, so
        // the wrong pin never equals the real one (it did once in 256 runs).
        const QString wrong = (pinned.startsWith(s("00")) ? s("01") : s("00")) + pinned.mid(2);
        QTest::newRow("pinned fingerprint accepts self-signed")
            << s("127.0.0.1") << pinned << true << false << QString();
        QTest::newRow("pinned fingerprint without colons, lower case")
            << s("127.0.0.1") << plain << true << false << QString();
        QTest::newRow("fingerprint mismatch is refused naming both")
            << s("127.0.0.1") << wrong << true << false
            << QStringLiteral("expected %1, the server presented %2").arg(wrong, pinned);
        QTest::newRow("verification off accepts anything")
            << s("127.0.0.1") << QString() << false << false << QString();
        QTest::newRow("ca file trusts the certificate")
            << s("localhost") << QString() << true << true << QString();
        QTest::newRow("default verification refuses a self-signed certificate")
            << s("localhost") << QString() << true << false << s("is not trusted");
    }

    void tls()
    {
        QFETCH(QString, host);
        QFETCH(QString, fingerprint);
        QFETCH(bool, verify);
        QFETCH(bool, useCaFile);
        QFETCH(QString, failure);
        FakePve pve([](const SeenRequest &) { return FakePve::data(s("ok")); });
        QVERIFY(pve.start(*m_cert));
        ProxmoxTarget t = target(pve.port(), {host});
        t.fingerprint = fingerprint;
        t.verifyTls = verify;
        QTemporaryDir dir;
        if (useCaFile) {
            t.caFile = dir.filePath(s("ca.pem"));
            QFile file(t.caFile);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(m_cert->certificate.toPem());
        }
        if (!verify)
            QTest::ignoreMessage(QtWarningMsg, QRegularExpression(s("TLS verification is off")));
        ProxmoxClient client(t);
        QCOMPARE(client.isInsecure(), !verify);
        const auto result = call(client, req("GET", s("/version")));
        if (failure.isEmpty()) {
            QVERIFY2(std::holds_alternative<ProxmoxReply>(result),
                     qPrintable(describeResult(result)));
            return;
        }
        const ProxmoxError error = errorOf(result);
        QCOMPARE(error.code, ErrorCode::Unavailable);
        QVERIFY2(error.message.contains(failure), qPrintable(error.message));
        QVERIFY(pve.requests().isEmpty());
    }

    void errorMapping_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("detail"); // errors.vmid, or path|privilege of a 403

        QTest::newRow("400 with errors")
            << 400
            << QByteArray(R"({"data":null,"errors":{"vmid":"VM 200 already exists"},)"
                          R"("message":"Parameter verification failed.\n"})")
            << int(ErrorCode::InvalidArgument) << s("Parameter verification failed.")
            << s("VM 200 already exists");
        QTest::newRow("401") << 401 << QByteArray(R"({"data":null,"message":"invalid PVE ticket"})")
                             << int(ErrorCode::Unauthenticated) << s("invalid PVE ticket")
                             << QString();
        QTest::newRow("403 with path and privilege")
            << 403
            << QByteArray(
                   R"({"data":null,"message":"Permission check failed (/vms/101, VM.PowerMgmt)\n"})")
            << int(ErrorCode::PermissionDenied)
            << s("Permission check failed (/vms/101, VM.PowerMgmt)") << s("/vms/101|VM.PowerMgmt");
        QTest::newRow("500 does not exist")
            << 500
            << QByteArray(
                   R"({"data":null,"message":"Configuration file 'nodes/cp/qemu-server/101.conf' does not exist\n"})")
            << int(ErrorCode::NotFound)
            << s("Configuration file 'nodes/cp/qemu-server/101.conf' does not exist") << QString();
        QTest::newRow("500 locked")
            << 500 << QByteArray(R"({"data":null,"message":"VM is locked (backup)\n"})")
            << int(ErrorCode::Conflict) << s("VM is locked (backup)") << QString();
        QTest::newRow("501 not implemented")
            << 501
            << QByteArray(
                   R"({"data":null,"message":"Method 'GET /nodes/x//2/config' not implemented"})")
            << int(ErrorCode::Unsupported) << s("Method 'GET /nodes/x//2/config' not implemented")
            << QString();
    }

    void errorMapping()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, code);
        QFETCH(QString, message);
        QFETCH(QString, detail);
        FakePve pve([&](const SeenRequest &) { return FakePve::body(status, body); });
        QVERIFY(pve.start(*m_cert));
        ProxmoxClient client(target(pve.port()));
        const ProxmoxError error =
            errorOf(call(client, req("GET", s("/nodes/pve1/qemu/101/config"))));
        QCOMPARE(error.status, status);
        QCOMPARE(int(error.code), code);
        QCOMPARE(error.message, message);
        QCOMPARE(error.path, s("/nodes/pve1/qemu/101/config"));
        QCOMPARE(error.toError().code, error.code);
        QVERIFY(error.describe().contains(message));
        if (status == 400) {
            QCOMPARE(error.errors.value(s("vmid")).toString(), detail);
            QVERIFY(error.describe().contains(detail));
        }
        if (status == 403)
            QCOMPARE(error.permissionPath + u'|' + error.privilege, detail);
        QVERIFY(!error.describe().contains(tokenSecret));
    }

    void oldStyleErrorsComeFromTheReasonPhrase_data()
    {
        QTest::addColumn<QByteArray>("statusLine");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");

        QTest::newRow("500 does not exist")
            << QByteArray("500 Configuration file 'nodes/pve1/qemu-server/101.conf' does not exist")
            << int(ErrorCode::NotFound)
            << s("Configuration file 'nodes/pve1/qemu-server/101.conf' does not exist");
        QTest::newRow("403 permission")
            << QByteArray("403 Permission check failed (/vms/101, VM.Audit)")
            << int(ErrorCode::PermissionDenied)
            << s("Permission check failed (/vms/101, VM.Audit)");
        QTest::newRow("596 proxy failure")
            << QByteArray("596 Broken pipe") << int(ErrorCode::Unavailable) << s("Broken pipe");
    }

    void oldStyleErrorsComeFromTheReasonPhrase()
    {
        QFETCH(QByteArray, statusLine);
        QFETCH(int, code);
        QFETCH(QString, message);
        RawTlsServer server(RawTlsServer::response(statusLine, R"({"data":null})"));
        QVERIFY(server.start(*m_cert));
        ProxmoxClient client(target(server.port()));
        const ProxmoxError error =
            errorOf(call(client, req("GET", s("/nodes/pve1/qemu/101/config"))));
        QCOMPARE(int(error.code), code);
        QCOMPARE(error.message, message);
        if (error.code == ErrorCode::PermissionDenied)
            QCOMPARE(error.privilege, s("VM.Audit"));
    }

    void timeoutGivesTimeout()
    {
        FakePve pve([](const SeenRequest &) { return std::nullopt; }); // never answers
        QVERIFY(pve.start(*m_cert));
        ProxmoxClient client(target(pve.port()));
        ProxmoxRequest request = req("GET", s("/version"));
        request.timeoutMs = 300;
        const ProxmoxError error = errorOf(call(client, request));
        QCOMPARE(error.code, ErrorCode::Timeout);
        QCOMPARE(error.status, 0);
        QVERIFY(error.message.contains(s("300 ms")));
    }

    void getFailsOverToTheNextHostWhenTheFirstIsDown()
    {
        FakePve pve([](const SeenRequest &) { return FakePve::data(s("ok")); });
        QVERIFY(pve.start(*m_cert));
        // Nothing listens on 127.0.0.2 at that port: the connection is refused.
        ProxmoxClient client(target(pve.port(), {s("127.0.0.2"), s("127.0.0.1")}));
        QSignalSpy failedOver(&client, &ProxmoxClient::failedOver);
        const auto result = call(client, req("GET", s("/version")));
        QVERIFY2(std::holds_alternative<ProxmoxReply>(result), qPrintable(describeResult(result)));
        QCOMPARE(std::get<ProxmoxReply>(result).node, s("127.0.0.1"));
        QCOMPARE(failedOver.size(), 1);
        QCOMPARE(failedOver[0][0].toString(), s("127.0.0.2"));
        QCOMPARE(failedOver[0][1].toString(), s("127.0.0.1"));
        QCOMPARE(client.currentHost(), s("127.0.0.1"));
        // The next call goes straight to the host that works.
        QVERIFY(std::holds_alternative<ProxmoxReply>(call(client, req("GET", s("/version")))));
        QCOMPARE(failedOver.size(), 1);
    }

    void retries_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("firstAnswer"); // "" = the connection closes unanswered
        QTest::addColumn<bool>("retried");

        QTest::newRow("GET after a dropped connection")
            << QByteArray("GET") << QByteArray() << true;
        QTest::newRow("POST after a dropped connection")
            << QByteArray("POST") << QByteArray() << false;
        const QByteArray proxyFailure =
            RawTlsServer::response("596 Broken pipe", R"({"data":null})");
        QTest::newRow("GET after 596") << QByteArray("GET") << proxyFailure << true;
        QTest::newRow("POST after 596") << QByteArray("POST") << proxyFailure << false;
    }

    void retries()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, firstAnswer);
        QFETCH(bool, retried);
        RawTlsServer first(firstAnswer);
        QVERIFY(first.start(*m_cert, QHostAddress(s("127.0.0.1"))));
        FakePve second([](const SeenRequest &) { return FakePve::data(s("second")); });
        if (!second.start(*m_cert, QHostAddress(s("127.0.0.3")), first.port()))
            QSKIP("cannot listen on 127.0.0.3 with the same port");
        ProxmoxClient client(target(first.port(), {s("127.0.0.1"), s("127.0.0.3")}));
        const auto result =
            call(client, req(method.constData(), s("/nodes/pve1/qemu/100/status/start")));
        QCOMPARE(second.requests().size(), retried ? 1 : 0);
        if (retried) {
            QVERIFY2(std::holds_alternative<ProxmoxReply>(result),
                     qPrintable(describeResult(result)));
            QCOMPARE(std::get<ProxmoxReply>(result).node, s("127.0.0.3"));
        } else {
            QCOMPARE(errorOf(result).code, ErrorCode::Unavailable);
            if (firstAnswer.isEmpty())
                QVERIFY(errorOf(result).message.contains(s("was not sent again")));
            // Never sent twice: Proxmox may have started the task already.
            QCOMPARE(first.requestCount(), 1);
        }
    }

    // Starts the calls at once (before the event loop runs) and waits for every callback.
    static QList<ProxmoxResult> callAll(ProxmoxClient &client,
                                        const QList<ProxmoxRequest> &requests)
    {
        QList<std::optional<ProxmoxResult>> results(requests.size());
        for (qsizetype i = 0; i < requests.size(); ++i)
            client.request(requests[i], [&results, i](const ProxmoxResult &r) { results[i] = r; });
        const bool done = QTest::qWaitFor(
            [&results] {
                return std::all_of(results.cbegin(), results.cend(),
                                   [](const auto &r) { return r.has_value(); });
            },
            20000);
        if (!done)
            qFatal("the client never called back");
        QList<ProxmoxResult> out;
        for (const auto &r : results)
            out.append(*r);
        return out;
    }

    void identicalConcurrentGetsShareOneRequest()
    {
        FakePve pve([](const SeenRequest &) {
            return FakePve::data(QJsonArray{QJsonObject{{s("vmid"), 100}}});
        });
        QVERIFY(pve.start(*m_cert));
        ProxmoxClient client(target(pve.port()));
        QSignalSpy coalesced(&client, &ProxmoxClient::callCoalesced);
        const QList<ProxmoxRequest> requests(
            10, req("GET", s("/cluster/resources"), {{s("type"), s("vm")}}));
        const auto results = callAll(client, requests);
        for (const ProxmoxResult &result : results) {
            QVERIFY2(std::holds_alternative<ProxmoxReply>(result),
                     qPrintable(describeResult(result)));
            QCOMPARE(std::get<ProxmoxReply>(result).data.toArray().first()[s("vmid")].toInt(), 100);
        }
        QCOMPARE(pve.requests().size(), 1);
        QCOMPARE(client.coalescedCalls(), 9);
        QCOMPARE(coalesced.size(), 9);
        // Once answered, the same GET is sent again: there is no read cache.
        QVERIFY(std::holds_alternative<ProxmoxReply>(
            call(client, req("GET", s("/cluster/resources"), {{s("type"), s("vm")}}))));
        QCOMPARE(pve.requests().size(), 2);
    }

    void differentParamsWritesAndOtherTokensAreNotShared()
    {
        FakePve pve([](const SeenRequest &) { return FakePve::data(s("ok")); });
        QVERIFY(pve.start(*m_cert));
        ProxmoxClient client(target(pve.port()));
        callAll(client, {req("GET", s("/cluster/resources"), {{s("type"), s("vm")}}),
                         req("GET", s("/cluster/resources"), {{s("type"), s("storage")}}),
                         req("GET", s("/cluster/resources")),
                         req("GET", s("/nodes"), {{s("type"), s("vm")}}),
                         req("POST", s("/nodes/pve1/qemu/100/status/start")),
                         req("POST", s("/nodes/pve1/qemu/100/status/start")),
                         req("DELETE", s("/nodes/pve1/qemu/100/snapshot/a")),
                         req("DELETE", s("/nodes/pve1/qemu/100/snapshot/a"))});
        QCOMPARE(pve.requests().size(), 8);
        QCOMPARE(client.coalescedCalls(), 0);

        // Another token (another client, as for another target) never shares a request.
        ProxmoxTarget other = target(pve.port());
        other.tokenName = s("other");
        ProxmoxClient second(other);
        bool firstDone = false;
        bool secondDone = false;
        client.get(s("/version"), {}, [&](const ProxmoxResult &) { firstDone = true; });
        second.get(s("/version"), {}, [&](const ProxmoxResult &) { secondDone = true; });
        QVERIFY(QTest::qWaitFor([&] { return firstDone && secondDone; }, 20000));
        QCOMPARE(pve.requests().size(), 10);
        QCOMPARE(pve.requests()[8].authorization.contains("!mcp="),
                 !pve.requests()[9].authorization.contains("!mcp="));
    }

    void coalescingCanBeTurnedOff()
    {
        FakePve pve([](const SeenRequest &) { return FakePve::data(s("ok")); });
        QVERIFY(pve.start(*m_cert));
        ProxmoxTarget t = target(pve.port());
        t.coalesceReads = false;
        ProxmoxClient client(t);
        callAll(client, QList<ProxmoxRequest>(5, req("GET", s("/cluster/resources"))));
        QCOMPARE(pve.requests().size(), 5);
        QCOMPARE(client.coalescedCalls(), 0);
    }

    void aGetAfterAWriteDoesNotJoinAGetSentBeforeIt()
    {
        // GETs wait until the test answers them; writes are answered at once.
        FakePve pve([](const SeenRequest &r) -> std::optional<HttpResponse> {
            if (r.method == "GET")
                return std::nullopt;
            return FakePve::data(upid);
        });
        QVERIFY(pve.start(*m_cert));
        ProxmoxClient client(target(pve.port()));
        const ProxmoxRequest status = req("GET", s("/nodes/pve1/qemu/100/status/current"));
        int answered = 0;
        const auto count = [&answered](const ProxmoxResult &) { ++answered; };
        client.request(status, count); // sent before the write
        client.request(status, count); // joins it
        bool written = false;
        client.request(req("POST", s("/nodes/pve1/qemu/100/status/start")),
                       [&](const ProxmoxResult &) {
                           written = true;
                           client.request(status, count); // after the write: its own request
                       });
        client.request(status, count); // while the write is in flight: its own request
        QVERIFY(QTest::qWaitFor([&] { return written && pve.heldCount() == 3; }, 20000));
        pve.answerHeld(FakePve::data(QJsonObject{{s("status"), s("running")}}));
        QVERIFY(QTest::qWaitFor([&] { return answered == 4; }, 20000));
        QCOMPARE(pve.requests().size(), 4); // three GETs and the POST
        QCOMPARE(client.coalescedCalls(), 1);
    }

    void anErrorReachesEveryWaiter()
    {
        FakePve pve([](const SeenRequest &) {
            return FakePve::body(500,
                                 R"({"data":null,"message":"cluster not ready - no quorum?\n"})");
        });
        QVERIFY(pve.start(*m_cert));
        ProxmoxClient client(target(pve.port()));
        const auto results =
            callAll(client, QList<ProxmoxRequest>(6, req("GET", s("/cluster/resources"))));
        for (const ProxmoxResult &result : results) {
            const ProxmoxError error = errorOf(result);
            QCOMPARE(error.status, 500);
            QVERIFY2(error.message.contains(s("no quorum")), qPrintable(error.message));
        }
        QCOMPARE(pve.requests().size(), 1);
    }

    void inFlightRequestsAreBoundedByMaxConnections_data()
    {
        QTest::addColumn<int>("maxConnections");
        QTest::addColumn<int>("managers");
        QTest::newRow("16: three pools of six") << 16 << 3;
        QTest::newRow("6: one pool, Qt's own limit") << 6 << 1;
        QTest::newRow("4: fewer than Qt allows") << 4 << 1;
    }

    void inFlightRequestsAreBoundedByMaxConnections()
    {
        QFETCH(int, maxConnections);
        QFETCH(int, managers);
        // Every request waits until the test answers: what has arrived and is not answered is
        // in flight at once.
        FakePve pve([](const SeenRequest &) { return std::nullopt; });
        QVERIFY(pve.start(*m_cert));
        ProxmoxTarget t = target(pve.port()); // pinned: every pool checks the fingerprint
        t.maxConnections = maxConnections;
        ProxmoxClient client(t);
        QCOMPARE(client.managerCount(), managers);
        const int total = 20;
        int done = 0;
        int ok = 0;
        for (int i = 0; i < total; ++i) {
            client.get(s("/nodes/pve1/qemu/%1/status/current").arg(100 + i), {},
                       [&](const ProxmoxResult &result) {
                           ++done;
                           ok += std::holds_alternative<ProxmoxReply>(result) ? 1 : 0;
                       });
        }
        qsizetype answered = 0;
        qsizetype peak = 0;
        while (answered < total) {
            const qsizetype expected = std::min<qsizetype>(maxConnections, total - answered);
            QVERIFY2(
                QTest::qWaitFor([&] { return pve.heldCount() == expected; }, 20000),
                qPrintable(
                    QStringLiteral("%1 held, %2 expected").arg(pve.heldCount()).arg(expected)));
            peak = std::max(peak, pve.requests().size() - answered);
            answered += pve.heldCount();
            pve.answerHeld(FakePve::data(s("ok")));
        }
        QVERIFY(QTest::qWaitFor([&] { return done == total; }, 20000));
        QCOMPARE(ok, total);
        QCOMPARE(pve.requests().size(), total);
        QCOMPARE(peak, qsizetype(maxConnections));
        QCOMPARE(client.peakInFlight(), maxConnections);
        QCOMPARE(client.requestsSent(), qint64(total));
    }

    void ticketLoginIsSharedByEveryPool()
    {
        int logins = 0;
        FakePve pve([&](const SeenRequest &r) -> std::optional<HttpResponse> {
            if (r.path == s("/access/ticket")) {
                ++logins;
                return FakePve::data(QJsonObject{{s("ticket"), s("PVE:root@pam:1::sig")},
                                                 {s("CSRFPreventionToken"), s("1:csrf")}});
            }
            if (r.cookie != "PVEAuthCookie=" + QUrl::toPercentEncoding(s("PVE:root@pam:1::sig")))
                return FakePve::body(401, R"({"data":null})");
            return std::nullopt; // held: all in flight at once
        });
        QVERIFY(pve.start(*m_cert));
        ProxmoxTarget t = target(pve.port());
        t.tokenName.clear();
        t.tokenSecret.clear();
        t.password = s("secret pw");
        t.maxConnections = 12;
        ProxmoxClient client(t);
        int ok = 0;
        for (int i = 0; i < 12; ++i) {
            client.get(s("/nodes/pve1/lxc/%1/status/current").arg(200 + i), {},
                       [&ok](const ProxmoxResult &result) {
                           ok += std::holds_alternative<ProxmoxReply>(result) ? 1 : 0;
                       });
        }
        QVERIFY(QTest::qWaitFor([&] { return pve.heldCount() == 12; }, 20000));
        pve.answerHeld(FakePve::data(s("ok")));
        QVERIFY(QTest::qWaitFor([&] { return ok == 12; }, 20000));
        QCOMPARE(logins, 1);
        QCOMPARE(client.peakInFlight(), 12); // both pools of six carried the one ticket
    }

    void noHostsIsAnError()
    {
        ProxmoxClient client(target(8006, {}));
        const ProxmoxError error = errorOf(call(client, req("GET", s("/version"))));
        QCOMPARE(error.code, ErrorCode::Unavailable);
        QVERIFY(error.message.contains(s("no host")));
    }
};

QTEST_MAIN(TestProxmoxClient)
#include "TestProxmoxClient.moc"
