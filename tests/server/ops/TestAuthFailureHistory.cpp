#include "server/ops/AuthFailureHistory.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

// Refused tokens per hour over 24 h, in a file that outlives the daemon.
class TestAuthFailureHistory final : public QObject {
    Q_OBJECT
private slots:
    void countsTheLastDayOnly()
    {
        QTemporaryDir dir;
        QDateTime now(QDate(2026, 12, 8), QTime(10, 30), Qt::UTC);
        AuthFailureHistory history(dir.path(), [&now] { return now; });
        QCOMPARE(history.lastDay(), 0);
        QVERIFY(!history.dirty());
        history.record();
        history.record(4);
        QCOMPARE(history.lastDay(), 5);
        QVERIFY(history.dirty());
        now = now.addSecs(3600 * 10);
        history.record(2);
        QCOMPARE(history.lastDay(), 7);
        // 23 h after the first hour's end it still counts; one more hour and it is gone.
        now = QDateTime(QDate(2026, 12, 9), QTime(9, 59), Qt::UTC);
        QCOMPARE(history.lastDay(), 7);
        now = QDateTime(QDate(2026, 12, 9), QTime(10, 0), Qt::UTC);
        QCOMPARE(history.lastDay(), 2);
        history.record(0); // nothing
        QCOMPARE(history.lastDay(), 2);
    }

    void survivesARestart()
    {
        QTemporaryDir dir;
        const QDateTime now(QDate(2026, 12, 8), QTime(10, 30), Qt::UTC);
        const auto clock = [now] { return now; };
        {
            AuthFailureHistory history(dir.path(), clock);
            QVERIFY(history.load().ok()); // no file yet: empty
            history.record(3);
            QVERIFY(history.save().ok());
            QVERIFY(!history.dirty());
        }
        QFile file(dir.filePath(AuthFailureHistory::fileName()));
        QVERIFY(file.exists());
        QCOMPARE(file.permissions() & 0x0077, QFileDevice::Permissions());
        AuthFailureHistory again(dir.path(), clock);
        QVERIFY(again.load().ok());
        QCOMPARE(again.lastDay(), 3);
        again.record(1);
        QVERIFY(again.save().ok());
        AuthFailureHistory reader(dir.path(), [now] { return now.addSecs(3600 * 2); });
        QVERIFY(reader.load().ok());
        QCOMPARE(reader.lastDay(), 4);
    }

    void aDamagedFileIsReportedAndReplaced()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(AuthFailureHistory::fileName()));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[1, 2]");
        file.close();
        AuthFailureHistory history(dir.path());
        const auto loaded = history.load();
        QVERIFY(!loaded.ok());
        QVERIFY2(loaded.error().message.contains(QStringLiteral("\"hours\"")),
                 qPrintable(loaded.error().message));
        QCOMPARE(history.lastDay(), 0);
        history.record(2);
        QVERIFY(history.save().ok());
        AuthFailureHistory reread(dir.path());
        QVERIFY(reread.load().ok());
        QCOMPARE(reread.lastDay(), 2);
    }
};

QTEST_GUILESS_MAIN(TestAuthFailureHistory)
#include "TestAuthFailureHistory.moc"
