#include "server/backup/BackupSchedule.h"

#include "shared/config/ConfigSchema.h"

#include <QTest>

using namespace pmcp;

class TestBackupSchedule final : public QObject {
    Q_OBJECT
private slots:
    // The configuration's check (shared/config) and the parser agree on every row.
    void parsesWhatTheConfigurationAccepts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("described");
        QTest::newRow("daily") << "daily 02:00" << true << "daily at 02:00";
        QTest::newRow("case and space") << "  Daily 23:59 " << true << "daily at 23:59";
        QTest::newRow("weekly") << "weekly sun 04:30" << true << "weekly on Sunday at 04:30";
        QTest::newRow("hour 24") << "daily 24:00" << false << "";
        QTest::newRow("no time") << "daily" << false << "";
        QTest::newRow("cron") << "0 2 * * *" << false << "";
        QTest::newRow("bad day") << "weekly someday 02:00" << false << "";
        QTest::newRow("one digit") << "daily 2:00" << false << "";
    }

    void parsesWhatTheConfigurationAccepts()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QString, described);
        const auto schedule = BackupSchedule::parse(text);
        QCOMPARE(schedule.ok(), valid);
        const ConfigSchema &schema = ConfigSchema::instance();
        QCOMPARE(schema.validate(schema.setting(ConfigKey::BackupSchedule), text).isEmpty(), valid);
        if (valid)
            QCOMPARE(schedule.value().describe(), described);
        else
            QVERIFY(schedule.error().message.contains(QStringLiteral("daily HH:MM")));
    }

    void findsTheNextAndTheLastRun_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<QDateTime>("next");
        QTest::addColumn<QDateTime>("last");
        const QDate friday(2026, 12, 4);
        auto at = [](QDate date, int h, int m) { return QDateTime(date, QTime(h, m)); };
        QTest::newRow("before today's run") << "daily 02:00" << at(friday, 1, 59)
                                            << at(friday, 2, 0) << at(friday.addDays(-1), 2, 0);
        QTest::newRow("exactly at it")
            << "daily 02:00" << at(friday, 2, 0) << at(friday.addDays(1), 2, 0) << at(friday, 2, 0);
        QTest::newRow("after it") << "daily 02:00" << at(friday, 9, 0)
                                  << at(friday.addDays(1), 2, 0) << at(friday, 2, 0);
        QTest::newRow("weekly, later this week")
            << "weekly sun 03:00" << at(friday, 9, 0) << at(friday.addDays(2), 3, 0)
            << at(friday.addDays(-5), 3, 0);
        QTest::newRow("weekly, today later") << "weekly fri 10:00" << at(friday, 9, 0)
                                             << at(friday, 10, 0) << at(friday.addDays(-7), 10, 0);
    }

    void findsTheNextAndTheLastRun()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, now);
        QFETCH(QDateTime, next);
        QFETCH(QDateTime, last);
        const auto schedule = BackupSchedule::parse(text);
        QVERIFY(schedule.ok());
        QCOMPARE(schedule.value().nextAfter(now), next);
        QCOMPARE(schedule.value().lastDueAt(now), last);
    }
};

QTEST_GUILESS_MAIN(TestBackupSchedule)
#include "TestBackupSchedule.moc"
