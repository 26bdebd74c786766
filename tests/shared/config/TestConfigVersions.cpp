#include "shared/config/ConfigVersions.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

class TestConfigVersions final : public QObject {
    Q_OBJECT
private slots:
    void numbersUpwardsWithWhatMadeEach();
    void keepsTheNewestOnly();
    void aVersionWithoutMetadataStillLists();
    void aMissingVersionSaysWhichAreKept();
};

void TestConfigVersions::numbersUpwardsWithWhatMadeEach()
{
    QTemporaryDir dir;
    ConfigVersions versions(dir.path());
    QCOMPARE(versions.latest(), 0);
    QCOMPARE(versions.directory(), dir.path() + QStringLiteral("/config-versions"));
    ConfigVersion first;
    first.action = QStringLiteral("original");
    QCOMPARE(versions.add("A=1\n", first).value().number, 1);
    ConfigVersion second;
    second.action = QStringLiteral("rollback");
    second.by = QStringLiteral("admin:desk");
    second.keys = {QStringLiteral("A")};
    second.rolledBackTo = 1;
    const auto added = versions.add("A=2\n", second);
    QVERIFY(added.ok());
    QCOMPARE(added.value().number, 2);
    QVERIFY(QFile::exists(versions.directory() + QStringLiteral("/000002.env")));

    const QList<ConfigVersion> listed = versions.list();
    QCOMPARE(listed.size(), 2);
    QCOMPARE(listed[1].action, QStringLiteral("rollback"));
    QCOMPARE(listed[1].by, QStringLiteral("admin:desk"));
    QCOMPARE(listed[1].keys, QStringList{QStringLiteral("A")});
    QCOMPARE(listed[1].rolledBackTo, 1);
    QVERIFY(listed[1].time.isValid());
    QCOMPARE(listed[1].toJson()[QLatin1String("version")].toString(), QStringLiteral("2"));
    QCOMPARE(listed[1].toJson()[QLatin1String("rolledBackTo")].toString(), QStringLiteral("1"));
    QCOMPARE(versions.content(2).value(), QByteArray("A=2\n"));
    QCOMPARE(versions.latest(), 2);
}

void TestConfigVersions::keepsTheNewestOnly()
{
    QTemporaryDir dir;
    ConfigVersions versions(dir.path());
    for (int i = 1; i <= ConfigVersions::kMaxKept + 3; ++i)
        QVERIFY(versions.add("A=" + QByteArray::number(i) + '\n', {}).ok());
    const QList<ConfigVersion> listed = versions.list();
    QCOMPARE(listed.size(), ConfigVersions::kMaxKept);
    QCOMPARE(listed.first().number, 4);
    QCOMPARE(listed.last().number, ConfigVersions::kMaxKept + 3);
    QVERIFY(!QFile::exists(versions.directory() + QStringLiteral("/000003.json")));
    // Numbers keep rising after old versions went.
    QCOMPARE(versions.add("B=1\n", {}).value().number, ConfigVersions::kMaxKept + 4);
}

void TestConfigVersions::aVersionWithoutMetadataStillLists()
{
    QTemporaryDir dir;
    ConfigVersions versions(dir.path());
    QVERIFY(versions.add("A=1\n", {}).ok());
    QVERIFY(QFile::remove(versions.directory() + QStringLiteral("/000001.json")));
    // Files that are not versions are ignored.
    QFile stray(versions.directory() + QStringLiteral("/notes.env"));
    QVERIFY(stray.open(QIODevice::WriteOnly));
    stray.close();
    const QList<ConfigVersion> listed = versions.list();
    QCOMPARE(listed.size(), 1);
    QCOMPARE(listed[0].number, 1);
    QVERIFY(listed[0].time.isValid());
    QVERIFY(listed[0].action.isEmpty());
}

void TestConfigVersions::aMissingVersionSaysWhichAreKept()
{
    QTemporaryDir dir;
    ConfigVersions versions(dir.path());
    QVERIFY(versions.content(1).error().message.contains(u"no configuration version is kept"));
    QVERIFY(versions.add("A=1\n", {}).ok());
    QVERIFY(versions.add("A=2\n", {}).ok());
    const auto missing = versions.content(5);
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
    QVERIFY2(missing.error().message.contains(u"the kept versions are 1 to 2"),
             qPrintable(missing.error().message));
    QVERIFY(!versions.content(0).ok());
}

QTEST_GUILESS_MAIN(TestConfigVersions)
#include "TestConfigVersions.moc"
