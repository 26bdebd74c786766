#include "server/app/DailyHealthReport.h"

#include <QJsonArray>
#include <QTest>

using namespace pmcp;

using Status = DailyCheck::Status;

class TestDailyHealthReport final : public QObject {
    Q_OBJECT
private slots:
    void theWorstVerdictIsTheExitStatus_data()
    {
        QTest::addColumn<QList<int>>("statuses");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("summary");
        QTest::newRow("nothing") << QList<int>{} << 0 << "OK: 0 ok, 0 warning, 0 failed";
        QTest::newRow("all ok") << QList<int>{0, 0} << 0 << "OK: 2 ok, 0 warning, 0 failed";
        QTest::newRow("a warning")
            << QList<int>{0, 1, 0} << 1 << "WARNING: 2 ok, 1 warning, 0 failed";
        QTest::newRow("a failure first")
            << QList<int>{2, 1, 0} << 2 << "FAILED: 1 ok, 1 warning, 1 failed";
    }

    void theWorstVerdictIsTheExitStatus()
    {
        QFETCH(QList<int>, statuses);
        QFETCH(int, exitCode);
        QFETCH(QString, summary);
        DailyHealthReport report;
        for (int i = 0; i < statuses.size(); ++i)
            report.add({QStringLiteral("check%1").arg(i), Status(statuses.at(i)),
                        QStringLiteral("sentence %1").arg(i)});
        QCOMPARE(report.exitCode(), exitCode);
        QVERIFY2(report.text().endsWith(summary + QLatin1Char('\n')), qPrintable(report.text()));
        QCOMPARE(report.json()[QLatin1String("status")].toString(),
                 DailyCheck::statusName(Status(exitCode)));
    }

    void eachCheckIsOneLineWithItsSentence()
    {
        DailyHealthReport report;
        report.add({QStringLiteral("backup"), Status::Warning, QStringLiteral("no backup yet")});
        report.add({QStringLiteral("disk"), Status::Ok, QStringLiteral("plenty free")});
        const QStringList lines = report.text().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0).simplified(), QStringLiteral("warning backup no backup yet"));
        QCOMPARE(lines.at(1).simplified(), QStringLiteral("ok disk plenty free"));
        const QJsonArray checks = report.json()[QLatin1String("checks")].toArray();
        QCOMPARE(checks.size(), 2);
        QCOMPARE(checks.at(0)[QLatin1String("name")].toString(), QStringLiteral("backup"));
        QCOMPARE(checks.at(0)[QLatin1String("status")].toString(), QStringLiteral("warning"));
        QCOMPARE(checks.at(0)[QLatin1String("sentence")].toString(),
                 QStringLiteral("no backup yet"));
    }
};

QTEST_GUILESS_MAIN(TestDailyHealthReport)
#include "TestDailyHealthReport.moc"
