#include "server/simulator/SimContainerShell.h"

#include <QTest>

using namespace pmcp;

namespace {

QString operator""_s(const char *text, std::size_t size)
{
    return QString::fromUtf8(text, qsizetype(size));
}

const QJsonObject kConfig{{"hostname"_s, "dns-01"_s}, {"memory"_s, 512}};
const QJsonObject kStatus{{"status"_s, "running"_s},          {"uptime"_s, 3 * 86400 + 3600 * 2},
                          {"maxmem"_s, 512LL * 1024 * 1024},  {"mem"_s, 128LL * 1024 * 1024},
                          {"maxdisk"_s, 8LL << 30},           {"disk"_s, 2LL << 30},
                          {"maxswap"_s, 512LL * 1024 * 1024}, {"swap"_s, 0}};

} // namespace

class TestSimContainerShell final : public QObject {
    Q_OBJECT

private slots:
    void programs_data();
    void programs();
    void unknownProgramIsNamed();
    void missingFileIsAnError();
};

void TestSimContainerShell::programs_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QByteArray>("contains");
    QTest::newRow("hostname") << QStringList{"hostname"_s} << QByteArray("dns-01\n");
    QTest::newRow("cat hostname") << QStringList{"cat"_s, "/etc/hostname"_s}
                                  << QByteArray("dns-01\n");
    QTest::newRow("os-release") << QStringList{"cat"_s, "/etc/os-release"_s}
                                << QByteArray("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"");
    QTest::newRow("uname -a") << QStringList{"/usr/bin/uname"_s, "-a"_s}
                              << QByteArray("Linux dns-01 6.8.12-15-pve");
    QTest::newRow("uptime") << QStringList{"uptime"_s} << QByteArray("up 3 days,  2:00");
    QTest::newRow("df -h") << QStringList{"df"_s, "-h"_s}
                           << QByteArray("/dev/mapper/pve-vm--102--disk--0");
    QTest::newRow("df size") << QStringList{"df"_s, "-h"_s} << QByteArray("8.0G");
    QTest::newRow("free -m") << QStringList{"free"_s, "-m"_s} << QByteArray("Mem:             512");
    QTest::newRow("ps") << QStringList{"ps"_s} << QByteArray("systemd");
    QTest::newRow("echo") << QStringList{"echo"_s, "a"_s, "b"_s} << QByteArray("a b\n");
}

void TestSimContainerShell::programs()
{
    QFETCH(QStringList, words);
    QFETCH(QByteArray, contains);
    const auto result = SimContainerShell::run(words, 102, kConfig, kStatus);
    QCOMPARE(result.exitStatus, 0);
    QVERIFY2(result.out.contains(contains), result.out.constData());
    QVERIFY(result.err.isEmpty());
}

void TestSimContainerShell::unknownProgramIsNamed()
{
    const auto result = SimContainerShell::run({"apt-get"_s, "upgrade"_s}, 102, kConfig, kStatus);
    QCOMPARE(result.exitStatus, 127);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.err.contains("the simulated container runs") &&
                 result.err.contains("not apt-get"),
             result.err.constData());
}

void TestSimContainerShell::missingFileIsAnError()
{
    const auto result = SimContainerShell::run({"cat"_s, "/etc/shadow"_s}, 102, kConfig, kStatus);
    QCOMPARE(result.exitStatus, 1);
    QVERIFY2(result.err.startsWith("cat: /etc/shadow: not in the simulated container"),
             result.err.constData());
}

QTEST_GUILESS_MAIN(TestSimContainerShell)
#include "TestSimContainerShell.moc"
