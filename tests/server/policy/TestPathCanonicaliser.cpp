#include "server/policy/PathCanonicaliser.h"

#include <QTest>

using namespace pmcp;

class TestPathCanonicaliser final : public QObject {
    Q_OBJECT

private slots:
    void canonical_data();
    void canonical();
    void aliases_data();
    void aliases();
};

void TestPathCanonicaliser::canonical_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<bool>("relative");
    QTest::addColumn<bool>("unknown");
    QTest::newRow("plain") << QStringLiteral("/etc/pve") << QStringLiteral("/etc/pve") << false
                           << false;
    QTest::newRow("slashes and dots")
        << QStringLiteral("//etc/./pve//") << QStringLiteral("/etc/pve") << false << false;
    QTest::newRow("dot dot") << QStringLiteral("/etc/pve/../sudoers")
                             << QStringLiteral("/etc/sudoers") << false << false;
    QTest::newRow("above the root")
        << QStringLiteral("/../../etc") << QStringLiteral("/etc") << false << false;
    QTest::newRow("proc root") << QStringLiteral("/proc/1/root/etc/pve")
                               << QStringLiteral("/etc/pve") << false << false;
    QTest::newRow("proc self root twice") << QStringLiteral("/proc/self/root/proc/self/root/etc")
                                          << QStringLiteral("/etc") << false << false;
    QTest::newRow("proc root then up")
        << QStringLiteral("/proc/1/root/../etc") << QStringLiteral("/etc") << false << false;
    QTest::newRow("proc self cwd")
        << QStringLiteral("/proc/self/cwd/x") << QStringLiteral("x") << true << false;
    QTest::newRow("proc pid cwd") << QStringLiteral("/proc/42/cwd/x")
                                  << QStringLiteral("/proc/42/cwd/x") << false << true;
    QTest::newRow("proc fd") << QStringLiteral("/proc/self/fd/3")
                             << QStringLiteral("/proc/self/fd/3") << false << true;
    QTest::newRow("dev fd") << QStringLiteral("/dev/fd/3") << QStringLiteral("/dev/fd/3") << false
                            << true;
    QTest::newRow("proc file") << QStringLiteral("/proc/sys/kernel/core_pattern")
                               << QStringLiteral("/proc/sys/kernel/core_pattern") << false << false;
    QTest::newRow("relative") << QStringLiteral("./a/../b") << QStringLiteral("b") << true << false;
    QTest::newRow("relative climbing")
        << QStringLiteral("../../etc") << QStringLiteral("../etc") << true << false;
}

void TestPathCanonicaliser::canonical()
{
    QFETCH(QString, path);
    QFETCH(QString, canonical);
    QFETCH(bool, relative);
    QFETCH(bool, unknown);
    const PathCanonicaliser::Path out = PathCanonicaliser::canonical(path);
    QCOMPARE(out.path, canonical);
    QCOMPARE(out.relative, relative);
    QCOMPARE(out.unknown, unknown);
}

void TestPathCanonicaliser::aliases_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("aliases");
    QTest::newRow("lib") << QStringLiteral("/lib/systemd/system")
                         << QStringList{QStringLiteral("/lib/systemd/system"),
                                        QStringLiteral("/usr/lib/systemd/system")};
    QTest::newRow("usr lib") << QStringLiteral("/usr/lib/systemd")
                             << QStringList{QStringLiteral("/usr/lib/systemd"),
                                            QStringLiteral("/lib/systemd")};
    QTest::newRow("var run") << QStringLiteral("/var/run/systemd")
                             << QStringList{QStringLiteral("/var/run/systemd"),
                                            QStringLiteral("/run/systemd")};
    QTest::newRow("not a prefix") << QStringLiteral("/library")
                                  << QStringList{QStringLiteral("/library")};
}

void TestPathCanonicaliser::aliases()
{
    QFETCH(QString, path);
    QFETCH(QStringList, aliases);
    QCOMPARE(PathCanonicaliser::aliases(path), aliases);
}

QTEST_GUILESS_MAIN(TestPathCanonicaliser)
#include "TestPathCanonicaliser.moc"
