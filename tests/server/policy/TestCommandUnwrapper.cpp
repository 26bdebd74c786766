#include "server/policy/CommandUnwrapper.h"

#include "server/policy/ShellParser.h"
#include "server/policy/WordExpander.h"

#include <QTest>

using namespace pmcp;

class TestCommandUnwrapper final : public QObject {
    Q_OBJECT

private slots:
    void effectiveCommands_data();
    void effectiveCommands();
    void scripts_data();
    void scripts();
    void denials_data();
    void denials();
    void dangerousAllowsInlineCode();
};

namespace {

UnwrappedCommands unwrap(const QString &source, bool dangerous = false)
{
    auto script = ShellParser::parse(source);
    if (!script.ok() || script.value().commands.isEmpty())
        return {};
    auto argv = WordExpander::expandAll(script.value().commands.first().words);
    return argv.ok() ? CommandUnwrapper::unwrap(argv.value(), dangerous) : UnwrappedCommands{};
}

QStringList rendered(const UnwrappedCommands &out)
{
    QStringList commands;
    for (qsizetype i = 0; i < out.commands.size(); ++i) {
        if (out.contexts.at(i).wrapper)
            continue; // sudo, env, ...: judged by the deny rules only
        const QList<CommandWord> &argv = out.commands.at(i);
        QStringList words;
        for (const CommandWord &word : argv)
            words << (word.dynamic ? QStringLiteral("<?>") : word.text);
        commands << words.join(u' ');
    }
    return commands;
}

} // namespace

void TestCommandUnwrapper::effectiveCommands_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QStringList>("commands");
    QTest::newRow("plain") << QStringLiteral("qm list") << QStringList{QStringLiteral("qm list")};
    QTest::newRow("sudo options") << QStringLiteral("sudo -n -E -u root qm list")
                                  << QStringList{QStringLiteral("qm list")};
    QTest::newRow("sudo attached user")
        << QStringLiteral("sudo -uroot qm list") << QStringList{QStringLiteral("qm list")};
    QTest::newRow("sudo list runs nothing") << QStringLiteral("sudo -l") << QStringList{};
    QTest::newRow("env assignments")
        << QStringLiteral("env -i A=1 B=2 qm list") << QStringList{QStringLiteral("qm list")};
    QTest::newRow("env unset") << QStringLiteral("env -u A qm list")
                               << QStringList{QStringLiteral("qm list")};
    QTest::newRow("nice") << QStringLiteral("nice -n 5 qm list")
                          << QStringList{QStringLiteral("qm list")};
    QTest::newRow("timeout duration")
        << QStringLiteral("timeout -s KILL 5 qm list") << QStringList{QStringLiteral("qm list")};
    QTest::newRow("chained wrappers")
        << QStringLiteral("sudo env nice nohup stdbuf -oL time qm list")
        << QStringList{QStringLiteral("qm list")};
    QTest::newRow("command -v runs nothing") << QStringLiteral("command -v qm") << QStringList{};
    QTest::newRow("busybox applet")
        << QStringLiteral("busybox rm x") << QStringList{QStringLiteral("rm x")};
    QTest::newRow("xargs adds input")
        << QStringLiteral("xargs -n1 rm -f") << QStringList{QStringLiteral("rm -f <?>")};
    QTest::newRow("find exec") << QStringLiteral("find /x -exec rm {} \\;")
                               << QStringList{QStringLiteral("rm <?>"),
                                              QStringLiteral("find /x -exec rm {} ;")};
    QTest::newRow("find delete") << QStringLiteral("find /x /y -delete")
                                 << QStringList{QStringLiteral("rm -r /x /y"),
                                                QStringLiteral("find /x /y -delete")};
    QTest::newRow("shell script file")
        << QStringLiteral("bash /x.sh") << QStringList{QStringLiteral("bash /x.sh")};
    QTest::newRow("path wrapper") << QStringLiteral("/usr/bin/sudo /bin/rm x")
                                  << QStringList{QStringLiteral("/bin/rm x")};
    QTest::newRow("unknown wrapper is a program")
        << QStringLiteral("mywrap rm -rf /") << QStringList{QStringLiteral("mywrap rm -rf /")};
    QTest::newRow("ip netns exec")
        << QStringLiteral("ip netns exec n qm list") << QStringList{QStringLiteral("qm list")};
    QTest::newRow("ip netns abbreviated exec")
        << QStringLiteral("ip net e n qm list") << QStringList{QStringLiteral("qm list")};
    QTest::newRow("sudo option values") << QStringLiteral("sudo -g adm -p x -C 5 -D /tmp qm list")
                                        << QStringList{QStringLiteral("qm list")};
    QTest::newRow("sudo long option with detached value")
        << QStringLiteral("sudo --user root --chdir /tmp qm list")
        << QStringList{QStringLiteral("qm list")};
    QTest::newRow("env -u -C --chdir=") << QStringLiteral("env -u A -C /tmp --chdir=/var qm list")
                                        << QStringList{QStringLiteral("qm list")};
    QTest::newRow("watch -x") << QStringLiteral("watch -n 2 -x qm list")
                              << QStringList{QStringLiteral("qm list")};
    QTest::newRow("strace detached values")
        << QStringLiteral("strace -e trace=open -s 200 -o /tmp/t qm list")
        << QStringList{QStringLiteral("qm list")};
    QTest::newRow("unshare optional attached values")
        << QStringLiteral("unshare -m -n --fork qm list") << QStringList{QStringLiteral("qm list")};
    QTest::newRow("nsenter target and namespaces")
        << QStringLiteral("nsenter -t 1 -m -u -n -i qm list")
        << QStringList{QStringLiteral("qm list")};
    QTest::newRow("systemd-run unit and property")
        << QStringLiteral("systemd-run --unit=x -p CPUQuota=20% qm list")
        << QStringList{QStringLiteral("qm list")};
    QTest::newRow("xargs -I marks the replacement")
        << QStringLiteral("xargs -I % qm config %") << QStringList{QStringLiteral("qm config <?>")};
    QTest::newRow("find -O3 -D tree")
        << QStringLiteral("find -O3 -D tree /x -exec ls {} +")
        << QStringList{QStringLiteral("ls <?>"),
                       QStringLiteral("find -O3 -D tree /x -exec ls {} +")};
    QTest::newRow("timeout long options")
        << QStringLiteral("timeout --signal=KILL --kill-after 5 10 qm list")
        << QStringList{QStringLiteral("qm list")};
    QTest::newRow("nice old syntax")
        << QStringLiteral("nice -10 qm list") << QStringList{QStringLiteral("qm list")};
    QTest::newRow("chrt priority")
        << QStringLiteral("chrt -f 10 qm list") << QStringList{QStringLiteral("qm list")};
    QTest::newRow("taskset mask") << QStringLiteral("taskset -c 0-3 qm list")
                                  << QStringList{QStringLiteral("qm list")};
    QTest::newRow("flock file") << QStringLiteral("flock -w 5 /l qm list")
                                << QStringList{QStringLiteral("qm list")};
    QTest::newRow("runuser -u --")
        << QStringLiteral("runuser -u www-data -- ls /x") << QStringList{QStringLiteral("ls /x")};
}

void TestCommandUnwrapper::effectiveCommands()
{
    QFETCH(QString, source);
    QFETCH(QStringList, commands);
    const UnwrappedCommands out = unwrap(source);
    QVERIFY2(out.denyRule.isEmpty(), qPrintable(out.denyRule));
    QCOMPARE(rendered(out), commands);
}

void TestCommandUnwrapper::scripts_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("script");
    QTest::newRow("sh -c") << QStringLiteral("sh -c 'a b'") << QStringLiteral("a b");
    QTest::newRow("bash -lc") << QStringLiteral("bash -lc \"a\"") << QStringLiteral("a");
    QTest::newRow("sudo bash -c") << QStringLiteral("sudo bash -e -c 'a'") << QStringLiteral("a");
    QTest::newRow("env -S") << QStringLiteral("env -S 'a b' c") << QStringLiteral("a b c");
    QTest::newRow("watch") << QStringLiteral("watch -n 2 a b") << QStringLiteral("a b");
    QTest::newRow("ssh") << QStringLiteral("ssh -p 22 node a b") << QStringLiteral("a b");
    QTest::newRow("ssh options after the host")
        << QStringLiteral("ssh node -p 22 a b") << QStringLiteral("a b");
    QTest::newRow("su -c after the user")
        << QStringLiteral("su alice -c 'a'") << QStringLiteral("a");
    QTest::newRow("script -c") << QStringLiteral("script -q -c 'a' /dev/null")
                               << QStringLiteral("a");
    QTest::newRow("flock -c before the file")
        << QStringLiteral("flock -c 'a' /l") << QStringLiteral("a");
    QTest::newRow("flock -c") << QStringLiteral("flock /l -c 'a'") << QStringLiteral("a");
}

void TestCommandUnwrapper::scripts()
{
    QFETCH(QString, source);
    QFETCH(QString, script);
    const UnwrappedCommands out = unwrap(source);
    QVERIFY(out.denyRule.isEmpty());
    QCOMPARE(out.scripts, QStringList{script});
}

void TestCommandUnwrapper::denials_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("rule");
    QTest::newRow("eval") << QStringLiteral("eval a") << QStringLiteral("eval");
    QTest::newRow("source") << QStringLiteral("source f") << QStringLiteral("eval");
    QTest::newRow("dot") << QStringLiteral(". f") << QStringLiteral("eval");
    QTest::newRow("exec command") << QStringLiteral("exec a") << QStringLiteral("eval");
    QTest::newRow("shell on stdin") << QStringLiteral("bash") << QStringLiteral("eval");
    QTest::newRow("shell -s") << QStringLiteral("sh -s") << QStringLiteral("eval");
    QTest::newRow("sudo -i") << QStringLiteral("sudo -i") << QStringLiteral("privilege-escalation");
    QTest::newRow("sudo -s cluster")
        << QStringLiteral("sudo -Es") << QStringLiteral("privilege-escalation");
    QTest::newRow("variable program")
        << QStringLiteral("$X a") << QStringLiteral("dynamic-program");
    QTest::newRow("glob program") << QStringLiteral("/bin/r* a")
                                  << QStringLiteral("dynamic-program");
    QTest::newRow("sudo variable program")
        << QStringLiteral("sudo $X") << QStringLiteral("dynamic-program");
    QTest::newRow("sh -c variable")
        << QStringLiteral("sh -c \"$X\"") << QStringLiteral("dynamic-program");
    QTest::newRow("ifs program") << QStringLiteral("a${IFS}b") << QStringLiteral("ifs-expansion");
    QTest::newRow("python -c") << QStringLiteral("python3 -c x")
                               << QStringLiteral("inline-interpreter");
    QTest::newRow("perl -ne") << QStringLiteral("perl -ne x")
                              << QStringLiteral("inline-interpreter");
    QTest::newRow("node --eval") << QStringLiteral("node --eval x")
                                 << QStringLiteral("inline-interpreter");
    QTest::newRow("php -r") << QStringLiteral("php -r x") << QStringLiteral("inline-interpreter");
    QTest::newRow("trap code") << QStringLiteral("trap 'a' EXIT") << QStringLiteral("builtin-code");
    QTest::newRow("sudo unknown option")
        << QStringLiteral("sudo --frobnicate qm list") << QStringLiteral("unknown-option");
    QTest::newRow("env -S with escapes")
        << QStringLiteral("env -S 'rm\\_-rf\\_/'") << QStringLiteral("unknown-option");
    QTest::newRow("ssh ProxyCommand")
        << QStringLiteral("ssh -o ProxyCommand=x node ls") << QStringLiteral("unknown-option");
    QTest::newRow("ssh option after host")
        << QStringLiteral("ssh node -oProxyCommand=x ls") << QStringLiteral("unknown-option");
    QTest::newRow("nsenter root without directory")
        << QStringLiteral("nsenter -t 1 -r ls") << QStringLiteral("unknown-option");
    QTest::newRow("find unknown expression")
        << QStringLiteral("find / -fancy x") << QStringLiteral("unknown-option");
    QTest::newRow("ip batch") << QStringLiteral("ip -b /tmp/x") << QStringLiteral("hidden-code");
    QTest::newRow("strace output pipe")
        << QStringLiteral("strace -o '|sh' ls") << QStringLiteral("hidden-code");
    QTest::newRow("zsh") << QStringLiteral("zsh -c ls") << QStringLiteral("unknown-program");
    QTest::newRow("bash /dev/stdin") << QStringLiteral("bash /dev/stdin") << QStringLiteral("eval");
    QTest::newRow("printf -v subscript")
        << QStringLiteral("printf -v 'a[$(id)]' x") << QStringLiteral("builtin-code");
    QTest::newRow("read into subscript")
        << QStringLiteral("read 'a[$(id)]'") << QStringLiteral("builtin-code");
    QTest::newRow("let") << QStringLiteral("let x=1") << QStringLiteral("builtin-code");
    QTest::newRow("mapfile -C") << QStringLiteral("mapfile -C f a")
                                << QStringLiteral("builtin-code");
    QTest::newRow("enable -f") << QStringLiteral("enable -f /tmp/x.so x")
                               << QStringLiteral("builtin-code");
    QTest::newRow("env LD_PRELOAD")
        << QStringLiteral("env LD_PRELOAD=/tmp/x.so ls") << QStringLiteral("dangerous-variable");
    QTest::newRow("su shell") << QStringLiteral("su -s /tmp/sh -c id")
                              << QStringLiteral("unknown-option");
    QTest::newRow("systemd-run ExecStartPre")
        << QStringLiteral("systemd-run -p ExecStartPre=/x ls") << QStringLiteral("unknown-option");
    QTest::newRow("interpreter on stdin")
        << QStringLiteral("python3") << QStringLiteral("inline-interpreter");
    QTest::newRow("hash -p") << QStringLiteral("hash -p /bin/rm ls") << QStringLiteral("eval");
}

void TestCommandUnwrapper::denials()
{
    QFETCH(QString, source);
    QFETCH(QString, rule);
    const UnwrappedCommands out = unwrap(source);
    QCOMPARE(out.denyRule, rule);
    QVERIFY(!out.denyReason.isEmpty());
}

void TestCommandUnwrapper::dangerousAllowsInlineCode()
{
    QCOMPARE(unwrap(QStringLiteral("python3 -c x"), true).denyRule, QString());
    QCOMPARE(unwrap(QStringLiteral("python3 -c x")).denyRule, QStringLiteral("inline-interpreter"));
    QCOMPARE(unwrap(QStringLiteral("python3 script.py")).denyRule, QString());
    QCOMPARE(unwrap(QStringLiteral("eval x"), true).denyRule, QStringLiteral("eval"));
}

QTEST_GUILESS_MAIN(TestCommandUnwrapper)
#include "TestCommandUnwrapper.moc"
