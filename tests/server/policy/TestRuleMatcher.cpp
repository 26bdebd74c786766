#include "server/policy/RuleMatcher.h"

#include <QTest>

using namespace pmcp;

class TestRuleMatcher final : public QObject {
    Q_OBJECT

private slots:
    void glob_data();
    void glob();
    void patterns_data();
    void patterns();
    void programs_data();
    void programs();
    void rules_data();
    void rules();
    void dynamicArguments();
};

namespace {

QList<CommandWord> argv(const QStringList &words, int dynamicIndex = -1, int globIndex = -1)
{
    QList<CommandWord> out;
    for (qsizetype i = 0; i < words.size(); ++i)
        out.append({words.at(i), i == dynamicIndex, false, i == globIndex});
    return out;
}

} // namespace

void TestRuleMatcher::glob_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("matches");
    QTest::newRow("literal") << QStringLiteral("/etc") << QStringLiteral("/etc") << true;
    QTest::newRow("star") << QStringLiteral("/etc/*") << QStringLiteral("/etc/hosts") << true;
    QTest::newRow("star stops at slash")
        << QStringLiteral("/etc/*") << QStringLiteral("/etc/a/b") << false;
    QTest::newRow("double star crosses")
        << QStringLiteral("/etc/**") << QStringLiteral("/etc/a/b") << true;
    QTest::newRow("question") << QStringLiteral("/dev/sd?") << QStringLiteral("/dev/sda") << true;
    QTest::newRow("class") << QStringLiteral("[rR]m") << QStringLiteral("Rm") << true;
    QTest::newRow("negated class") << QStringLiteral("[!r]m") << QStringLiteral("rm") << false;
    QTest::newRow("range") << QStringLiteral("x[0-9]") << QStringLiteral("x7") << true;
    QTest::newRow("literal star class") << QStringLiteral("/[*]") << QStringLiteral("/*") << true;
    QTest::newRow("literal star class no")
        << QStringLiteral("/[*]") << QStringLiteral("/etc") << false;
    QTest::newRow("prefix mismatch") << QStringLiteral("mkfs.*") << QStringLiteral("mkfs") << false;
    QTest::newRow("many stars") << QStringLiteral("*a*a*a*a*a*a*a*b")
                                << QStringLiteral("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") << false;
}

void TestRuleMatcher::glob()
{
    QFETCH(QString, pattern);
    QFETCH(QString, text);
    QFETCH(bool, matches);
    QCOMPARE(RuleMatcher::glob(pattern, text), matches);
}

void TestRuleMatcher::patterns_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("matches");
    QTest::newRow("alternative") << QStringLiteral("stop|disable") << QStringLiteral("disable")
                                 << true;
    QTest::newRow("no alternative")
        << QStringLiteral("stop|disable") << QStringLiteral("status") << false;
    QTest::newRow("regex") << QStringLiteral("re:^-[^-]*r") << QStringLiteral("-fr") << true;
    QTest::newRow("regex long option")
        << QStringLiteral("re:^-[^-]*r") << QStringLiteral("--force") << false;
}

void TestRuleMatcher::patterns()
{
    QFETCH(QString, pattern);
    QFETCH(QString, text);
    QFETCH(bool, matches);
    QCOMPARE(RuleMatcher::patternMatches(pattern, text), matches);
}

void TestRuleMatcher::programs_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("program");
    QTest::addColumn<bool>("matches");
    QTest::newRow("base name") << QStringLiteral("pveum") << QStringLiteral("pveum") << true;
    QTest::newRow("absolute") << QStringLiteral("pveum") << QStringLiteral("/usr/sbin/pveum")
                              << true;
    QTest::newRow("relative") << QStringLiteral("rm") << QStringLiteral("../../usr/bin/rm") << true;
    QTest::newRow("other") << QStringLiteral("rm") << QStringLiteral("rmdir") << false;
    QTest::newRow("path pattern") << QStringLiteral("re:^/etc/init\\.d/ssh$")
                                  << QStringLiteral("/etc/init.d/ssh") << true;
}

void TestRuleMatcher::programs()
{
    QFETCH(QString, pattern);
    QFETCH(QString, program);
    QFETCH(bool, matches);
    QCOMPARE(RuleMatcher::programMatches(pattern, {program, false, false, false}), matches);
}

void TestRuleMatcher::rules_data()
{
    QTest::addColumn<QStringList>("patterns");
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QString>("cwd");
    QTest::addColumn<bool>("matches");
    const QStringList rmRoot{QStringLiteral("re:^-[^-]*r"), QStringLiteral("/")};
    QTest::newRow("all patterns, any order")
        << rmRoot << QStringList{QStringLiteral("rm"), QStringLiteral("/"), QStringLiteral("-rf")}
        << QString() << true;
    QTest::newRow("missing pattern")
        << rmRoot << QStringList{QStringLiteral("rm"), QStringLiteral("/")} << QString() << false;
    QTest::newRow("cleaned path") << rmRoot
                                  << QStringList{QStringLiteral("rm"), QStringLiteral("-r"),
                                                 QStringLiteral("/etc/..")}
                                  << QString() << true;
    QTest::newRow("relative to cwd")
        << rmRoot << QStringList{QStringLiteral("rm"), QStringLiteral("-r"), QStringLiteral(".")}
        << QStringLiteral("/") << true;
    QTest::newRow("relative, cwd unknown")
        << rmRoot << QStringList{QStringLiteral("rm"), QStringLiteral("-r"), QStringLiteral(".")}
        << QString() << false;
    QTest::newRow("climbing, cwd unknown")
        << QStringList{QStringLiteral("/etc")}
        << QStringList{QStringLiteral("rm"), QStringLiteral("../../etc")} << QString() << true;
    QTest::newRow("negative pattern blocks")
        << QStringList{QStringLiteral("!-l")}
        << QStringList{QStringLiteral("fdisk"), QStringLiteral("-l")} << QString() << false;
    QTest::newRow("negative pattern passes")
        << QStringList{QStringLiteral("!-l")}
        << QStringList{QStringLiteral("fdisk"), QStringLiteral("/dev/sda")} << QString() << true;
    QTest::newRow("no patterns") << QStringList{} << QStringList{QStringLiteral("reboot")}
                                 << QString() << true;
}

void TestRuleMatcher::rules()
{
    QFETCH(QStringList, patterns);
    QFETCH(QStringList, words);
    QFETCH(QString, cwd);
    QFETCH(bool, matches);
    const PolicyRule rule{
        QStringLiteral("r"), PolicyRule::Action::Deny, words.first(), patterns, false,
        QStringLiteral("x")};
    QCOMPARE(RuleMatcher::matches(rule, argv(words), cwd), matches);
}

void TestRuleMatcher::dynamicArguments()
{
    PolicyRule rule{QStringLiteral("r"),
                    PolicyRule::Action::Deny,
                    QStringLiteral("rm"),
                    {QStringLiteral("-r"), QStringLiteral("/")},
                    false,
                    QStringLiteral("x")};
    const QList<CommandWord> words =
        argv({QStringLiteral("rm"), QStringLiteral("-r"), QStringLiteral("$X")}, 2);
    QVERIFY(RuleMatcher::matches(rule, words));
    QVERIFY(!RuleMatcher::matches(rule, words, {}, false));
    rule.action = PolicyRule::Action::Allow;
    QVERIFY(!RuleMatcher::matches(rule, words));
    // A glob argument matches the paths it could expand to.
    rule.action = PolicyRule::Action::Deny;
    QVERIFY(RuleMatcher::matches(
        rule, argv({QStringLiteral("rm"), QStringLiteral("-r"), QStringLiteral("/*")}, -1, 2)));
    QVERIFY(!RuleMatcher::matches(
        rule, argv({QStringLiteral("rm"), QStringLiteral("-r"), QStringLiteral("/tmp/*")}, -1, 2)));
}

QTEST_GUILESS_MAIN(TestRuleMatcher)
#include "TestRuleMatcher.moc"
