#include "server/simulator/SimRouter.h"

#include <QtTest>

using namespace pmcp;

// SimRouter: path matching with {param} segments and validation against the embedded schema.
class TestSimRouter final : public QObject {
    Q_OBJECT

private slots:
    void matchesPaths_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("param");
        QTest::addColumn<QString>("value");
        QTest::newRow("literal wins over parameter")
            << QStringLiteral("/nodes/pve1/qemu/100/status/current")
            << QStringLiteral("GET /nodes/{node}/qemu/{vmid}/status/current")
            << QStringLiteral("vmid") << QStringLiteral("100");
        QTest::newRow("volume keeps its slash")
            << QStringLiteral("/nodes/pve1/storage/local/content/local:iso/a.iso")
            << QStringLiteral("GET /nodes/{node}/storage/{storage}/content/{volume}")
            << QStringLiteral("volume") << QStringLiteral("local:iso/a.iso");
        QTest::newRow("no match") << QStringLiteral("/nodes/pve1/qemu/100/nothing") << QString()
                                  << QString() << QString();
    }
    void matchesPaths()
    {
        QFETCH(QString, path);
        QFETCH(QString, key);
        QFETCH(QString, param);
        QFETCH(QString, value);
        SimRouter router;
        const SimRouter::Handler none = [](SimCall &) { return SimResult::ok(); };
        router.add("GET", QStringLiteral("/nodes/{node}/qemu/{vmid}/status/current"), none);
        router.add("GET", QStringLiteral("/nodes/{node}/qemu/{vmid}/{other}/current"), none);
        router.add("GET", QStringLiteral("/nodes/{node}/storage/{storage}/content/{volume}"), none);
        const auto match = router.match("GET", path);
        QCOMPARE(match.has_value(), !key.isEmpty());
        if (match) {
            QCOMPARE(match->key, key);
            QCOMPARE(match->pathParams.value(param), value);
        }
    }

    void validates_data()
    {
        QTest::addColumn<QString>("param");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("error");
        QTest::newRow("enum") << QStringLiteral("mode") << QStringLiteral("fast")
                              << QStringLiteral("value 'fast' does not have a value in the "
                                                "enumeration 'snapshot, suspend, stop'");
        QTest::newRow("boolean") << QStringLiteral("remove") << QStringLiteral("maybe")
                                 << QStringLiteral("type check ('boolean') failed - got 'maybe'");
        QTest::newRow("maximum") << QStringLiteral("ionice") << QStringLiteral("9")
                                 << QStringLiteral("value must have a maximum value of 8");
        QTest::newRow("valid") << QStringLiteral("compress") << QStringLiteral("zstd") << QString();
    }
    void validates()
    {
        QFETCH(QString, param);
        QFETCH(QString, value);
        QFETCH(QString, error);
        SimRouter router;
        QVERIFY(router.hasSchema(QStringLiteral("POST /nodes/{node}/vzdump")));
        const QJsonObject errors =
            router.validate(QStringLiteral("POST /nodes/{node}/vzdump"),
                            {{QStringLiteral("node"), QStringLiteral("pve1")}, {param, value}});
        QCOMPARE(errors.value(param).toString(), error);
    }

    void indexedParametersAreKnown()
    {
        SimRouter router;
        const QJsonObject errors =
            router.validate(QStringLiteral("PUT /nodes/{node}/qemu/{vmid}/config"),
                            {{QStringLiteral("node"), QStringLiteral("pve1")},
                             {QStringLiteral("vmid"), QStringLiteral("100")},
                             {QStringLiteral("net1"), QStringLiteral("virtio,bridge=vmbr0")}});
        QVERIFY(errors.isEmpty());
    }

    void permissionFromSchema()
    {
        SimRouter router;
        const auto perm =
            router.permission(QStringLiteral("POST /nodes/{node}/qemu/{vmid}/status/start"),
                              {{QStringLiteral("vmid"), QStringLiteral("101")}});
        QVERIFY(perm.has_value());
        QCOMPARE(perm->first, QStringLiteral("/vms/101"));
        QCOMPARE(perm->second, QStringLiteral("VM.PowerMgmt"));
        QVERIFY(!router.allowsToken(QStringLiteral("POST /access/ticket")));
    }
};

QTEST_GUILESS_MAIN(TestSimRouter)
#include "TestSimRouter.moc"
