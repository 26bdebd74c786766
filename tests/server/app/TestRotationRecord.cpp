#include "server/app/RotationRecord.h"

#include "shared/config/Config.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace pmcp;

class TestRotationRecord final : public QObject {
    Q_OBJECT

private slots:
    void keyNeverRotatedAgesFromItsFile();
    void rotatedKeyAgesFromTheRecord();
    void recordOfAnotherKeyIsIgnored();
    void tokenAgeIsUnknownUntilRotated();
    void checkReadsWhatWasRecorded();
    void checkNamesWhatItCannotRead_data();
    void checkNamesWhatItCannotRead();
    void ageDays_data();
    void ageDays();

private:
    Config config(const QTemporaryDir &dir, const QString &extra = {}) const;
};

Config TestRotationRecord::config(const QTemporaryDir &dir, const QString &extra) const
{
    QFile file(dir.filePath(QStringLiteral("proxmox-mcp.env")));
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(QStringLiteral("STATE_DIR=%1\nSSH_KEY_PATH=%2\nPROXMOX_USER=mcp@pve\n%3")
                       .arg(dir.path(), dir.filePath(QStringLiteral("id_ed25519")), extra)
                       .toUtf8());
    file.close();
    return Config::load(file.fileName(), QProcessEnvironment());
}

void TestRotationRecord::keyNeverRotatedAgesFromItsFile()
{
    QTemporaryDir dir;
    const Config settings = config(dir);
    QVERIFY(RotationRecord(dir.path()).sshKeyCreated(settings).isNull()); // no key file yet
    QFile key(dir.filePath(QStringLiteral("id_ed25519")));
    QVERIFY(key.open(QIODevice::WriteOnly));
    key.write("key");
    key.flush();
    const QDateTime past = QDateTime::currentDateTimeUtc().addDays(-100);
    QVERIFY(key.setFileTime(past, QFileDevice::FileModificationTime));
    key.close();
    QCOMPARE(RotationRecord::ageDays(RotationRecord(dir.path()).sshKeyCreated(settings),
                                     QDateTime::currentDateTimeUtc()),
             100);
    // Never rotated: no rotation time, only the file's.
    QVERIFY(RotationRecord(dir.path()).sshKeyRotated(settings).isNull());
}

void TestRotationRecord::rotatedKeyAgesFromTheRecord()
{
    QTemporaryDir dir;
    const Config settings = config(dir);
    QFile key(dir.filePath(QStringLiteral("id_ed25519")));
    QVERIFY(key.open(QIODevice::WriteOnly));
    key.close();
    const QDateTime when(QDate(2026, 9, 1), QTime(2, 0), Qt::UTC);
    QVERIFY(RotationRecord(dir.path()).recordSshKey(key.fileName(), when).ok());
    QCOMPARE(RotationRecord(dir.path()).sshKeyCreated(settings), when);
    QCOMPARE(RotationRecord(dir.path()).sshKeyRotated(settings), when);
    QCOMPARE(QFile(dir.filePath(RotationRecord::fileName())).permissions() & 0x0077,
             QFileDevice::Permissions());
}

void TestRotationRecord::recordOfAnotherKeyIsIgnored()
{
    QTemporaryDir dir;
    const Config settings = config(dir);
    QFile key(dir.filePath(QStringLiteral("id_ed25519")));
    QVERIFY(key.open(QIODevice::WriteOnly));
    key.close();
    const QDateTime when(QDate(2026, 9, 1), QTime(2, 0), Qt::UTC);
    QVERIFY(
        RotationRecord(dir.path()).recordSshKey(dir.filePath(QStringLiteral("other")), when).ok());
    QVERIFY(RotationRecord(dir.path()).sshKeyCreated(settings) != when);
    QVERIFY(RotationRecord(dir.path()).sshKeyRotated(settings).isNull());
}

void TestRotationRecord::tokenAgeIsUnknownUntilRotated()
{
    QTemporaryDir dir;
    const Config settings = config(dir, QStringLiteral("PROXMOX_TOKEN_NAME=mcp-2\n"));
    QVERIFY(RotationRecord(dir.path()).apiTokenCreated(settings).isNull());
    const QDateTime when(QDate(2026, 10, 1), QTime(3, 0), Qt::UTC);
    QVERIFY(RotationRecord(dir.path()).recordApiToken(QStringLiteral("mcp@pve!mcp-1"), when).ok());
    QVERIFY(RotationRecord(dir.path()).apiTokenCreated(settings).isNull());
    QVERIFY(RotationRecord(dir.path()).recordApiToken(QStringLiteral("mcp@pve!mcp-2"), when).ok());
    QCOMPARE(RotationRecord(dir.path()).apiTokenCreated(settings), when);
}

void TestRotationRecord::checkReadsWhatWasRecorded()
{
    QTemporaryDir dir;
    RotationRecord record(dir.path());
    QVERIFY(record.check().ok()); // nothing rotated yet
    QVERIFY(!QFile::exists(record.path()));
    QVERIFY(record
                .recordSshKey(dir.filePath(QStringLiteral("id_ed25519")),
                              QDateTime::currentDateTimeUtc())
                .ok());
    QVERIFY(
        record.recordApiToken(QStringLiteral("mcp@pve!mcp"), QDateTime::currentDateTimeUtc()).ok());
    const auto checked = record.check();
    QVERIFY2(checked.ok(), qPrintable(checked.ok() ? QString() : checked.error().message));
}

void TestRotationRecord::checkNamesWhatItCannotRead_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("named");
    QTest::newRow("not JSON") << QByteArray("{\"sshKey\": ") << QStringLiteral("not a JSON object");
    QTest::newRow("an array") << QByteArray("[]") << QStringLiteral("not a JSON object");
    QTest::newRow("no id") << QByteArray("{\"sshKey\": {\"created\": \"2026-01-01T00:00:00Z\"}}")
                           << QStringLiteral("\"sshKey\" lacks an id");
    QTest::newRow("bad time")
        << QByteArray("{\"apiToken\": {\"id\": \"a@pve!b\", \"created\": \"yesterday\"}}")
        << QStringLiteral("\"apiToken\" lacks an id or an ISO creation time");
}

void TestRotationRecord::checkNamesWhatItCannotRead()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, named);
    QTemporaryDir dir;
    RotationRecord record(dir.path());
    QFile file(record.path());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    const auto checked = record.check();
    QVERIFY(!checked.ok());
    QVERIFY2(checked.error().message.startsWith(record.path()),
             qPrintable(checked.error().message));
    QVERIFY2(checked.error().message.contains(named), qPrintable(checked.error().message));
}

void TestRotationRecord::ageDays_data()
{
    QTest::addColumn<int>("secondsAgo");
    QTest::addColumn<int>("days");
    QTest::newRow("just now") << 0 << 0;
    QTest::newRow("almost a day") << 86399 << 0;
    QTest::newRow("a day") << 86400 << 1;
    QTest::newRow("a quarter") << 90 * 86400 + 5 << 90;
}

void TestRotationRecord::ageDays()
{
    QFETCH(int, secondsAgo);
    QFETCH(int, days);
    const QDateTime now(QDate(2026, 12, 7), QTime(12, 0), Qt::UTC);
    QCOMPARE(RotationRecord::ageDays(now.addSecs(-secondsAgo), now), days);
    QCOMPARE(RotationRecord::ageDays(QDateTime(), now), -1);
}

QTEST_GUILESS_MAIN(TestRotationRecord)
#include "TestRotationRecord.moc"
