#include "shared/core/AtomicFile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

class TestAtomicFile final : public QObject {
    Q_OBJECT
private slots:
    void writesContentWithOwnerOnlyPermissions()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/secret.json"));
        QVERIFY(AtomicFile::write(path, "one").ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("one"));
        QCOMPARE(file.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions{});
    }

    void replacesExistingContentWhole()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("f"));
        QVERIFY(AtomicFile::write(path, QByteArray(10000, 'a')).ok());
        QVERIFY(AtomicFile::write(path, "short").ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("short"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1); // no temporary left behind
    }

    void reportsUnwritablePath()
    {
        const auto result = AtomicFile::write(QStringLiteral("/proc/version/x"), "x");
        QVERIFY(!result.ok());
        QVERIFY(result.error().message.contains(QStringLiteral("/proc/version")));
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "TestAtomicFile.moc"
