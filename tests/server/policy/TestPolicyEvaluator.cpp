#include "server/policy/PolicyEvaluator.h"

#include <QTest>

using namespace pmcp;

class TestPolicyEvaluator final : public QObject {
    Q_OBJECT

private slots:
    void judges_data();
    void judges();
    void followsTheWorkingDirectory_data();
    void followsTheWorkingDirectory();
    void nestingIsBounded();
};

namespace {

const QList<PolicyRule> &rules()
{
    static const QList<PolicyRule> list = {
        {QStringLiteral("no-rm-root"),
         PolicyRule::Action::Deny,
         QStringLiteral("rm"),
         {QStringLiteral("-r"), QStringLiteral("/")},
         true,
         QStringLiteral("r")},
        {QStringLiteral("no-shadow"),
         PolicyRule::Action::Deny,
         QStringLiteral("@write"),
         {QStringLiteral("/etc/shadow")},
         true,
         QStringLiteral("w")},
    };
    return list;
}

PolicyDecision judge(const QString &line)
{
    PolicyEvaluator evaluator(rules(), CommandPolicy::Mode::DenyList, false);
    return evaluator.evaluate(line);
}

} // namespace

void TestPolicyEvaluator::judges_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("rule");
    QTest::newRow("allowed") << QStringLiteral("rm -r /tmp") << QString();
    QTest::newRow("denied") << QStringLiteral("rm -r /") << QStringLiteral("no-rm-root");
    QTest::newRow("in substitution")
        << QStringLiteral("echo $(rm -r /)") << QStringLiteral("no-rm-root");
    QTest::newRow("in sh -c") << QStringLiteral("sh -c 'rm -r /'") << QStringLiteral("no-rm-root");
    QTest::newRow("redirect") << QStringLiteral("echo > /etc/shadow")
                              << QStringLiteral("no-shadow");
    QTest::newRow("tee") << QStringLiteral("echo | tee /etc/shadow") << QStringLiteral("no-shadow");
    QTest::newRow("here-doc body")
        << QStringLiteral("cat <<E\n$(rm -r /)\nE") << QStringLiteral("no-rm-root");
    QTest::newRow("ifs") << QStringLiteral("rm -r${IFS}/") << QStringLiteral("ifs-expansion");
    QTest::newRow("unparseable") << QStringLiteral("echo '") << QStringLiteral("unparseable");
}

void TestPolicyEvaluator::judges()
{
    QFETCH(QString, line);
    QFETCH(QString, rule);
    const PolicyDecision decision = judge(line);
    QCOMPARE(decision.allowed, rule.isEmpty());
    QCOMPARE(decision.rule, rule);
}

void TestPolicyEvaluator::followsTheWorkingDirectory_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("cd then relative") << QStringLiteral("cd /etc && echo > shadow") << false;
    QTest::newRow("cd relative chain") << QStringLiteral("cd / ; cd etc ; echo > shadow") << false;
    QTest::newRow("cd elsewhere") << QStringLiteral("cd /tmp && echo > shadow") << true;
    QTest::newRow("cd unknown") << QStringLiteral("cd $D && echo > shadow") << false;
    QTest::newRow("cd unknown then absolute path")
        << QStringLiteral("cd $D && echo > /tmp/x") << true;
    QTest::newRow("cd -") << QStringLiteral("cd /tmp; cd -; rm -r x") << false;
    QTest::newRow("cd glob") << QStringLiteral("cd /tm* && rm -r x") << false;
    QTest::newRow("pushd") << QStringLiteral("pushd /tmp; rm -r x") << false;
    QTest::newRow("cd CDPATH-prone name") << QStringLiteral("cd tmp && rm -r x") << false;
    QTest::newRow("failed cd keeps the old directory")
        << QStringLiteral("cd /etc; cd /nonexistent; echo > shadow") << false;
    QTest::newRow("cd ./ from a known directory")
        << QStringLiteral("cd /tmp; cd /var; cd ../etc && echo > shadow") << false;
    QTest::newRow("cd ./ after a cd that may have failed")
        << QStringLiteral("cd /tmp && cd ./a && rm -r x") << false;
    QTest::newRow("env -C moves the command") << QStringLiteral("env -C /etc tee shadow") << false;
    QTest::newRow("sudo -D moves the command")
        << QStringLiteral("sudo -D /etc sh -c 'echo > shadow'") << false;
    QTest::newRow("chroot roots absolute paths")
        << QStringLiteral("chroot /etc sh -c 'echo > /shadow'") << false;
    QTest::newRow("proc root alias") << QStringLiteral("echo > /proc/1/root/etc/shadow") << false;
    QTest::newRow("proc self cwd alias")
        << QStringLiteral("cd /etc && echo > /proc/self/cwd/shadow") << false;
    QTest::newRow("proc pid cwd") << QStringLiteral("echo > /proc/1/cwd/x") << false;
    QTest::newRow("cd to root then dot") << QStringLiteral("cd / && rm -r .") << false;
}

void TestPolicyEvaluator::followsTheWorkingDirectory()
{
    QFETCH(QString, line);
    QFETCH(bool, allowed);
    QCOMPARE(judge(line).allowed, allowed);
}

void TestPolicyEvaluator::nestingIsBounded()
{
    QString line = QStringLiteral("true");
    for (int i = 0; i < 20; ++i)
        line = QStringLiteral("echo $(%1)").arg(line);
    const PolicyDecision decision = judge(line);
    QVERIFY(!decision.allowed);
    QCOMPARE(decision.rule, QStringLiteral("unparseable"));
    QVERIFY(judge(QStringLiteral("echo $(echo $(true))")).allowed);
}

QTEST_GUILESS_MAIN(TestPolicyEvaluator)
#include "TestPolicyEvaluator.moc"
