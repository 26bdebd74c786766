#include "server/audit/AuditAnchor.h"

#include "server/audit/AuditFormat.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

class TestAuditAnchor final : public QObject {
    Q_OBJECT

private slots:
    void roundTrips();
    void noFileIsNoAnchor();
    void anEditIsRefused();
    void anotherKeyIsRefused();
    void garbageIsRefused();
};

namespace {

const QByteArray kKey(32, 'k');

AuditAnchor sample()
{
    AuditAnchor anchor;
    anchor.firstFile = 7;
    anchor.seq = 1234;
    anchor.mac = QByteArray(64, 'a');
    return anchor;
}

} // namespace

void TestAuditAnchor::roundTrips()
{
    QTemporaryDir dir;
    QVERIFY(sample().write(dir.path(), kKey).ok());
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("anchor.json"))));
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                            QFileDevice::ReadOther | QFileDevice::WriteOther;
    QCOMPARE(QFile::permissions(AuditAnchor::pathIn(dir.path())) & others,
             QFileDevice::Permissions());
    const auto read = AuditAnchor::read(dir.path(), kKey);
    QVERIFY2(read.ok(), read.ok() ? "" : qPrintable(read.error().message));
    QVERIFY(read.value().has_value());
    QCOMPARE(read.value()->firstFile, 7);
    QCOMPARE(read.value()->seq, 1234);
    QCOMPARE(read.value()->mac, QByteArray(64, 'a'));
}

void TestAuditAnchor::noFileIsNoAnchor()
{
    QTemporaryDir dir;
    const auto read = AuditAnchor::read(dir.path(), kKey);
    QVERIFY(read.ok());
    QVERIFY(!read.value().has_value());
}

void TestAuditAnchor::anEditIsRefused()
{
    QTemporaryDir dir;
    QVERIFY(sample().write(dir.path(), kKey).ok());
    QFile file(AuditAnchor::pathIn(dir.path()));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray content = file.readAll();
    file.close();
    content.replace("audit-000007.jsonl", "audit-000009.jsonl");
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
    file.close();
    const auto read = AuditAnchor::read(dir.path(), kKey);
    QVERIFY(!read.ok());
    QVERIFY(read.error().message.contains(QLatin1String("altered")));
}

void TestAuditAnchor::anotherKeyIsRefused()
{
    QTemporaryDir dir;
    QVERIFY(sample().write(dir.path(), kKey).ok());
    QVERIFY(!AuditAnchor::read(dir.path(), QByteArray(32, 'x')).ok());
}

void TestAuditAnchor::garbageIsRefused()
{
    QTemporaryDir dir;
    QFile file(AuditAnchor::pathIn(dir.path()));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"first_file\":\"x\"}\n");
    file.close();
    const auto read = AuditAnchor::read(dir.path(), kKey);
    QVERIFY(!read.ok());
    QVERIFY(read.error().message.contains(QLatin1String("malformed")));
}

QTEST_GUILESS_MAIN(TestAuditAnchor)
#include "TestAuditAnchor.moc"
