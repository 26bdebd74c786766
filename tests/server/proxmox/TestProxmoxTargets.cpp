#include "server/proxmox/ProxmoxTargets.h"

#include "shared/config/Config.h"
#include "server/proxmox/ProxmoxClient.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

const QString tokenSecret = s("5f0c2a9e-8c4f-4a8e-9b1e-2c3d4e5f6a7b");

Config configFrom(const QByteArray &text)
{
    const auto file = EnvFile::parse(text);
    if (!file)
        qFatal("test file does not parse");
    return Config::fromSources(file.value(), {});
}

} // namespace

class TestProxmoxTargets : public QObject {
    Q_OBJECT

private slots:
    void defaultTargetComesFromTheProxmoxKeys()
    {
        const Config config =
            configFrom("PROXMOX_HOST=pve1.example.com, pve2.example.com\nPROXMOX_PORT=8443\n"
                       "PROXMOX_USER=mcp@pve\nPROXMOX_TOKEN_NAME=claude\nPROXMOX_TOKEN_VALUE=" +
                       tokenSecret.toLatin1() + "\nPROXMOX_FINGERPRINT=" + QByteArray(64, 'a') +
                       "\nPROXMOX_TIMEOUT_S=12\nPROXMOX_MAX_CONNECTIONS=40\n"
                       "PROXMOX_COALESCE_READS=false\n");
        const Result<ProxmoxTargets> targets = ProxmoxTargets::fromConfig(config);
        QVERIFY2(targets, targets ? "" : qPrintable(targets.error().message));
        QCOMPARE(targets.value().names(), QStringList({s("default")}));
        ProxmoxClient *client = targets.value().client();
        QVERIFY(client);
        QCOMPARE(targets.value().client(s("default")), client);
        const ProxmoxTarget &t = client->target();
        QCOMPARE(t.hosts, QStringList({s("pve1.example.com"), s("pve2.example.com")}));
        QCOMPARE(t.port, quint16(8443));
        QCOMPARE(t.user, s("mcp@pve"));
        QCOMPARE(t.tokenName, s("claude"));
        QCOMPARE(t.tokenSecret, tokenSecret);
        QVERIFY(t.verifyTls);
        QCOMPARE(t.timeoutMs, 12000);
        QCOMPARE(t.maxConnections, 40);
        QVERIFY(!t.coalesceReads);
        QCOMPARE(client->managerCount(), 7); // six connections per access manager
        QCOMPARE(client->currentHost(), s("pve1.example.com"));
    }

    void targetsFileAddsNamedTargets()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(s("targets.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"targets":[
            {"name":"lab","hosts":["10.0.0.1","10.0.0.2"],"port":8006,"user":"root@pam",
             "password":"lab-secret","verify_ssl":false,"timeout_s":5},
            {"name":"prod","hosts":["pve.prod"],"user":"mcp@pve","token_name":"mcp",
             "token_value":"5f0c2a9e-8c4f-4a8e-9b1e-2c3d4e5f6a7b","ca_file":"/etc/ca.pem"}]})");
        file.close();
        const Config config =
            configFrom("PROXMOX_HOST=pve.local\nPROXMOX_TOKEN_NAME=a\n"
                       "PROXMOX_TOKEN_VALUE=" +
                       tokenSecret.toLatin1() + "\nPROXMOX_TARGETS_FILE=" + path.toUtf8() +
                       "\nPROXMOX_MAX_CONNECTIONS=8\n");
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(s("TLS verification is off for "
                                                                "Proxmox target lab")));
        const Result<ProxmoxTargets> targets = ProxmoxTargets::fromConfig(config);
        QVERIFY2(targets, targets ? "" : qPrintable(targets.error().message));
        QCOMPARE(targets.value().names(), QStringList({s("default"), s("lab"), s("prod")}));
        const ProxmoxTarget &lab = targets.value().client(s("lab"))->target();
        QCOMPARE(lab.hosts, QStringList({s("10.0.0.1"), s("10.0.0.2")}));
        QCOMPARE(lab.password, s("lab-secret"));
        QVERIFY(!lab.usesToken());
        QVERIFY(!lab.verifyTls);
        QCOMPARE(lab.timeoutMs, 5000);
        QVERIFY(targets.value().client(s("lab"))->isInsecure());
        const ProxmoxTarget &prod = targets.value().client(s("prod"))->target();
        QVERIFY(prod.usesToken());
        QCOMPARE(prod.caFile, s("/etc/ca.pem"));
        QCOMPARE(prod.port, quint16(8006));
        // The connection settings of the configuration apply to every target.
        QCOMPARE(prod.maxConnections, 8);
        QCOMPARE(lab.maxConnections, 8);
        QVERIFY(prod.coalesceReads);
    }

    void unknownTargetNamesTheKnownOnes()
    {
        ProxmoxTarget a;
        a.name = s("a");
        a.hosts = {s("pve")};
        const Result<ProxmoxTargets> targets = ProxmoxTargets::fromTargets({a});
        QVERIFY(targets);
        QString why;
        QVERIFY(!targets.value().client(s("b"), &why));
        QCOMPARE(why, s("unknown Proxmox target b; known targets: a"));
        QVERIFY(!ProxmoxTargets().client({}, &why));
        QVERIFY(why.contains(s("no Proxmox target is configured")));
    }

    void badTargetsFiles_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("problem");

        QTest::newRow("not json") << QByteArray("{") << s("not a JSON object");
        QTest::newRow("no list") << QByteArray(R"({"x":1})") << s("no \"targets\" list");
        QTest::newRow("no name") << QByteArray(R"({"targets":[{"hosts":["a"]}]})")
                                 << s("target #1 has no name");
        QTest::newRow("no hosts") << QByteArray(R"({"targets":[{"name":"x","password":"p"}]})")
                                  << s("target x has no hosts");
        QTest::newRow("no credentials") << QByteArray(R"({"targets":[{"name":"x","hosts":["a"]}]})")
                                        << s("needs token_name and token_value, or password");
        QTest::newRow("token without secret")
            << QByteArray(R"({"targets":[{"name":"x","hosts":["a"],"token_name":"t"}]})")
            << s("token_name and token_value go together");
        QTest::newRow("bad port")
            << QByteArray(
                   R"({"targets":[{"name":"x","hosts":["a"],"password":"hunter2","port":0}]})")
            << s("port must be 1-65535");
    }

    void badTargetsFiles()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, problem);
        const auto parsed = ProxmoxTargets::parseTargetsFile(json);
        QVERIFY(!parsed);
        QVERIFY2(parsed.error().message.contains(problem), qPrintable(parsed.error().message));
        QVERIFY(!parsed.error().message.contains(s("hunter2")));
    }

    void duplicateNamesAreRefused()
    {
        ProxmoxTarget a;
        a.name = s("same");
        a.hosts = {s("pve")};
        const auto targets = ProxmoxTargets::fromTargets({a, a});
        QVERIFY(!targets);
        QVERIFY(targets.error().message.contains(s("two targets are named same")));
    }
};

QTEST_MAIN(TestProxmoxTargets)
#include "TestProxmoxTargets.moc"
