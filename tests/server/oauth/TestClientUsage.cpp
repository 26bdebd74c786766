#include "server/oauth/ClientUsage.h"

#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

class TestClientUsage final : public QObject {
    Q_OBJECT
private slots:
    void countsAndFlushesForTheCli();
};

void TestClientUsage::countsAndFlushesForTheCli()
{
    QTemporaryDir dir;
    const QDateTime t1(QDate(2026, 12, 4), QTime(10, 0), Qt::UTC);
    ClientUsage usage(dir.path());
    usage.load();
    QVERIFY(!usage.isDirty());
    usage.seen(QStringLiteral("demo"), t1);
    usage.called(QStringLiteral("demo"), t1.addSecs(5));
    usage.called(QStringLiteral("demo"), t1.addSecs(9));
    QCOMPARE(usage.of(QStringLiteral("demo")).calls, 2);
    QCOMPARE(usage.of(QStringLiteral("demo")).lastUsed, t1.addSecs(9));
    QVERIFY(ClientUsage::readFile(dir.path()).isEmpty()); // not yet written
    QVERIFY(usage.flush().ok());
    QVERIFY(!usage.isDirty());
    const auto read = ClientUsage::readFile(dir.path());
    QCOMPARE(read.value(QStringLiteral("demo")).calls, 2);
    QCOMPARE(read.value(QStringLiteral("demo")).lastUsed, t1.addSecs(9));
    // A restarted daemon goes on counting.
    ClientUsage again(dir.path());
    again.load();
    again.called(QStringLiteral("demo"), t1.addSecs(20));
    QCOMPARE(again.of(QStringLiteral("demo")).calls, 3);
}

QTEST_GUILESS_MAIN(TestClientUsage)
#include "TestClientUsage.moc"
