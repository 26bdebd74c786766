#include "server/audit/AuditRetention.h"

#include <QTest>

using namespace pmcp;

class TestAuditRetention final : public QObject {
    Q_OBJECT

private slots:
    void keepsEverythingByDefault();
    void removesTheOldestUntilUnderTheSize();
    void removesFilesOlderThanTheDays();
    void neverTheNewestFile();
    void onlyAPrefix();
};

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 12, 4), QTime(12, 0), Qt::UTC);

QList<AuditRetention::File> files(const QList<std::pair<qint64, int>> &sizesAndAges)
{
    QList<AuditRetention::File> out;
    int index = 1;
    for (const auto &[bytes, days] : sizesAndAges)
        out.append({index++, bytes, kNow.addDays(-days)});
    return out;
}

} // namespace

void TestAuditRetention::keepsEverythingByDefault()
{
    const AuditRetention retention;
    QVERIFY(retention.keepsEverything());
    QVERIFY(retention.filesToRemove(files({{1'000'000, 900}, {1'000'000, 800}, {1, 0}}), kNow)
                .isEmpty());
}

void TestAuditRetention::removesTheOldestUntilUnderTheSize()
{
    const AuditRetention retention(2500, 0);
    // 4000 bytes in all: the first two go (then 2000 <= 2500).
    QCOMPARE(retention.filesToRemove(files({{1000, 0}, {1000, 0}, {1000, 0}, {1000, 0}}), kNow),
             (QList<int>{1, 2}));
    QVERIFY(retention.filesToRemove(files({{1000, 0}, {1000, 0}}), kNow).isEmpty());
}

void TestAuditRetention::removesFilesOlderThanTheDays()
{
    const AuditRetention retention(0, 30);
    QCOMPARE(retention.filesToRemove(files({{10, 60}, {10, 31}, {10, 29}, {10, 0}}), kNow),
             (QList<int>{1, 2}));
}

void TestAuditRetention::neverTheNewestFile()
{
    const AuditRetention retention(1, 1);
    QCOMPARE(retention.filesToRemove(files({{1000, 90}, {1000, 90}}), kNow), (QList<int>{1}));
    QVERIFY(retention.filesToRemove(files({{1000, 90}}), kNow).isEmpty());
}

void TestAuditRetention::onlyAPrefix()
{
    // A newer file in between stops the age rule: the chain stays one piece.
    const AuditRetention retention(0, 30);
    QCOMPARE(retention.filesToRemove(files({{10, 60}, {10, 5}, {10, 60}, {10, 0}}), kNow),
             (QList<int>{1}));
}

QTEST_GUILESS_MAIN(TestAuditRetention)
#include "TestAuditRetention.moc"
