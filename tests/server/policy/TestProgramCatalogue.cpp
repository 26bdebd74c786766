#include "server/policy/ProgramCatalogue.h"

#include <QTest>

using namespace pmcp;

class TestProgramCatalogue final : public QObject {
    Q_OBJECT

private slots:
    void classifies_data();
    void classifies();
    void judges_data();
    void judges();
    void unknownReasonSaysHowToAllow();
    void programsByPathMustBeInSystemDirectories_data();
    void programsByPathMustBeInSystemDirectories();
    void variables_data();
    void variables();
    void wrappersCarryAGrammar();
};

namespace {

QList<CommandWord> words(const QString &line)
{
    QList<CommandWord> out;
    for (const QString &word : line.split(u' ', Qt::SkipEmptyParts))
        out.append({word, word.contains(u'$'), false, false});
    return out;
}

} // namespace

void TestProgramCatalogue::classifies_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<int>("kind");
    QTest::newRow("ls") << QStringLiteral("ls") << int(ProgramKind::Inspect);
    QTest::newRow("df") << QStringLiteral("df") << int(ProgramKind::Inspect);
    QTest::newRow("qm") << QStringLiteral("qm") << int(ProgramKind::Admin);
    QTest::newRow("zpool") << QStringLiteral("zpool") << int(ProgramKind::Admin);
    QTest::newRow("rm") << QStringLiteral("rm") << int(ProgramKind::Files);
    QTest::newRow("cd") << QStringLiteral("cd") << int(ProgramKind::Builtin);
    QTest::newRow("sudo") << QStringLiteral("sudo") << int(ProgramKind::Wrapper);
    QTest::newRow("env") << QStringLiteral("env") << int(ProgramKind::Wrapper);
    QTest::newRow("bash") << QStringLiteral("bash") << int(ProgramKind::Shell);
    QTest::newRow("python3") << QStringLiteral("python3") << int(ProgramKind::Interpreter);
    QTest::newRow("by path") << QStringLiteral("/usr/sbin/qm") << int(ProgramKind::Admin);
}

void TestProgramCatalogue::classifies()
{
    QFETCH(QString, program);
    QFETCH(int, kind);
    const ProgramEntry *entry = ProgramCatalogue::builtIn().find(program);
    QVERIFY(entry);
    QCOMPARE(int(entry->kind), kind);
    QVERIFY(ProgramCatalogue::builtIn().names(ProgramKind(kind)).contains(entry->name));
}

void TestProgramCatalogue::judges_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("rule"); // empty: known
    QTest::newRow("inspect") << QStringLiteral("ls -la /etc") << QString();
    QTest::newRow("qm read") << QStringLiteral("qm config 100") << QString();
    QTest::newRow("qm option first") << QStringLiteral("qm --help") << QString();
    QTest::newRow("qm monitor") << QStringLiteral("qm monitor 100")
                                << QStringLiteral("unknown-subcommand");
    QTest::newRow("zfs program") << QStringLiteral("zfs program rpool x.lua")
                                 << QStringLiteral("unknown-subcommand");
    QTest::newRow("dynamic subcommand")
        << QStringLiteral("qm $SUB 100") << QStringLiteral("unknown-subcommand");
    QTest::newRow("unknown") << QStringLiteral("sqlite3 db") << QStringLiteral("unknown-program");
    QTest::newRow("tar action") << QStringLiteral("tar --to-command=sh -xf a")
                                << QStringLiteral("hidden-code");
    QTest::newRow("tar cluster P") << QStringLiteral("tar -xPf a") << QStringLiteral("hidden-code");
    QTest::newRow("tar old style I")
        << QStringLiteral("tar xIf sh a") << QStringLiteral("hidden-code");
    QTest::newRow("tar value is not a cluster")
        << QStringLiteral("tar -cf /tmp/P.tar /etc") << QString();
    QTest::newRow("git -c") << QStringLiteral("git -c core.pager=sh log")
                            << QStringLiteral("hidden-code");
    QTest::newRow("git config set")
        << QStringLiteral("git config core.editor x") << QStringLiteral("hidden-code");
    QTest::newRow("git config get") << QStringLiteral("git config --get user.name") << QString();
    QTest::newRow("rsync plain ssh") << QStringLiteral("rsync -e ssh a b:c") << QString();
    QTest::newRow("rsync ssh with port") << QStringLiteral("rsync --rsh=ssh a b:c") << QString();
    QTest::newRow("rsync other rsh")
        << QStringLiteral("rsync -esh a b:c") << QStringLiteral("hidden-code");
    QTest::newRow("apt -o") << QStringLiteral("apt -o X=1 update") << QStringLiteral("hidden-code");
    QTest::newRow("sed e") << QStringLiteral("sed 1e a") << QStringLiteral("inline-interpreter");
    QTest::newRow("awk system") << QStringLiteral("awk BEGIN{system(\"x\")}")
                                << QStringLiteral("inline-interpreter");
    QTest::newRow("dpkg query") << QStringLiteral("dpkg -l") << QString();
    QTest::newRow("dpkg install") << QStringLiteral("dpkg -i x.deb")
                                  << QStringLiteral("unknown-subcommand");
}

void TestProgramCatalogue::judges()
{
    QFETCH(QString, line);
    QFETCH(QString, rule);
    const CatalogueVerdict verdict = ProgramCatalogue::builtIn().judge(words(line));
    QCOMPARE(verdict.rule, rule);
    QCOMPARE(verdict.kind == CatalogueVerdict::Kind::Known, rule.isEmpty());
    if (!rule.isEmpty())
        QVERIFY(!verdict.reason.isEmpty());
}

void TestProgramCatalogue::unknownReasonSaysHowToAllow()
{
    const CatalogueVerdict verdict =
        ProgramCatalogue::builtIn().judge(words(QStringLiteral("frob -x")));
    QCOMPARE(verdict.kind, CatalogueVerdict::Kind::Unknown);
    QVERIFY(verdict.reason.contains(QLatin1String("frob is not a program the policy knows")));
    QVERIFY(verdict.reason.contains(QLatin1String("'allow allow-frob frob'")));
    const CatalogueVerdict path =
        ProgramCatalogue::builtIn().judge(words(QStringLiteral("/tmp/ls")));
    QVERIFY(path.reason.contains(QLatin1String("/tmp/ls is a file outside the system program")));
    const CatalogueVerdict sub =
        ProgramCatalogue::builtIn().judge(words(QStringLiteral("qm monitor 1")));
    QVERIFY(sub.reason.contains(QLatin1String("'allow allow-qm-monitor qm monitor'")));
}

void TestProgramCatalogue::programsByPathMustBeInSystemDirectories_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<bool>("system");
    QTest::newRow("name") << QStringLiteral("qm") << true;
    QTest::newRow("/usr/sbin") << QStringLiteral("/usr/sbin/qm") << true;
    QTest::newRow("/bin") << QStringLiteral("/bin/ls") << true;
    QTest::newRow("/usr/local/bin") << QStringLiteral("/usr/local/bin/x") << true;
    QTest::newRow("cleaned") << QStringLiteral("/usr//bin/./ls") << true;
    QTest::newRow("tmp") << QStringLiteral("/tmp/ls") << false;
    QTest::newRow("climbing out") << QStringLiteral("/usr/bin/../../tmp/ls") << false;
    QTest::newRow("relative") << QStringLiteral("./ls") << false;
    QTest::newRow("subdirectory") << QStringLiteral("/usr/bin/x/ls") << false;
}

void TestProgramCatalogue::programsByPathMustBeInSystemDirectories()
{
    QFETCH(QString, program);
    QFETCH(bool, system);
    QCOMPARE(ProgramCatalogue::inSystemDirectory(program), system);
}

void TestProgramCatalogue::variables_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("refused");
    QTest::newRow("LANG") << QStringLiteral("LANG") << QStringLiteral("C") << false;
    QTest::newRow("LD_PRELOAD") << QStringLiteral("LD_PRELOAD") << QStringLiteral("/x.so") << true;
    QTest::newRow("LD_AUDIT") << QStringLiteral("LD_AUDIT") << QStringLiteral("/x.so") << true;
    QTest::newRow("BASH_ENV") << QStringLiteral("BASH_ENV") << QStringLiteral("/x") << true;
    QTest::newRow("PS4") << QStringLiteral("PS4") << QStringLiteral("$(x)") << true;
    QTest::newRow("CDPATH") << QStringLiteral("CDPATH") << QStringLiteral("/") << true;
    QTest::newRow("bash function")
        << QStringLiteral("BASH_FUNC_ls%%") << QStringLiteral("()") << true;
    QTest::newRow("PATH appended")
        << QStringLiteral("PATH") << QStringLiteral("$PATH:/usr/local/sbin") << false;
    QTest::newRow("PATH system") << QStringLiteral("PATH") << QStringLiteral("/usr/bin:/bin")
                                 << false;
    QTest::newRow("PATH prepended")
        << QStringLiteral("PATH") << QStringLiteral("/tmp:$PATH") << true;
    QTest::newRow("PATH elsewhere") << QStringLiteral("PATH") << QStringLiteral("/tmp") << true;
}

void TestProgramCatalogue::variables()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(bool, refused);
    const QString why = ProgramCatalogue::variableRefusal(name, value);
    QCOMPARE(!why.isEmpty(), refused);
    if (refused)
        QVERIFY(why.contains(name));
}

void TestProgramCatalogue::wrappersCarryAGrammar()
{
    const ProgramCatalogue &catalogue = ProgramCatalogue::builtIn();
    for (const QString &name : catalogue.names(ProgramKind::Wrapper)) {
        const ProgramEntry *entry = catalogue.find(name);
        QVERIFY(entry);
        for (const QString &option : entry->runsNothing + entry->chdirOptions + entry->rootOptions +
                                         entry->writeOptions + entry->scriptOptions) {
            // Every option a wrapper gives a meaning to is one its grammar knows.
            const bool known =
                option.startsWith(QLatin1String("--"))
                    ? (entry->options.longFlags + entry->options.longValued +
                       entry->options.longOptional)
                          .contains(option.mid(2))
                    : (entry->options.flags + entry->options.valued + entry->options.optional)
                          .contains(option.mid(1));
            QVERIFY2(known, qPrintable(name + u' ' + option));
        }
    }
    const ProgramEntry *sudo = catalogue.find(QStringLiteral("sudo"));
    QVERIFY(sudo->options.valued.contains(u'C'));
    QVERIFY(sudo->refused.contains(QStringLiteral("-s")));
}

QTEST_GUILESS_MAIN(TestProgramCatalogue)
#include "TestProgramCatalogue.moc"
