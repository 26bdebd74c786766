#include "server/proxmox/ApiSchema.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QJsonObject params(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

} // namespace

class TestApiSchema : public QObject {
    Q_OBJECT

private slots:
    void embedsTheWholeSchema()
    {
        const ApiSchema &schema = ApiSchema::instance();
        QCOMPARE(schema.pathCount(), 449);
        const ApiMethod *ticket = schema.find(s("/access/ticket"), s("POST"));
        QVERIFY(ticket);
        QVERIFY(!ticket->allowToken);
        QVERIFY(schema.find(s("/nodes/{node}/qemu/{vmid}/status/start"), s("POST"))->allowToken);
    }

    void resolvesPaths_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("templatePath"); // "" = an error
        QTest::addColumn<QString>("params");       // k=v,... of the path, or the error fragment

        QTest::newRow("start vm") << s("POST") << s("/nodes/pve1/qemu/100/status/start")
                                  << s("/nodes/{node}/qemu/{vmid}/status/start")
                                  << s("node=pve1,vmid=100");
        QTest::newRow("lower-case method")
            << s("get") << s("/nodes/pve1/qemu/100/status/current")
            << s("/nodes/{node}/qemu/{vmid}/status/current") << s("node=pve1,vmid=100");
        QTest::newRow("task status with upid")
            << s("GET")
            << s("/nodes/pve1/tasks/UPID:pve1:000FF1FD:10F9374C:630D702C:qmstart:100:root@pam:/"
                 "status")
            << s("/nodes/{node}/tasks/{upid}/status")
            << s("node=pve1,upid=UPID:pve1:000FF1FD:10F9374C:630D702C:qmstart:100:root@pam:");
        QTest::newRow("literal wins over placeholder")
            << s("GET") << s("/cluster/resources") << s("/cluster/resources") << QString();
        QTest::newRow("trailing slash") << s("GET") << s("/version/") << s("/version") << QString();
        QTest::newRow("typo suggests the closest")
            << s("POST") << s("/nodes/pve1/qemu/100/status/strat") << QString()
            << s("closest are: /nodes/{node}/qemu/{vmid}/status/start");
        QTest::newRow("unknown root")
            << s("GET") << s("/nodez/pve1/status") << QString() << s("/nodes/{node}/status");
        QTest::newRow("wrong method lists the allowed ones")
            << s("GET") << s("/nodes/pve1/qemu/100/status/start") << QString()
            << s("allowed methods: POST");
    }

    void resolvesPaths()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(QString, templatePath);
        QFETCH(QString, params);
        const Result<ResolvedPath> resolved = ApiSchema::instance().resolve(method, path);
        if (templatePath.isEmpty()) {
            QVERIFY(!resolved);
            QCOMPARE(resolved.error().code, ErrorCode::InvalidArgument);
            QVERIFY2(resolved.error().message.contains(params),
                     qPrintable(resolved.error().message));
            return;
        }
        QVERIFY2(resolved, resolved ? "" : qPrintable(resolved.error().message));
        QCOMPARE(resolved.value().templatePath, templatePath);
        QCOMPARE(resolved.value().method, method.toUpper());
        QStringList pairs;
        for (auto it = resolved.value().pathParams.cbegin();
             it != resolved.value().pathParams.cend(); ++it)
            pairs.append(it.key() + u'=' + it.value());
        QCOMPARE(pairs.join(u','), params);
    }

    void suggestsThreePaths()
    {
        const QStringList closest =
            ApiSchema::instance().closestPaths(s("/nodes/pve1/lxc/100/snapshots"));
        QCOMPARE(closest.size(), 3);
        QCOMPARE(closest.first(), s("/nodes/{node}/lxc/{vmid}/snapshot"));
    }

    void validatesParams_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QJsonObject>("params");
        QTest::addColumn<QString>("problem"); // "" = valid

        const QString start = s("/nodes/pve1/qemu/100/status/start");
        const QString config = s("/nodes/pve1/qemu/100/config");
        QTest::newRow("no params") << s("POST") << start << QJsonObject() << QString();
        QTest::newRow("valid typed params")
            << s("POST") << start << params(R"({"skiplock": true, "timeout": 30})") << QString();
        QTest::newRow("boolean as 0/1 string")
            << s("POST") << start << params(R"({"skiplock": "1"})") << QString();
        QTest::newRow("indexed names")
            << s("PUT") << config << params(R"({"net0": "virtio,bridge=vmbr0", "cores": 2})")
            << QString();
        QTest::newRow("unknown name lists the allowed")
            << s("POST") << start << params(R"({"force": 1})")
            << s("unknown parameter(s) force (allowed: ");
        QTest::newRow("integer expected") << s("POST") << start << params(R"({"timeout": "soon"})")
                                          << s("parameter timeout must be an integer");
        QTest::newRow("boolean expected") << s("POST") << start << params(R"({"skiplock": 2})")
                                          << s("parameter skiplock must be a boolean");
        QTest::newRow("enum") << s("POST") << start << params(R"({"migration_type": "fast"})")
                              << s("must be one of secure, insecure");
        QTest::newRow("missing required")
            << s("POST") << s("/nodes/pve1/qemu/100/clone") << QJsonObject()
            << s("missing required parameter(s) newid");
        QTest::newRow("below minimum") << s("POST") << s("/nodes/pve1/qemu/100/clone")
                                       << params(R"({"newid": 5})") << s("must be at least 100");
        QTest::newRow("conflicts with the path")
            << s("POST") << start << params(R"({"vmid": 101})") << s("conflicts with the path");
        QTest::newRow("same as the path")
            << s("POST") << start << params(R"({"vmid": 100})") << QString();
        QTest::newRow("unknown path")
            << s("GET") << s("/nope") << QJsonObject() << s("is not a Proxmox API path");
    }

    void validatesParams()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(QJsonObject, params);
        QFETCH(QString, problem);
        const Result<void> result = ApiSchema::instance().validateParams(method, path, params);
        if (problem.isEmpty()) {
            QVERIFY2(result, result ? "" : qPrintable(result.error().message));
            return;
        }
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(result.error().message.contains(problem), qPrintable(result.error().message));
    }

    void rejectsAMalformedSchema()
    {
        QVERIFY(!ApiSchema::fromJson("not json"));
        QVERIFY(!ApiSchema::fromJson(R"({"paths": []})"));
    }

    // The committed compact schema is what the generator makes of the reference apidoc.json.
    void embeddedSchemaMatchesTheGenerator()
    {
        const QString source = qEnvironmentVariable("PMCP_SOURCE_DIR");
        if (source.isEmpty())
            QSKIP("PMCP_SOURCE_DIR is not set (run through ctest)");
        const QString apidoc = QDir(source).filePath(s("../shared/pve-api/apidoc.json"));
        if (!QFile::exists(apidoc))
            QSKIP("the reference apidoc.json is not available");
        const QString python = QStandardPaths::findExecutable(s("python3"));
        if (python.isEmpty())
            QSKIP("python3 not found");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString output = dir.filePath(s("compact.json"));
        QProcess generator;
        generator.start(
            python, {QDir(source).filePath(s("server/proxmox/schema/generate_compact_schema.py")),
                     apidoc, output});
        QVERIFY(generator.waitForFinished(60000));
        QCOMPARE(generator.exitCode(), 0);
        QFile generated(output);
        QFile committed(QDir(source).filePath(s("server/proxmox/schema/pve-api-compact.json")));
        QFile embedded(s(":/proxmox/pve-api-compact.json"));
        QVERIFY(generated.open(QIODevice::ReadOnly));
        QVERIFY(committed.open(QIODevice::ReadOnly));
        QVERIFY(embedded.open(QIODevice::ReadOnly));
        const QByteArray expected = generated.readAll();
        QVERIFY(committed.readAll() == expected);
        QVERIFY(embedded.readAll() == expected);
    }

    // proxmox_api paths: exactly one schema path, nothing that could leave a segment.
    void checkPath_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("result"); // the canonical path, or a fragment of the error
        QTest::addColumn<bool>("ok");
        QTest::newRow("plain") << s("GET") << s("/nodes/pve1/qemu/100/config")
                               << s("/nodes/pve1/qemu/100/config") << true;
        QTest::newRow("api prefix, trailing slash")
            << s("GET") << s("/api2/json/nodes/pve1/qemu/100/config/")
            << s("/nodes/pve1/qemu/100/config") << true;
        QTest::newRow("no leading slash")
            << s("GET") << s("nodes/pve1/status") << s("/nodes/pve1/status") << true;
        QTest::newRow("encoded letters are decoded once")
            << s("DELETE") << s("/access/users/root%40pam") << s("/access/users/root@pam") << true;
        QTest::newRow("volume keeps its encoded slash")
            << s("DELETE") << s("/nodes/pve1/storage/local/content/local:backup%2Fvzdump.vma.zst")
            << s("/nodes/pve1/storage/local/content/local:backup%2Fvzdump.vma.zst") << true;
        QTest::newRow("dot dot") << s("GET") << s("/nodes/pve1/../../access/users")
                                 << s("\"..\" segment") << false;
        QTest::newRow("encoded dot dot")
            << s("GET") << s("/nodes/%2e%2e/access/users") << s("\"..\" segment") << false;
        QTest::newRow("dot") << s("GET") << s("/nodes/./pve1/status") << s("\".\" segment")
                             << false;
        QTest::newRow("double slash")
            << s("GET") << s("/nodes//pve1/status") << s("\"//\"") << false;
        QTest::newRow("query") << s("GET") << s("/nodes/pve1/tasks?limit=5") << s("query") << false;
        QTest::newRow("fragment") << s("GET") << s("/nodes/pve1/status#x") << s("fragment")
                                  << false;
        QTest::newRow("encoded slash in node")
            << s("GET") << s("/nodes/..%2F..%2Faccess/status") << s("node") << false;
        QTest::newRow("encoded slash elsewhere")
            << s("GET") << s("/nodes/pve1%2Fqemu/status") << s("encoded \"/\"") << false;
        QTest::newRow("bad node name")
            << s("GET") << s("/nodes/pve_1/status") << s("node name") << false;
        QTest::newRow("bad vmid") << s("GET") << s("/nodes/pve1/qemu/1x/config") << s("guest id")
                                  << false;
        QTest::newRow("bad snapshot name")
            << s("DELETE") << s("/nodes/pve1/qemu/100/snapshot/a%20b") << s("space") << false;
        QTest::newRow("control character")
            << s("GET") << s("/nodes/pve1%00/status") << s("control") << false;
        QTest::newRow("twice encoded")
            << s("GET") << s("/nodes/pve1%252F/status") << s("twice") << false;
        QTest::newRow("unknown path") << s("GET") << s("/nodes/pve1/qemu/100/stauts")
                                      << s("/nodes/{node}/qemu/{vmid}/status") << false;
    }

    void checkPath()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(QString, result);
        QFETCH(bool, ok);
        const Result<QString> checked = ApiSchema::instance().checkPath(method, path);
        QCOMPARE(checked.ok(), ok);
        if (ok)
            QCOMPARE(checked.value(), result);
        else
            QVERIFY2(checked.error().message.contains(result), qPrintable(checked.error().message));
    }
};

QTEST_MAIN(TestApiSchema)
#include "TestApiSchema.moc"
