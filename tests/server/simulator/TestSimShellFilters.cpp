#include "server/simulator/SimShellFilters.h"

#include <QTest>

using namespace pmcp;

namespace {

QString operator""_s(const char *text, std::size_t size)
{
    return QString::fromUtf8(text, qsizetype(size));
}

const QByteArray kInput = "100 web-01 running\n"
                          "101 db-01 stopped\n"
                          "102 dns-01 running\n"
                          "9 Web-02 running\n";

} // namespace

class TestSimShellFilters final : public QObject {
    Q_OBJECT

private slots:
    void filters_data();
    void filters();
    void unknownProgramsAndOptionsAreNamed_data();
    void unknownProgramsAndOptionsAreNamed();
};

void TestSimShellFilters::filters_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("out");
    QTest::newRow("grep") << QStringList{"grep"_s, "web"_s} << 0
                          << QByteArray("100 web-01 running\n");
    QTest::newRow("grep -i") << QStringList{"grep"_s, "-i"_s, "web"_s} << 0
                             << QByteArray("100 web-01 running\n9 Web-02 running\n");
    QTest::newRow("grep -v -c") << QStringList{"grep"_s, "-vc"_s, "running"_s} << 0
                                << QByteArray("1\n");
    QTest::newRow("grep regex") << QStringList{"grep"_s, "-E"_s, "^10[12] "_s} << 0
                                << QByteArray("101 db-01 stopped\n102 dns-01 running\n");
    QTest::newRow("grep -F") << QStringList{"grep"_s, "-F"_s, "."_s} << 1 << QByteArray();
    QTest::newRow("grep no match") << QStringList{"grep"_s, "paused"_s} << 1 << QByteArray();
    QTest::newRow("head default") << QStringList{"head"_s} << 0 << kInput;
    QTest::newRow("head -n 1") << QStringList{"head"_s, "-n"_s, "1"_s} << 0
                               << QByteArray("100 web-01 running\n");
    QTest::newRow("head -2") << QStringList{"head"_s, "-2"_s} << 0
                             << QByteArray("100 web-01 running\n101 db-01 stopped\n");
    QTest::newRow("tail -n1") << QStringList{"tail"_s, "-n1"_s} << 0
                              << QByteArray("9 Web-02 running\n");
    QTest::newRow("wc -l") << QStringList{"wc"_s, "-l"_s} << 0 << QByteArray("4\n");
    QTest::newRow("wc") << QStringList{"wc"_s} << 0 << QByteArray("      4      12      73\n");
    QTest::newRow("sort") << QStringList{"sort"_s} << 0
                          << QByteArray("100 web-01 running\n101 db-01 stopped\n"
                                        "102 dns-01 running\n9 Web-02 running\n");
    QTest::newRow("sort -n") << QStringList{"sort"_s, "-n"_s} << 0
                             << QByteArray("9 Web-02 running\n100 web-01 running\n"
                                           "101 db-01 stopped\n102 dns-01 running\n");
    QTest::newRow("sort -rn") << QStringList{"sort"_s, "-rn"_s} << 0
                              << QByteArray("102 dns-01 running\n101 db-01 stopped\n"
                                            "100 web-01 running\n9 Web-02 running\n");
}

void TestSimShellFilters::filters()
{
    QFETCH(QStringList, words);
    QFETCH(int, status);
    QFETCH(QByteArray, out);
    QVERIFY(SimShellFilters::isFilter(words.first()));
    const auto result = SimShellFilters::run(words, kInput);
    QCOMPARE(result.out, out);
    QCOMPARE(result.exitStatus, status);
    QVERIFY2(result.err.isEmpty(), result.err.constData());
}

void TestSimShellFilters::unknownProgramsAndOptionsAreNamed_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QByteArray>("named");
    QTest::newRow("awk") << QStringList{"awk"_s, "{print $1}"_s} << QByteArray("not awk");
    QTest::newRow("grep -P") << QStringList{"grep"_s, "-P"_s, "x"_s} << QByteArray("not -P");
    QTest::newRow("grep file") << QStringList{"grep"_s, "x"_s, "/etc/passwd"_s}
                               << QByteArray("not files");
    QTest::newRow("head bad number")
        << QStringList{"head"_s, "-n"_s, "x"_s} << QByteArray("invalid number of lines: 'x'");
    QTest::newRow("wc -m") << QStringList{"wc"_s, "-m"_s} << QByteArray("not -m");
    QTest::newRow("sort -k") << QStringList{"sort"_s, "-k2"_s} << QByteArray("not -k");
}

void TestSimShellFilters::unknownProgramsAndOptionsAreNamed()
{
    QFETCH(QStringList, words);
    QFETCH(QByteArray, named);
    const auto result = SimShellFilters::run(words, kInput);
    QCOMPARE(result.exitStatus, 2);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.err.contains(named), result.err.constData());
}

QTEST_GUILESS_MAIN(TestSimShellFilters)
#include "TestSimShellFilters.moc"
