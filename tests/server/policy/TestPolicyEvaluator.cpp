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
    void coreRefusalDenies();
    void coreConfirmationAsksAPerson();
    void decisionCarriesTheProxmoxOperations();
    void coreConfirmationYieldsToADenial();
    void coreRulesSeeTheUnwrappedCommand();
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

namespace {

// A stand-in for the core rules' table: qm destroy needs a person, pvecm delnode is refused.
CoreVerdict fakeCore(const QString &program, const QStringList &arguments)
{
    if (program == u"qm" && arguments.value(0) == u"destroy")
        return {CoreVerdict::Kind::Confirm, QStringLiteral("core-guest-destroy"),
                QStringLiteral("destroy guest %1").arg(arguments.value(1)),
                QStringLiteral("qemu_delete")};
    if (program == u"pvecm" && arguments.value(0) == u"delnode")
        return {CoreVerdict::Kind::Refuse,
                QStringLiteral("core-cluster-membership"),
                QStringLiteral("removing a node is refused"),
                {}};
    return {};
}

PolicyDecision judgeWithCore(const QString &line)
{
    PolicyEvaluator evaluator(rules(), CommandPolicy::Mode::DenyList, false, fakeCore);
    return evaluator.evaluate(line);
}

} // namespace

void TestPolicyEvaluator::coreRefusalDenies()
{
    const PolicyDecision decision = judgeWithCore(QStringLiteral("qm list; pvecm delnode pve3"));
    QVERIFY(!decision.allowed);
    QVERIFY(!decision.needsConfirmation);
    QCOMPARE(decision.rule, QStringLiteral("core-cluster-membership"));
    QCOMPARE(decision.reason, QStringLiteral("removing a node is refused"));
}

void TestPolicyEvaluator::coreConfirmationAsksAPerson()
{
    const PolicyDecision decision = judgeWithCore(QStringLiteral("qm stop 100 && qm destroy 100"));
    QVERIFY(!decision.allowed);
    QVERIFY(decision.needsConfirmation);
    QCOMPARE(decision.rule, QStringLiteral("core-guest-destroy"));
    QCOMPARE(decision.confirmation, QStringLiteral("destroy guest 100"));
    QCOMPARE(decision.typedTool, QStringLiteral("qemu_delete"));
    QVERIFY(judgeWithCore(QStringLiteral("qm stop 100")).allowed);
}

// The shell tools place, check and announce what a line does on Proxmox (ShellOperationGuard):
// the decision names the confirming command's operation and every operation of the line.
void TestPolicyEvaluator::decisionCarriesTheProxmoxOperations()
{
    const PolicyDecision decision = judgeWithCore(QStringLiteral("qm stop 100 && qm destroy 100"));
    QVERIFY(decision.needsConfirmation);
    QCOMPARE(decision.operation.describe(), QStringLiteral("DELETE /nodes/localhost/qemu/100"));
    QStringList operations;
    for (const ApiOperation &operation : decision.operations)
        operations.append(operation.describe());
    QCOMPARE(operations, (QStringList{QStringLiteral("POST /nodes/localhost/qemu/100/status/stop"),
                                      QStringLiteral("DELETE /nodes/localhost/qemu/100")}));
    const PolicyDecision reading = judgeWithCore(QStringLiteral("qm list; ls"));
    QVERIFY(reading.allowed);
    QVERIFY(reading.operations.isEmpty());
    QVERIFY(reading.operation.method.isEmpty());
}

void TestPolicyEvaluator::coreConfirmationYieldsToADenial()
{
    // The rest of the line is still judged: a denial anywhere wins over a confirmation.
    const PolicyDecision decision = judgeWithCore(QStringLiteral("qm destroy 100; rm -r /"));
    QVERIFY(!decision.allowed);
    QVERIFY(!decision.needsConfirmation);
    QCOMPARE(decision.rule, QStringLiteral("no-rm-root"));
    QCOMPARE(judgeWithCore(QStringLiteral("qm destroy 100; pvecm delnode x")).rule,
             QStringLiteral("core-cluster-membership"));
}

void TestPolicyEvaluator::coreRulesSeeTheUnwrappedCommand()
{
    for (const QString &line :
         {QStringLiteral("sudo -u root qm destroy 100"), QStringLiteral("sh -c 'qm destroy 100'"),
          QStringLiteral("echo $(timeout 5 qm destroy 100)"),
          QStringLiteral("ssh pve2 qm destroy 100")}) {
        const PolicyDecision decision = judgeWithCore(line);
        QVERIFY2(decision.needsConfirmation, qPrintable(line));
    }
}

QTEST_GUILESS_MAIN(TestPolicyEvaluator)
#include "TestPolicyEvaluator.moc"
