#include "server/backup/BackupReader.h"

#include "BackupTestTools.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

class TestBackupReader final : public QObject {
    Q_OBJECT
private slots:
    void readsEveryEntryInOrder()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.tar.gz"));
        QVERIFY(test::writeArchive(path, {{QStringLiteral("one"), "1"},
                                          {QStringLiteral("two/2"), QByteArray(100000, 'x')},
                                          {QStringLiteral("empty"), QByteArray()}}));
        QStringList names;
        QList<qsizetype> sizes;
        QList<int> percents;
        const auto read = BackupReader::read(
            path,
            [&](const QString &name, const QByteArray &content) {
                names.append(name);
                sizes.append(content.size());
                return Result<void>();
            },
            [&percents](int percent) { percents.append(percent); });
        QVERIFY(read.ok());
        QCOMPARE(names, QStringList({QStringLiteral("one"), QStringLiteral("two/2"),
                                     QStringLiteral("empty")}));
        QCOMPARE(sizes, QList<qsizetype>({1, 100000, 0}));
        QVERIFY(!percents.isEmpty());
    }

    void aVisitorErrorStopsAndNamesTheEntry()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.tar.gz"));
        QVERIFY(
            test::writeArchive(path, {{QStringLiteral("one"), "1"}, {QStringLiteral("two"), "2"}}));
        int visits = 0;
        BackupReader::Failure failure;
        const auto read = BackupReader::read(
            path,
            [&visits](const QString &, const QByteArray &) -> Result<void> {
                ++visits;
                return Error::invalid(QStringLiteral("refused"));
            },
            &failure);
        QVERIFY(!read.ok());
        QCOMPARE(visits, 1);
        QCOMPARE(failure.entry, QStringLiteral("one"));
        QCOMPARE(failure.reason, QStringLiteral("refused"));
    }

    void aCutArchiveIsAnErrorNamingWhereItFailed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.tar.gz"));
        QByteArray random;
        for (int i = 0; i < 200000; ++i)
            random.append(char(QRandomGenerator::global()->bounded(256)));
        QVERIFY(test::writeArchive(path, {{QStringLiteral("small"), "s"},
                                          {QStringLiteral("big"), random},
                                          {QStringLiteral("last"), "l"}}));
        const QByteArray whole = test::readAll(path);
        QVERIFY(test::writeAll(path, whole.left(whole.size() / 2)));
        BackupReader::Failure failure;
        const auto read = BackupReader::read(
            path, [](const QString &, const QByteArray &) { return Result<void>(); }, &failure);
        QVERIFY(!read.ok());
        QCOMPARE(failure.entry, QStringLiteral("big"));
    }

    void notAnArchiveIsAnError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.tar.gz"));
        QVERIFY(test::writeAll(path, "this is text, not an archive\n"));
        const auto read = BackupReader::read(
            path, [](const QString &, const QByteArray &) { return Result<void>(); });
        QVERIFY(!read.ok());
        const auto missing =
            BackupReader::read(dir.filePath(QStringLiteral("none")),
                               [](const QString &, const QByteArray &) { return Result<void>(); });
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.contains(QStringLiteral("is not a file")));
    }
};

QTEST_GUILESS_MAIN(TestBackupReader)
#include "TestBackupReader.moc"
