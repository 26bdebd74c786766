#include "server/simulator/PveSimulator.h"

#include "SimClient.h"
#include "server/simulator/SimState.h"
#include "server/simulator/SimTasks.h"

#include <QJsonArray>
#include <QtTest>

using namespace pmcp;
using pmcp::testing::SimClient;

// PveSimulator over real HTTPS: auth, envelope, errors, tasks, guests, storage, faults.
class TestPveSimulator final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<PveSimulator> m_sim;

    // Waits for the task to end and returns its status object.
    QJsonObject waitForTask(SimClient &client, const QString &node, const QString &upid)
    {
        const QString path = QStringLiteral("/nodes/%1/tasks/%2/status").arg(node, upid);
        const QString plain = QUrl::fromPercentEncoding(upid.toLatin1());
        QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired() && m_sim->tasks().find(plain) &&
               m_sim->tasks().find(plain)->running) {
            QSignalSpy finished(&m_sim->tasks(), &SimTasks::taskFinished);
            finished.wait(100);
        }
        return client.get(path).data().toObject();
    }

    QStringList taskLog(SimClient &client, const QString &node, const QString &upid)
    {
        QStringList lines;
        const auto response = client.get(QStringLiteral("/nodes/%1/tasks/%2/log").arg(node, upid));
        for (const QJsonValue &line : response.data().toArray())
            lines.append(line.toObject().value(QStringLiteral("t")).toString());
        return lines;
    }

private slots:
    void init()
    {
        PveSimulator::Options options;
        options.timeScale = 0.05;
        m_sim = std::make_unique<PveSimulator>(options);
        const auto started = m_sim->start();
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
        QVERIFY(started.value() > 0);
    }
    void cleanup() { m_sim.reset(); }

    void certificateFingerprintMatches()
    {
        QVERIFY(!m_sim->certificate().isNull());
        const QString expected = QString::fromLatin1(
            m_sim->certificate().digest(QCryptographicHash::Sha256).toHex(':').toUpper());
        QCOMPARE(m_sim->fingerprintSha256(), expected);
        QCOMPARE(m_sim->fingerprintSha256().size(), 32 * 3 - 1);
    }

    void tokenAuth_data()
    {
        QTest::addColumn<QString>("authorization");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        QTest::newRow("valid token") << QString() << 200 << QString();
        QTest::newRow("wrong secret")
            << QStringLiteral("PVEAPIToken=root@pam!mcp=00000000-0000-0000-0000-000000000000")
            << 401 << QStringLiteral("invalid token value!");
        QTest::newRow("unknown token")
            << QStringLiteral("PVEAPIToken=root@pam!other=x") << 401
            << QStringLiteral("user 'root@pam' does not have a token 'other'");
        QTest::newRow("nothing") << QStringLiteral(" ") << 401 << QStringLiteral("No ticket");
    }
    void tokenAuth()
    {
        QFETCH(QString, authorization);
        QFETCH(int, status);
        QFETCH(QString, message);
        SimClient client(*m_sim);
        if (!authorization.isEmpty())
            client.setAuthorization(authorization.trimmed());
        const auto response = client.get(QStringLiteral("/version"));
        QCOMPARE(response.status, status);
        if (status == 200) {
            QCOMPARE(response.data().toObject().value(QStringLiteral("version")).toString(),
                     QStringLiteral("8.4.14"));
        } else {
            QCOMPARE(response.message(), message + u'\n');
            QCOMPARE(QString::fromUtf8(response.reason), message);
            QVERIFY(response.data().isNull());
        }
    }

    // POST/GET/PUT/DELETE /access/users/{userid}/token/{tokenid} as Proxmox answers them: the
    // secret once on creation, privsep 1 by default, Proxmox's messages for the missing and the
    // doubled, and the new token honoured at once.
    void tokenLifecycleAsProxmoxAnswers()
    {
        SimClient client(*m_sim);
        const QString path = QStringLiteral("/access/users/root@pam/token/ci");
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("comment"), QStringLiteral("for CI"));
        const auto created = client.post(path, form);
        QCOMPARE(created.status, 200);
        const QJsonObject data = created.data().toObject();
        QCOMPARE(data.value(QStringLiteral("full-tokenid")).toString(),
                 QStringLiteral("root@pam!ci"));
        QCOMPARE(data.value(QStringLiteral("info")).toObject().value(QStringLiteral("privsep")),
                 QJsonValue(1));
        const QString secret = data.value(QStringLiteral("value")).toString();
        QCOMPARE(secret.size(), 36);
        QCOMPARE(client.post(path, form).message(), QStringLiteral("Token already exists.\n"));

        const auto info = client.get(path).data().toObject();
        QCOMPARE(info.value(QStringLiteral("comment")).toString(), QStringLiteral("for CI"));
        QVERIFY(!info.contains(QStringLiteral("value"))); // shown once only
        QUrlQuery change;
        change.addQueryItem(QStringLiteral("privsep"), QStringLiteral("0"));
        change.addQueryItem(QStringLiteral("expire"), QStringLiteral("4102444800"));
        const auto updated = client.post(path, change, "PUT");
        QCOMPARE(updated.status, 200);
        QCOMPARE(updated.data().toObject().value(QStringLiteral("privsep")), QJsonValue(0));
        QCOMPARE(updated.data().toObject().value(QStringLiteral("expire")),
                 QJsonValue(qint64(4102444800)));

        SimClient asNew(*m_sim);
        asNew.setAuthorization(QStringLiteral("PVEAPIToken=root@pam!ci=") + secret);
        QCOMPARE(asNew.get(QStringLiteral("/version")).status, 200);
        QCOMPARE(client.del(path).status, 200);
        QCOMPARE(asNew.get(QStringLiteral("/version")).status, 401);
        const auto missing = client.get(path);
        QCOMPARE(missing.status, 500);
        QCOMPARE(missing.message(), QStringLiteral("no such token 'ci' for user 'root@pam'\n"));
        QCOMPARE(client.del(path).status, 500);
        QCOMPARE(client.post(QStringLiteral("/access/users/nobody@pve/token/x"), form).message(),
                 QStringLiteral("no such user ('nobody@pve')\n"));
    }

    void expiredTokenIsRefused()
    {
        QVERIFY(m_sim->state()
                    .createToken(QStringLiteral("root@pam"), QStringLiteral("old"), false,
                                 QDateTime::currentSecsSinceEpoch() - 60, {})
                    .ok());
        SimClient client(*m_sim);
        client.setAuthorization(QStringLiteral("PVEAPIToken=root@pam!old=") +
                                m_sim->state().token(QStringLiteral("root@pam!old"))->secret);
        const auto refused = client.get(QStringLiteral("/version"));
        QCOMPARE(refused.status, 401);
        QCOMPARE(refused.message(), QStringLiteral("token expired\n"));
    }

    // PUT /access/acl grants roles to tokens (path, roles, tokens, propagate; delete=1 takes
    // them back); GET /access/acl lists them, and a privsep token gets exactly those privileges.
    void aclGrantsRolesToTokens()
    {
        SimClient client(*m_sim);
        const auto created = client.post(QStringLiteral("/access/users/root@pam/token/ro"));
        const QString secret = created.data().toObject().value(QStringLiteral("value")).toString();
        SimClient asToken(*m_sim);
        asToken.setAuthorization(QStringLiteral("PVEAPIToken=root@pam!ro=") + secret);
        QCOMPARE(asToken.get(QStringLiteral("/nodes/pve1/status")).status, 403);

        QUrlQuery grant;
        grant.addQueryItem(QStringLiteral("path"), QStringLiteral("/nodes/pve1"));
        grant.addQueryItem(QStringLiteral("roles"), QStringLiteral("PVEAuditor"));
        grant.addQueryItem(QStringLiteral("tokens"), QStringLiteral("root@pam!ro"));
        grant.addQueryItem(QStringLiteral("propagate"), QStringLiteral("0"));
        QCOMPARE(client.post(QStringLiteral("/access/acl"), grant, "PUT").status, 200);
        QCOMPARE(asToken.get(QStringLiteral("/nodes/pve1/status")).status, 200);
        bool listed = false;
        for (const QJsonValue &row : client.get(QStringLiteral("/access/acl")).data().toArray()) {
            const QJsonObject r = row.toObject();
            listed = listed || (r.value(QStringLiteral("ugid")) == QLatin1String("root@pam!ro") &&
                                r.value(QStringLiteral("type")) == QLatin1String("token") &&
                                r.value(QStringLiteral("roleid")) == QLatin1String("PVEAuditor") &&
                                r.value(QStringLiteral("path")) == QLatin1String("/nodes/pve1") &&
                                r.value(QStringLiteral("propagate")) == QJsonValue(0));
        }
        QVERIFY(listed);

        QUrlQuery unknown = grant;
        unknown.removeAllQueryItems(QStringLiteral("roles"));
        unknown.addQueryItem(QStringLiteral("roles"), QStringLiteral("NoSuchRole"));
        QCOMPARE(client.post(QStringLiteral("/access/acl"), unknown, "PUT").message(),
                 QStringLiteral("role 'NoSuchRole' does not exist\n"));
        grant.addQueryItem(QStringLiteral("delete"), QStringLiteral("1"));
        QCOMPARE(client.post(QStringLiteral("/access/acl"), grant, "PUT").status, 200);
        QCOMPARE(asToken.get(QStringLiteral("/nodes/pve1/status")).status, 403);
    }

    void ticketFlowNeedsCsrfOnWrites()
    {
        SimClient client(*m_sim);
        client.setAuthorization(QString());
        QUrlQuery login;
        login.addQueryItem(QStringLiteral("username"), QStringLiteral("root@pam"));
        login.addQueryItem(QStringLiteral("password"), QStringLiteral("wrong"));
        QCOMPARE(client.post(QStringLiteral("/access/ticket"), login).status, 401);
        login.clear();
        login.addQueryItem(QStringLiteral("username"), QStringLiteral("root@pam"));
        login.addQueryItem(QStringLiteral("password"), PveSimulator::password());
        const auto ticket = client.post(QStringLiteral("/access/ticket"), login);
        QCOMPARE(ticket.status, 200);
        const QJsonObject data = ticket.data().toObject();
        QVERIFY(data.value(QStringLiteral("ticket"))
                    .toString()
                    .startsWith(QStringLiteral("PVE:root@pam:")));
        const QString csrf = data.value(QStringLiteral("CSRFPreventionToken")).toString();
        QVERIFY(QRegularExpression(QStringLiteral("^[A-F0-9]{8}:\\S+$")).match(csrf).hasMatch());

        client.setHeader(
            "Cookie", "PVEAuthCookie=" +
                          QUrl::toPercentEncoding(data.value(QStringLiteral("ticket")).toString()));
        QCOMPARE(client.get(QStringLiteral("/nodes")).status, 200);
        const auto refused = client.post(QStringLiteral("/nodes/pve2/qemu/201/status/start"));
        QCOMPARE(refused.status, 401);
        QCOMPARE(refused.message(), QStringLiteral("Permission denied - invalid csrf token\n"));
        client.setHeader("CSRFPreventionToken", csrf.toLatin1());
        const auto accepted = client.post(QStringLiteral("/nodes/pve2/qemu/201/status/start"));
        QCOMPARE(accepted.status, 200);
        QVERIFY(accepted.data().toString().endsWith(QStringLiteral(":qmstart:201:root@pam:")));
    }

    void errorBodies_data()
    {
        QTest::addColumn<QByteArray>("verb");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("errorParam");
        QTest::addColumn<QString>("errorText");
        QTest::newRow("unknown parameter")
            << QByteArray("GET") << QStringLiteral("/nodes/pve1/qemu/100/status/current")
            << QStringLiteral("bogus=1") << 400
            << QStringLiteral("Parameter verification failed.\n") << QStringLiteral("bogus")
            << QStringLiteral("property is not defined in schema and the schema does not allow "
                              "additional properties");
        QTest::newRow("invalid integer")
            << QByteArray("GET") << QStringLiteral("/nodes/pve1/tasks") << QStringLiteral("limit=x")
            << 400 << QStringLiteral("Parameter verification failed.\n") << QStringLiteral("limit")
            << QStringLiteral("type check ('integer') failed - got 'x'");
        QTest::newRow("missing parameter")
            << QByteArray("POST") << QStringLiteral("/nodes/pve1/qemu/100/clone") << QString()
            << 400 << QStringLiteral("Parameter verification failed.\n") << QStringLiteral("newid")
            << QStringLiteral("property is missing and it is not optional");
        QTest::newRow("vmid taken")
            << QByteArray("GET") << QStringLiteral("/cluster/nextid") << QStringLiteral("vmid=100")
            << 400 << QStringLiteral("Parameter verification failed.\n") << QStringLiteral("vmid")
            << QStringLiteral("VM 100 already exists");
        QTest::newRow("no config")
            << QByteArray("GET") << QStringLiteral("/nodes/pve1/qemu/999/config") << QString()
            << 500
            << QStringLiteral(
                   "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist\n")
            << QString() << QString();
        QTest::newRow("not implemented")
            << QByteArray("GET") << QStringLiteral("/foo") << QString() << 501
            << QStringLiteral("Method 'GET /foo' not implemented") << QString() << QString();
        QTest::newRow("unknown node")
            << QByteArray("GET") << QStringLiteral("/nodes/nope/status") << QString() << 500
            << QStringLiteral("hostname lookup 'nope' failed - failed to get address info for: "
                              "nope: Name or service not known\n")
            << QString() << QString();
    }
    void errorBodies()
    {
        QFETCH(QByteArray, verb);
        QFETCH(QString, path);
        QFETCH(QString, query);
        QFETCH(int, status);
        QFETCH(QString, message);
        QFETCH(QString, errorParam);
        QFETCH(QString, errorText);
        SimClient client(*m_sim);
        const auto response = client.send(verb, path, QUrlQuery(query), {}, {});
        QCOMPARE(response.status, status);
        QCOMPARE(response.message(), message);
        QCOMPARE(QString::fromUtf8(response.reason), message.trimmed());
        QVERIFY(response.body.contains(QStringLiteral("data")));
        QVERIFY(response.data().isNull());
        if (!errorParam.isEmpty())
            QCOMPARE(response.body.value(QStringLiteral("errors"))
                         .toObject()
                         .value(errorParam)
                         .toString(),
                     errorText);
    }

    void legacyErrorsOnlyInReasonPhrase()
    {
        PveSimulator::Options options;
        options.legacyErrors = true;
        PveSimulator legacy(options);
        QVERIFY(legacy.start().ok());
        SimClient client(legacy);
        const auto response = client.get(QStringLiteral("/nodes/pve1/qemu/999/status/current"));
        QCOMPARE(response.status, 500);
        QVERIFY(!response.body.contains(QStringLiteral("message")));
        QCOMPARE(response.reason,
                 QByteArray("Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist"));
    }

    void restrictedTokenGets403()
    {
        const QString secret = m_sim->state().createRestrictedToken(
            QStringLiteral("root@pam"), QStringLiteral("ro"),
            {{QStringLiteral("/vms/100"), {QStringLiteral("VM.Audit")}}});
        SimClient client(*m_sim);
        client.setAuthorization(QStringLiteral("PVEAPIToken=root@pam!ro=") + secret);
        QCOMPARE(client.get(QStringLiteral("/nodes/pve1/qemu/100/status/current")).status, 200);
        const auto denied = client.post(QStringLiteral("/nodes/pve1/qemu/101/status/stop"));
        QCOMPARE(denied.status, 403);
        QCOMPARE(denied.message(),
                 QStringLiteral("Permission check failed (/vms/101, VM.PowerMgmt)\n"));
        const auto list = client.get(QStringLiteral("/nodes/pve1/qemu"));
        QCOMPARE(list.data().toArray().size(), 1);
        const auto perms = client.get(QStringLiteral("/access/permissions")).data().toObject();
        QCOMPARE(perms.keys(), QStringList{QStringLiteral("/vms/100")});
    }

    void startTaskRunsThenVmRuns()
    {
        SimClient client(*m_sim);
        const auto started = client.post(QStringLiteral("/nodes/pve1/lxc/103/status/start"));
        QCOMPARE(started.status, 200);
        const QString upid = started.data().toString();
        QVERIFY(
            QRegularExpression(
                QStringLiteral(
                    "^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:vzstart:103:root@pam!mcp:$"))
                .match(upid)
                .hasMatch());
        const auto running = client.get(QStringLiteral("/nodes/pve1/tasks/%1/status").arg(upid));
        QCOMPARE(running.data().toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("running"));
        QVERIFY(!running.data().toObject().contains(QStringLiteral("exitstatus")));
        const QJsonObject done = waitForTask(client, QStringLiteral("pve1"), upid);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("stopped"));
        QCOMPARE(done.value(QStringLiteral("exitstatus")).toString(), QStringLiteral("OK"));
        QCOMPARE(done.value(QStringLiteral("user")).toString(), QStringLiteral("root@pam"));
        QCOMPARE(done.value(QStringLiteral("tokenid")).toString(), QStringLiteral("mcp"));
        QCOMPARE(taskLog(client, QStringLiteral("pve1"), upid).last(), QStringLiteral("TASK OK"));
        const auto status = client.get(QStringLiteral("/nodes/pve1/lxc/103/status/current"));
        QCOMPARE(status.data().toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("running"));
    }

    void startingRunningVmFailsInTask()
    {
        SimClient client(*m_sim);
        const auto started = client.post(QStringLiteral("/nodes/pve1/qemu/100/status/start"));
        QCOMPARE(started.status, 200);
        const QString upid = QString::fromLatin1(
            QUrl::toPercentEncoding(started.data().toString())); // encoded in the path
        const QJsonObject done = waitForTask(client, QStringLiteral("pve1"), upid);
        QCOMPARE(done.value(QStringLiteral("exitstatus")).toString(),
                 QStringLiteral("VM 100 already running"));
        QCOMPARE(taskLog(client, QStringLiteral("pve1"), upid).last(),
                 QStringLiteral("TASK ERROR: VM 100 already running"));
        const auto failed = client.get(QStringLiteral("/nodes/pve1/tasks"),
                                       QUrlQuery(QStringLiteral("errors=1&vmid=100")));
        QCOMPARE(
            failed.data().toArray().first().toObject().value(QStringLiteral("status")).toString(),
            QStringLiteral("VM 100 already running"));
        QVERIFY(failed.body.contains(QStringLiteral("total")));
    }

    void deletingTaskInterruptsIt()
    {
        SimClient client(*m_sim);
        const QString upid =
            client.post(QStringLiteral("/nodes/pve2/qemu/203/status/start")).data().toString();
        QCOMPARE(client.del(QStringLiteral("/nodes/pve2/tasks/") + upid).status, 200);
        const QJsonObject done = waitForTask(client, QStringLiteral("pve2"), upid);
        QCOMPARE(done.value(QStringLiteral("exitstatus")).toString(),
                 QStringLiteral("interrupted by signal"));
        QVERIFY(!m_sim->state().guest(203)->running);
    }

    void snapshotListEndsWithCurrent()
    {
        SimClient client(*m_sim);
        QUrlQuery form(QStringLiteral("snapname=fresh&description=test"));
        const QString upid =
            client.post(QStringLiteral("/nodes/pve1/qemu/100/snapshot"), form).data().toString();
        QCOMPARE(waitForTask(client, QStringLiteral("pve1"), upid)
                     .value(QStringLiteral("exitstatus"))
                     .toString(),
                 QStringLiteral("OK"));
        const QJsonArray list =
            client.get(QStringLiteral("/nodes/pve1/qemu/100/snapshot")).data().toArray();
        const QJsonObject current = list.last().toObject();
        QCOMPARE(current.value(QStringLiteral("name")).toString(), QStringLiteral("current"));
        QCOMPARE(current.value(QStringLiteral("description")).toString(),
                 QStringLiteral("You are here!"));
        QCOMPARE(current.value(QStringLiteral("parent")).toString(), QStringLiteral("fresh"));
        QCOMPARE(list.size(), 4);
    }

    void quirkyTypes()
    {
        SimClient client(*m_sim);
        QVERIFY(client.get(QStringLiteral("/cluster/nextid")).data().isString());
        const QJsonArray lxc = client.get(QStringLiteral("/nodes/pve1/lxc")).data().toArray();
        QVERIFY(!lxc.isEmpty());
        QVERIFY(lxc.first().toObject().value(QStringLiteral("vmid")).isString());
        const QJsonArray qemu = client.get(QStringLiteral("/nodes/pve1/qemu")).data().toArray();
        QVERIFY(qemu.first().toObject().value(QStringLiteral("vmid")).isDouble());
    }

    void vzdumpCreatesBackupVolume()
    {
        SimClient client(*m_sim);
        QUrlQuery form(QStringLiteral("vmid=100&storage=local&mode=snapshot&compress=zstd"));
        const auto response = client.post(QStringLiteral("/nodes/pve1/vzdump"), form);
        QCOMPARE(response.status, 200);
        QCOMPARE(m_sim->state().guest(100)->lock(), QStringLiteral("backup"));
        const QJsonObject done =
            waitForTask(client, QStringLiteral("pve1"), response.data().toString());
        QCOMPARE(done.value(QStringLiteral("exitstatus")).toString(), QStringLiteral("OK"));
        QVERIFY(m_sim->state().guest(100)->lock().isEmpty());
        const QJsonArray content = client
                                       .get(QStringLiteral("/nodes/pve1/storage/local/content"),
                                            QUrlQuery(QStringLiteral("content=backup&vmid=100")))
                                       .data()
                                       .toArray();
        QCOMPARE(content.size(), 1);
        QVERIFY(QRegularExpression(
                    QStringLiteral(
                        "^local:backup/"
                        "vzdump-qemu-100-\\d{4}_\\d\\d_\\d\\d-\\d\\d_\\d\\d_\\d\\d\\.vma\\.zst$"))
                    .match(content.first().toObject().value(QStringLiteral("volid")).toString())
                    .hasMatch());
    }

    void deleteRefusesProtectedVm()
    {
        SimClient client(*m_sim);
        const auto response = client.del(QStringLiteral("/nodes/pve1/qemu/101"));
        QCOMPARE(response.status, 500);
        QCOMPARE(response.message(),
                 QStringLiteral("can't remove VM 101 - protection mode enabled\n"));
        QVERIFY(m_sim->state().guest(101));
    }

    void jsonBodyAndConfigUpdate()
    {
        SimClient client(*m_sim);
        const QString digest = client.get(QStringLiteral("/nodes/pve1/qemu/100/config"))
                                   .data()
                                   .toObject()
                                   .value(QStringLiteral("digest"))
                                   .toString();
        QCOMPARE(client
                     .send("PUT", QStringLiteral("/nodes/pve1/qemu/100/config"), {},
                           QByteArray("memory=6144&delete=numa&digest=") + digest.toLatin1(),
                           "application/x-www-form-urlencoded")
                     .status,
                 200);
        const QJsonObject config =
            client.get(QStringLiteral("/nodes/pve1/qemu/100/config")).data().toObject();
        QCOMPARE(config.value(QStringLiteral("memory")).toInt(), 6144);
        QVERIFY(!config.contains(QStringLiteral("numa")));
        const auto stale = client.send("PUT", QStringLiteral("/nodes/pve1/qemu/100/config"), {},
                                       QByteArray("cores=4&digest=") + digest.toLatin1(),
                                       "application/x-www-form-urlencoded");
        QCOMPARE(stale.status, 500);
        const auto created =
            client.postJson(QStringLiteral("/nodes/pve1/qemu"),
                            {{QStringLiteral("vmid"), 500},
                             {QStringLiteral("name"), QStringLiteral("json-vm")},
                             {QStringLiteral("scsi0"), QStringLiteral("local-lvm:16")}});
        QCOMPARE(created.status, 200);
        QCOMPARE(waitForTask(client, QStringLiteral("pve1"), created.data().toString())
                     .value(QStringLiteral("exitstatus"))
                     .toString(),
                 QStringLiteral("OK"));
        QCOMPARE(m_sim->state().guest(500)->config.value(QStringLiteral("scsi0")).toString(),
                 QStringLiteral("local-lvm:vm-500-disk-0,size=16G"));
    }

    void nodeDownGives595()
    {
        SimClient client(*m_sim);
        m_sim->setNodeDown(QStringLiteral("pve2"), true);
        QCOMPARE(client.get(QStringLiteral("/nodes/pve2/qemu/200/status/current")).status, 595);
        QCOMPARE(client.get(QStringLiteral("/nodes/pve1/status")).status, 200);
        const QJsonArray nodes = client.get(QStringLiteral("/nodes")).data().toArray();
        QCOMPARE(nodes.at(1).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("offline"));
        m_sim->setNodeDown(QStringLiteral("pve2"), false);
        QCOMPARE(client.get(QStringLiteral("/nodes/pve2/status")).status, 200);
    }

    void failNextAndLatency()
    {
        SimClient client(*m_sim);
        m_sim->failNext(QStringLiteral("/cluster"), 503, 2);
        QCOMPARE(client.get(QStringLiteral("/cluster/status")).status, 503);
        QCOMPARE(client.get(QStringLiteral("/cluster/resources")).status, 503);
        QCOMPARE(client.get(QStringLiteral("/cluster/status")).status, 200);
        m_sim->setLatencyMs(200);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(client.get(QStringLiteral("/version")).status, 200);
        QVERIFY(timer.elapsed() >= 190);
    }

    void clusterViews()
    {
        SimClient client(*m_sim);
        const QJsonArray status = client.get(QStringLiteral("/cluster/status")).data().toArray();
        QCOMPARE(status.first().toObject().value(QStringLiteral("type")).toString(),
                 QStringLiteral("cluster"));
        QCOMPARE(status.first().toObject().value(QStringLiteral("quorate")).toInt(), 1);
        QCOMPARE(status.size(), 4);
        const QJsonArray vms =
            client.get(QStringLiteral("/cluster/resources"), QUrlQuery(QStringLiteral("type=vm")))
                .data()
                .toArray();
        QCOMPARE(vms.size(), 12);
        QCOMPARE(client.get(QStringLiteral("/cluster/backup")).data().toArray().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestPveSimulator)
#include "TestPveSimulator.moc"
