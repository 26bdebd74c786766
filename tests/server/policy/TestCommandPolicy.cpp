#include "server/policy/CommandPolicy.h"

#include <QFile>
#include <utility>
#include <QTest>

using namespace pmcp;

class TestCommandPolicy final : public QObject {
    Q_OBJECT

private slots:
    void casesFromTable_data();
    void casesFromTable();
    void tableIsLargeEnough();
    void allowListMode_data();
    void allowListMode();
    void dangerousModeKeepsOnlyCoreDenyRules();
    void defaultRulesTextRoundTrips();
    void coreRulesAreMarked_data();
    void coreRulesAreMarked();
    void rulesTextErrorsNameTheLine_data();
    void rulesTextErrorsNameTheLine();
    void deniedDecisionNamesTheCommand();
    void overlongInputIsDenied();
    void unknownProgramIsRefusedByDefault();
    void allowRuleAdmitsWhatTheCatalogueRefuses_data();
    void allowRuleAdmitsWhatTheCatalogueRefuses();
    void everyDenialIsASentenceNamingWhatItRefuses_data();
    void everyDenialIsASentenceNamingWhatItRefuses();
};

namespace {

struct Case {
    int line = 0;
    bool dangerous = false;
    bool allowed = false;
    QString rule;
    QString command;
};

// Characters the table cannot hold literally.
constexpr std::pair<const char *, char16_t> kNamedCharacters[] = {
    {"<NL>", u'\n'}, {"<TAB>", u'\t'}, {"<NUL>", 0x00}, {"<ESC>", 0x1b},
    {"<CR>", u'\r'}, {"<BS>", 0x08},   {"<DEL>", 0x7f}};

QList<Case> loadCases()
{
    QFile file(qEnvironmentVariable("PMCP_SOURCE_DIR") +
               QStringLiteral("/tests/server/policy/policy-cases.txt"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<Case> cases;
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
    for (qsizetype n = 0; n < lines.size(); ++n) {
        QString line = lines.at(n);
        if (line.trimmed().isEmpty() || line.startsWith(u'#'))
            continue;
        Case c;
        c.line = int(n + 1);
        if (line.startsWith(QLatin1String("dangerous:"))) {
            c.dangerous = true;
            line = line.mid(10);
        }
        const qsizetype first = line.indexOf(u' ');
        const qsizetype second = line.indexOf(u' ', first + 1);
        c.allowed = line.left(first) == u"allow";
        c.rule = line.mid(first + 1, second - first - 1);
        c.command = line.mid(second + 1);
        for (const auto &[name, character] : kNamedCharacters)
            c.command.replace(QLatin1String(name), QChar(character));
        cases.append(c);
    }
    return cases;
}

} // namespace

void TestCommandPolicy::casesFromTable_data()
{
    QTest::addColumn<bool>("dangerous");
    QTest::addColumn<bool>("allowed");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("command");
    for (const Case &c : loadCases()) {
        const QByteArray name = QStringLiteral("line %1: %2").arg(c.line).arg(c.command).toUtf8();
        QTest::newRow(name.constData()) << c.dangerous << c.allowed << c.rule << c.command;
    }
}

void TestCommandPolicy::casesFromTable()
{
    QFETCH(bool, dangerous);
    QFETCH(bool, allowed);
    QFETCH(QString, rule);
    QFETCH(QString, command);
    static const CommandPolicy strict = CommandPolicy::defaults(false);
    static const CommandPolicy relaxed = CommandPolicy::defaults(true);
    const PolicyDecision decision = (dangerous ? relaxed : strict).evaluate(command);
    if (decision.allowed != allowed || (!allowed && decision.rule != rule)) {
        qWarning("decision: %s %s (%s) on [%s]", decision.allowed ? "allow" : "deny",
                 qPrintable(decision.rule), qPrintable(decision.reason),
                 qPrintable(decision.offendingCommand));
    }
    QCOMPARE(decision.allowed, allowed);
    if (!allowed) {
        QCOMPARE(decision.rule, rule);
        QVERIFY(!decision.reason.isEmpty());
    }
}

void TestCommandPolicy::tableIsLargeEnough()
{
    const QList<Case> cases = loadCases();
    QVERIFY2(cases.size() >= 300, qPrintable(QString::number(cases.size())));
    const auto allowedCount =
        std::count_if(cases.begin(), cases.end(), [](const Case &c) { return c.allowed; });
    QVERIFY(allowedCount >= 100);
    QVERIFY(cases.size() - allowedCount >= 200);
}

void TestCommandPolicy::allowListMode_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<bool>("allowed");
    QTest::addColumn<QString>("rule");
    QTest::newRow("allowed program")
        << QStringLiteral("qm list") << true << QStringLiteral("allow-qm");
    QTest::newRow("allowed through sudo")
        << QStringLiteral("sudo qm start 100") << true << QStringLiteral("allow-qm");
    QTest::newRow("allowed with pattern")
        << QStringLiteral("pvesh get /nodes") << true << QStringLiteral("allow-pvesh-get");
    QTest::newRow("pattern not met")
        << QStringLiteral("pvesh set /nodes") << false << QStringLiteral("not-allowlisted");
    QTest::newRow("not listed") << QStringLiteral("ls /") << false
                                << QStringLiteral("not-allowlisted");
    QTest::newRow("second command not listed")
        << QStringLiteral("qm list; ls /") << false << QStringLiteral("not-allowlisted");
    QTest::newRow("substitution not listed")
        << QStringLiteral("qm start $(id -u)") << false << QStringLiteral("not-allowlisted");
    QTest::newRow("deny rule still applies")
        << QStringLiteral("qm destroy 100") << false << QStringLiteral("deny-qm-destroy");
    QTest::newRow("dynamic argument not allowed by pattern")
        << QStringLiteral("pvesh $VERB /nodes") << false << QStringLiteral("not-allowlisted");
    QTest::newRow("write rule still applies") << QStringLiteral("qm list > /etc/shadow") << false
                                              << QStringLiteral("write-critical-file");
    QTest::newRow("hidden code refused even when allowed")
        << QStringLiteral("awk 'BEGIN { system(\"id\") }'") << false
        << QStringLiteral("inline-interpreter");
    QTest::newRow("unknown program allowed by a rule")
        << QStringLiteral("sqlite3 /tmp/x.db") << true << QStringLiteral("allow-sqlite3");
}

void TestCommandPolicy::allowListMode()
{
    QFETCH(QString, command);
    QFETCH(bool, allowed);
    QFETCH(QString, rule);
    const QString rules = QStringLiteral("mode allowlist\n"
                                         "allow allow-qm qm\n"
                                         "allow allow-pvesh-get pvesh get\n"
                                         "allow allow-awk awk\n"
                                         "allow allow-sqlite3 sqlite3\n"
                                         "deny deny-qm-destroy qm destroy -- no destroying\n"
                                         "core deny write-critical-file @write /etc/shadow\n");
    auto policy = CommandPolicy::fromRulesText(rules, false);
    QVERIFY(policy.ok());
    QCOMPARE(policy.value().mode(), CommandPolicy::Mode::AllowList);
    const PolicyDecision decision = policy.value().evaluate(command);
    QCOMPARE(decision.allowed, allowed);
    QCOMPARE(decision.rule, rule);
}

void TestCommandPolicy::dangerousModeKeepsOnlyCoreDenyRules()
{
    const CommandPolicy strict = CommandPolicy::defaults(false);
    const CommandPolicy relaxed = CommandPolicy::defaults(true);
    QVERIFY(relaxed.rules().size() < strict.rules().size());
    int core = 0;
    for (const PolicyRule &rule : strict.rules())
        core += rule.core ? 1 : 0;
    QCOMPARE(relaxed.rules().size(), core);
    for (const PolicyRule &rule : relaxed.rules())
        QVERIFY2(rule.core, qPrintable(rule.id));
}

void TestCommandPolicy::defaultRulesTextRoundTrips()
{
    auto policy = CommandPolicy::fromRulesText(CommandPolicy::defaultRulesText(), false);
    QVERIFY(policy.ok());
    QVERIFY(policy.value().rules().size() >= 50);
    QCOMPARE(policy.value().mode(), CommandPolicy::Mode::DenyList);
    for (const PolicyRule &rule : policy.value().rules()) {
        QVERIFY2(!rule.reason.isEmpty(), qPrintable(rule.id));
        QVERIFY2(!rule.program.isEmpty(), qPrintable(rule.id));
    }
}

void TestCommandPolicy::coreRulesAreMarked_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("core");
    QTest::newRow("rm-root") << QStringLiteral("rm-root") << true;
    QTest::newRow("rm-pve-cluster") << QStringLiteral("rm-pve-cluster") << true;
    QTest::newRow("pveum-root-user") << QStringLiteral("pveum-root-user") << true;
    QTest::newRow("pvecm-delnode") << QStringLiteral("pvecm-delnode") << true;
    QTest::newRow("mkfs") << QStringLiteral("mkfs") << true;
    QTest::newRow("host-shutdown") << QStringLiteral("host-shutdown") << true;
    QTest::newRow("write-critical-file") << QStringLiteral("write-critical-file") << true;
    QTest::newRow("rm-system") << QStringLiteral("rm-system") << false;
    QTest::newRow("service-stop") << QStringLiteral("service-stop") << false;
    QTest::newRow("firewall-flush") << QStringLiteral("firewall-flush") << false;
    QTest::newRow("su") << QStringLiteral("su") << false;
}

void TestCommandPolicy::coreRulesAreMarked()
{
    QFETCH(QString, id);
    QFETCH(bool, core);
    const CommandPolicy policy = CommandPolicy::defaults(false);
    const auto it = std::find_if(policy.rules().begin(), policy.rules().end(),
                                 [&](const PolicyRule &rule) { return rule.id == id; });
    QVERIFY(it != policy.rules().end());
    QCOMPARE(it->core, core);
    QCOMPARE(it->action, PolicyRule::Action::Deny);
}

void TestCommandPolicy::rulesTextErrorsNameTheLine_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown keyword")
        << QStringLiteral("# c\n\nforbid x rm") << QStringLiteral("line 3");
    QTest::newRow("bad mode") << QStringLiteral("mode whitelist") << QStringLiteral("line 1");
    QTest::newRow("missing program") << QStringLiteral("deny a\n") << QStringLiteral("line 1");
    QTest::newRow("bad regex") << QStringLiteral("deny ok rm\ndeny bad rm re:(")
                               << QStringLiteral("line 2");
    QTest::newRow("duplicate id") << QStringLiteral("deny a rm\ndeny a ls")
                                  << QStringLiteral("line 2");
    QTest::newRow("core allow") << QStringLiteral("core allow a rm") << QStringLiteral("line 1");
}

void TestCommandPolicy::rulesTextErrorsNameTheLine()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    auto policy = CommandPolicy::fromRulesText(text, false);
    QVERIFY(!policy.ok());
    QVERIFY2(policy.error().message.contains(expected), qPrintable(policy.error().message));
}

void TestCommandPolicy::deniedDecisionNamesTheCommand()
{
    const PolicyDecision decision =
        CommandPolicy::defaults(false).evaluate(QStringLiteral("qm list; sudo rm -rf /"));
    QVERIFY(!decision.allowed);
    QCOMPARE(decision.offendingCommand, QStringLiteral("sudo rm -rf /"));
}

void TestCommandPolicy::overlongInputIsDenied()
{
    const PolicyDecision decision = CommandPolicy::defaults(false).evaluate(QString(100000, u'a'));
    QVERIFY(!decision.allowed);
    QCOMPARE(decision.rule, QStringLiteral("unparseable"));
}

void TestCommandPolicy::unknownProgramIsRefusedByDefault()
{
    const PolicyDecision decision =
        CommandPolicy::defaults(false).evaluate(QStringLiteral("qm list | sqlite3 /tmp/x.db"));
    QVERIFY(!decision.allowed);
    QCOMPARE(decision.rule, QStringLiteral("unknown-program"));
    QCOMPARE(decision.offendingCommand, QStringLiteral("sqlite3 /tmp/x.db"));
    QVERIFY(decision.reason.contains(QLatin1String("sqlite3 is not a program the policy knows")));
    QVERIFY(decision.reason.contains(QLatin1String("allow allow-sqlite3 sqlite3")));
    // With ENABLE_DANGEROUS_COMMANDS=true only deny and core rules apply.
    QVERIFY(CommandPolicy::defaults(true).evaluate(QStringLiteral("sqlite3 /tmp/x.db")).allowed);
}

void TestCommandPolicy::allowRuleAdmitsWhatTheCatalogueRefuses_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("rule"); // empty: allowed
    QTest::newRow("allowed program") << QStringLiteral("sqlite3 /tmp/x.db .tables") << QString();
    QTest::newRow("allowed program through sudo")
        << QStringLiteral("sudo -u backup sqlite3 /tmp/x.db") << QString();
    QTest::newRow("allowed subcommand") << QStringLiteral("qm monitor 100") << QString();
    QTest::newRow("other subcommand still refused")
        << QStringLiteral("qm terminal 100") << QStringLiteral("unknown-subcommand");
    QTest::newRow("allowed file outside the system directories")
        << QStringLiteral("/opt/tools/report --daily") << QString();
    QTest::newRow("pattern not met")
        << QStringLiteral("/opt/tools/report --all") << QStringLiteral("unknown-program");
    QTest::newRow("deny rules still apply")
        << QStringLiteral("sqlite3 x; rm -rf /") << QStringLiteral("rm-root");
    QTest::newRow("core write rules still apply")
        << QStringLiteral("sqlite3 /tmp/x.db > /etc/pve/user.cfg")
        << QStringLiteral("write-critical-file");
    QTest::newRow("doors stay shut")
        << QStringLiteral("bash <<< 'sqlite3 x'") << QStringLiteral("eval");
}

void TestCommandPolicy::allowRuleAdmitsWhatTheCatalogueRefuses()
{
    QFETCH(QString, command);
    QFETCH(QString, rule);
    const QString rules = CommandPolicy::defaultRulesText() +
                          QStringLiteral("allow allow-sqlite3 sqlite3\n"
                                         "allow allow-qm-monitor qm monitor\n"
                                         "allow allow-report /opt/tools/report --daily\n");
    auto policy = CommandPolicy::fromRulesText(rules, false);
    QVERIFY(policy.ok());
    const PolicyDecision decision = policy.value().evaluate(command);
    QCOMPARE(decision.rule, rule);
    QCOMPARE(decision.allowed, rule.isEmpty());
}

void TestCommandPolicy::everyDenialIsASentenceNamingWhatItRefuses_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("named");
    QTest::newRow("program") << QStringLiteral("socat - TCP:x:1") << QStringLiteral("socat");
    QTest::newRow("subcommand") << QStringLiteral("zfs program rpool x")
                                << QStringLiteral("zfs program");
    QTest::newRow("wrapper option")
        << QStringLiteral("sudo -X rm /tmp/x") << QStringLiteral("unknown option -X for sudo");
    QTest::newRow("long wrapper option")
        << QStringLiteral("env --frob ls") << QStringLiteral("unknown option --frob for env");
    QTest::newRow("ssh option") << QStringLiteral("ssh -o ProxyCommand=x h ls")
                                << QStringLiteral("ProxyCommand");
    QTest::newRow("path") << QStringLiteral("echo x > /proc/7/cwd/y")
                          << QStringLiteral("/proc/7/cwd/y");
    QTest::newRow("lost directory")
        << QStringLiteral("cd $D && rm -f x") << QStringLiteral("relative path x");
    QTest::newRow("variable") << QStringLiteral("LD_PRELOAD=/x.so ls")
                              << QStringLiteral("LD_PRELOAD");
    QTest::newRow("builtin") << QStringLiteral("printf -v 'a[$(id)]' x")
                             << QStringLiteral("[$(id)]");
    QTest::newRow("sed") << QStringLiteral("sed 's/a/b/e' f") << QStringLiteral("e flag");
    QTest::newRow("tar") << QStringLiteral("tar --to-command=sh -xf a")
                         << QStringLiteral("tar --to-command");
    QTest::newRow("unmodelled shell") << QStringLiteral("zsh -c ls") << QStringLiteral("zsh");
}

void TestCommandPolicy::everyDenialIsASentenceNamingWhatItRefuses()
{
    QFETCH(QString, command);
    QFETCH(QString, named);
    const PolicyDecision decision = CommandPolicy::defaults(false).evaluate(command);
    QVERIFY(!decision.allowed);
    QVERIFY2(decision.reason.contains(named), qPrintable(decision.reason));
    QVERIFY2(decision.reason.size() > 20 && decision.reason.contains(u' '),
             qPrintable(decision.reason));
}

QTEST_GUILESS_MAIN(TestCommandPolicy)
#include "TestCommandPolicy.moc"
