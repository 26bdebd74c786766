#include "server/ops/HealthReport.h"

#include "shared/core/Version.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace pmcp;

class TestHealthReport final : public QObject {
    Q_OBJECT

private slots:
    void overallStatus_data();
    void overallStatus();
    void probesRunInOrderEachTime();
    void buildShape();
    void detailsOnlyWhenDetailed_data();
    void detailsOnlyWhenDetailed();
    void emptyDetailIsOmitted();
};

void TestHealthReport::overallStatus_data()
{
    QTest::addColumn<QStringList>("statuses");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no checks") << QStringList{} << QStringLiteral("healthy");
    QTest::newRow("all ok") << QStringList{QStringLiteral("ok"), QStringLiteral("ok")}
                            << QStringLiteral("healthy");
    QTest::newRow("disabled counts as healthy")
        << QStringList{QStringLiteral("ok"), QStringLiteral("disabled")}
        << QStringLiteral("healthy");
    QTest::newRow("one warn") << QStringList{QStringLiteral("ok"), QStringLiteral("warn")}
                              << QStringLiteral("degraded");
    QTest::newRow("one fail") << QStringList{QStringLiteral("ok"), QStringLiteral("fail")}
                              << QStringLiteral("unhealthy");
    QTest::newRow("fail beats earlier warn")
        << QStringList{QStringLiteral("warn"), QStringLiteral("fail")}
        << QStringLiteral("unhealthy");
    QTest::newRow("fail beats later warn")
        << QStringList{QStringLiteral("fail"), QStringLiteral("warn")}
        << QStringLiteral("unhealthy");
}

void TestHealthReport::overallStatus()
{
    QFETCH(QStringList, statuses);
    QFETCH(QString, expected);
    QList<HealthCheck> checks;
    for (const QString &status : statuses)
        checks.append({QStringLiteral("c%1").arg(checks.size()), status, QString()});
    QCOMPARE(HealthReport::overall(checks), expected);
}

void TestHealthReport::probesRunInOrderEachTime()
{
    HealthReport report;
    int calls = 0;
    report.addProbe([&calls] {
        ++calls;
        return HealthCheck{QStringLiteral("first"), QStringLiteral("ok"), {}};
    });
    report.addProbe([&calls] {
        return HealthCheck{QStringLiteral("second"),
                           calls > 1 ? QStringLiteral("fail") : QStringLiteral("ok"),
                           {}};
    });
    const auto first = report.run();
    QCOMPARE(first.size(), 2);
    QCOMPARE(first[0].name, QStringLiteral("first"));
    QCOMPARE(first[1].name, QStringLiteral("second"));
    QCOMPARE(first[1].status, QStringLiteral("ok"));
    // Probes are evaluated on every build, not cached.
    const QJsonObject second = report.build(false, 0);
    QCOMPARE(calls, 2);
    QCOMPARE(second[QLatin1String("status")].toString(), QStringLiteral("unhealthy"));
}

void TestHealthReport::buildShape()
{
    HealthReport report;
    report.addProbe([] {
        return HealthCheck{QStringLiteral("state_dir"), QStringLiteral("ok"), QStringLiteral("/x")};
    });
    report.addProbe([] {
        return HealthCheck{QStringLiteral("clients"), QStringLiteral("warn"),
                           QStringLiteral("no client")};
    });
    const QJsonObject json = report.build(false, 42);
    QCOMPARE(json.keys(), (QStringList{QStringLiteral("checks"), QStringLiteral("status"),
                                       QStringLiteral("uptime_s"), QStringLiteral("version")}));
    QCOMPARE(json[QLatin1String("status")].toString(), QStringLiteral("degraded"));
    QCOMPARE(json[QLatin1String("version")].toString(), productVersion());
    QCOMPARE(json[QLatin1String("uptime_s")].toInteger(), 42);
    const QJsonObject checks = json[QLatin1String("checks")].toObject();
    QCOMPARE(checks.size(), 2);
    QCOMPARE(checks[QLatin1String("state_dir")][QLatin1String("status")].toString(),
             QStringLiteral("ok"));
    QCOMPARE(checks[QLatin1String("clients")][QLatin1String("status")].toString(),
             QStringLiteral("warn"));
}

void TestHealthReport::detailsOnlyWhenDetailed_data()
{
    QTest::addColumn<bool>("detailed");
    QTest::newRow("anonymous") << false;
    QTest::newRow("authenticated") << true;
}

void TestHealthReport::detailsOnlyWhenDetailed()
{
    QFETCH(bool, detailed);
    HealthReport report;
    report.addProbe([] {
        return HealthCheck{QStringLiteral("state_dir"), QStringLiteral("fail"),
                           QStringLiteral("/secret/path is not a writable folder")};
    });
    const QJsonObject json = report.build(detailed, 1);
    const QJsonObject check = json[QLatin1String("checks")][QLatin1String("state_dir")].toObject();
    QCOMPARE(check[QLatin1String("status")].toString(), QStringLiteral("fail"));
    QCOMPARE(check.contains(QLatin1String("detail")), detailed);
    if (detailed)
        QCOMPARE(check[QLatin1String("detail")].toString(),
                 QStringLiteral("/secret/path is not a writable folder"));
    // The anonymous form must not leak the detail anywhere.
    QCOMPARE(QJsonDocument(json).toJson().contains("/secret/path"), detailed);
}

void TestHealthReport::emptyDetailIsOmitted()
{
    HealthReport report;
    report.addProbe([] {
        return HealthCheck{QStringLiteral("ssh"), QStringLiteral("disabled"), {}};
    });
    const QJsonObject check =
        report.build(true, 0)[QLatin1String("checks")][QLatin1String("ssh")].toObject();
    QCOMPARE(check.keys(), QStringList{QStringLiteral("status")});
}

QTEST_GUILESS_MAIN(TestHealthReport)
#include "TestHealthReport.moc"
