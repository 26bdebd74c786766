#include "server/policy/ShellParser.h"

#include <QTest>

using namespace pmcp;

class TestShellParser final : public QObject {
    Q_OBJECT

private slots:
    void simpleCommands_data();
    void simpleCommands();
    void assignmentsAndRedirections();
    void otherWordsCarrySubstitutions_data();
    void otherWordsCarrySubstitutions();
    void refused_data();
    void refused();
    void writingRedirections_data();
    void writingRedirections();
};

namespace {

QStringList commandTexts(const ShellScript &script)
{
    QStringList out;
    for (const SimpleCommand &command : script.commands) {
        QStringList words;
        for (const ShellWord &word : command.words)
            words << word.text;
        out << words.join(u' ');
    }
    return out;
}

} // namespace

void TestShellParser::simpleCommands_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QStringList>("commands");
    QTest::newRow("one") << QStringLiteral("qm list") << QStringList{QStringLiteral("qm list")};
    QTest::newRow("list") << QStringLiteral("a; b && c || d")
                          << QStringList{QStringLiteral("a"), QStringLiteral("b"),
                                         QStringLiteral("c"), QStringLiteral("d")};
    QTest::newRow("pipeline") << QStringLiteral("a | b |& c")
                              << QStringList{QStringLiteral("a"), QStringLiteral("b"),
                                             QStringLiteral("c")};
    QTest::newRow("subshell and group")
        << QStringLiteral("(a; b) && { c; }")
        << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    QTest::newRow("if") << QStringLiteral("if a; then b; elif c; then d; else e; fi")
                        << QStringList{QStringLiteral("a"), QStringLiteral("b"),
                                       QStringLiteral("c"), QStringLiteral("d"),
                                       QStringLiteral("e")};
    QTest::newRow("for") << QStringLiteral("for i in 1 2; do b $i; done")
                         << QStringList{QStringLiteral("b $i")};
    QTest::newRow("for without in")
        << QStringLiteral("for i; do b; done") << QStringList{QStringLiteral("b")};
    QTest::newRow("arithmetic for")
        << QStringLiteral("for ((i=0;i<3;i++)); do b; done") << QStringList{QStringLiteral("b")};
    QTest::newRow("while") << QStringLiteral("while a; do b; done")
                           << QStringList{QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("until") << QStringLiteral("until a\ndo b\ndone")
                           << QStringList{QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("case") << QStringLiteral("case $x in a|b) c;; (d) e;& *) f;; esac")
                          << QStringList{QStringLiteral("c"), QStringLiteral("e"),
                                         QStringLiteral("f")};
    QTest::newRow("negation") << QStringLiteral("! a") << QStringList{QStringLiteral("a")};
    QTest::newRow("reserved word as argument")
        << QStringLiteral("echo if then fi") << QStringList{QStringLiteral("echo if then fi")};
    QTest::newRow("quoted reserved word")
        << QStringLiteral("'if' x") << QStringList{QStringLiteral("if x")};
    QTest::newRow("background") << QStringLiteral("a & b")
                                << QStringList{QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("time") << QStringLiteral("time a") << QStringList{QStringLiteral("a")};
    QTest::newRow("time -p --") << QStringLiteral("time -p -- a")
                                << QStringList{QStringLiteral("a")};
    QTest::newRow("time -p -p") << QStringLiteral("time -p -p a")
                                << QStringList{QStringLiteral("-p a")};
    QTest::newRow("time after a pipe is a command")
        << QStringLiteral("a | time b")
        << QStringList{QStringLiteral("a"), QStringLiteral("time b")};
    QTest::newRow("time and !") << QStringLiteral("! time ! a") << QStringList{QStringLiteral("a")};
    QTest::newRow("coproc simple")
        << QStringLiteral("coproc rm -rf x") << QStringList{QStringLiteral("rm -rf x")};
    QTest::newRow("coproc NAME group")
        << QStringLiteral("coproc NAME { rm -rf x; }") << QStringList{QStringLiteral("rm -rf x")};
    QTest::newRow("coproc NAME alone is a command")
        << QStringLiteral("coproc NAME") << QStringList{QStringLiteral("NAME")};
    QTest::newRow("((a) ) is a subshell")
        << QStringLiteral("((rm -rf x) )") << QStringList{QStringLiteral("rm -rf x")};
    QTest::newRow("[[ ]] is one command, operators as words")
        << QStringLiteral("[[ -f x && ( a < b ) ]] && c")
        << QStringList{QStringLiteral("[[ -f x && ( a < b ) ]]"), QStringLiteral("c")};
    QTest::newRow("for with a brace body")
        << QStringLiteral("for i in a; { b; }") << QStringList{QStringLiteral("b")};
    QTest::newRow("for i do") << QStringLiteral("for i do b; done")
                              << QStringList{QStringLiteral("b")};
    QTest::newRow("closer after a group") << QStringLiteral("if a; then { b; } fi")
                                          << QStringList{QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("newline after &&")
        << QStringLiteral("a &&\n\nb") << QStringList{QStringLiteral("a"), QStringLiteral("b")};
}

void TestShellParser::simpleCommands()
{
    QFETCH(QString, source);
    QFETCH(QStringList, commands);
    auto script = ShellParser::parse(source);
    QVERIFY2(script.ok(), script.ok() ? "" : qPrintable(script.error().message));
    QCOMPARE(commandTexts(script.value()), commands);
}

void TestShellParser::assignmentsAndRedirections()
{
    auto script = ShellParser::parse(QStringLiteral("A=1 B='x y' cmd arg C=2 > out 2>&1"));
    QVERIFY(script.ok());
    QCOMPARE(script.value().commands.size(), 1);
    const SimpleCommand &command = script.value().commands.first();
    QCOMPARE(command.assignments.size(), 2);
    QCOMPARE(command.assignments.at(1).text, QStringLiteral("B=x y"));
    QCOMPARE(commandTexts(script.value()).first(), QStringLiteral("cmd arg C=2"));
    QCOMPARE(command.redirections.size(), 2);
    QVERIFY(command.redirections.at(0).writes());
    QVERIFY(!command.redirections.at(1).writes());
}

void TestShellParser::otherWordsCarrySubstitutions_data()
{
    QTest::addColumn<QString>("source");
    QTest::newRow("for list") << QStringLiteral("for i in $(id); do :; done");
    QTest::newRow("case subject") << QStringLiteral("case $(id) in *) :;; esac");
    QTest::newRow("case pattern") << QStringLiteral("case x in $(id)) :;; esac");
}

void TestShellParser::otherWordsCarrySubstitutions()
{
    QFETCH(QString, source);
    auto script = ShellParser::parse(source);
    QVERIFY(script.ok());
    QStringList bodies;
    for (const ShellWord &word : script.value().otherWords)
        bodies << word.substitutions;
    QCOMPARE(bodies, QStringList{QStringLiteral("id")});
}

void TestShellParser::refused_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("functionDefinition");
    QTest::newRow("posix function") << QStringLiteral("f() { a; }") << true;
    QTest::newRow("bash function") << QStringLiteral("function f { a; }") << true;
    QTest::newRow("open subshell") << QStringLiteral("(a") << false;
    QTest::newRow("stray paren") << QStringLiteral("a)") << false;
    QTest::newRow("open group") << QStringLiteral("{ a;") << false;
    QTest::newRow("stray brace") << QStringLiteral("a; }") << false;
    QTest::newRow("open if") << QStringLiteral("if a; then b") << false;
    QTest::newRow("fi without if") << QStringLiteral("fi") << false;
    QTest::newRow("open loop") << QStringLiteral("while a; do b") << false;
    QTest::newRow("open case") << QStringLiteral("case x in a) b;;") << false;
    QTest::newRow("terminator outside case") << QStringLiteral("a;;") << false;
    QTest::newRow("paren after words") << QStringLiteral("a b (c)") << false;
    QTest::newRow("mismatched closers") << QStringLiteral("if a; then b; done") << false;
    // What bash 5.2 rejects too (TestBashDifferential checks these against bash -n).
    QTest::newRow("! after a pipe") << QStringLiteral("a | ! b") << false;
    QTest::newRow("nothing after &&") << QStringLiteral("a &&") << false;
    QTest::newRow("nothing after |") << QStringLiteral("a |") << false;
    QTest::newRow("nothing before ;") << QStringLiteral("; a") << false;
    QTest::newRow("empty command") << QStringLiteral("a; ; b") << false;
    QTest::newRow("& &") << QStringLiteral("a & & b") << false;
    QTest::newRow("if without then") << QStringLiteral("if a; fi") << false;
    QTest::newRow("empty then") << QStringLiteral("if a; then fi") << false;
    QTest::newRow("do without while") << QStringLiteral("do a; done") << false;
    QTest::newRow("empty group") << QStringLiteral("{ }") << false;
    QTest::newRow("empty subshell") << QStringLiteral("( )") << false;
    QTest::newRow("word after subshell") << QStringLiteral("(a) b") << false;
    QTest::newRow("group after group") << QStringLiteral("{ a; } { b; }") << false;
    QTest::newRow("coproc alone") << QStringLiteral("coproc") << false;
    QTest::newRow("two words in a case pattern")
        << QStringLiteral("case x in a b) c;; esac") << false;
    QTest::newRow("paren inside a case pattern")
        << QStringLiteral("case x in a|(b)) c;; esac") << false;
    // Not modelled: refused.
    QTest::newRow("regex in [[ ]]") << QStringLiteral("[[ x =~ a ]]") << false;
    QTest::newRow("open [[") << QStringLiteral("[[ a") << false;
}

void TestShellParser::refused()
{
    QFETCH(QString, source);
    QFETCH(bool, functionDefinition);
    auto script = ShellParser::parse(source);
    QVERIFY(!script.ok());
    QCOMPARE(script.error().code == ErrorCode::Unsupported, functionDefinition);
}

void TestShellParser::writingRedirections_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("writes");
    QTest::newRow(">") << QStringLiteral("a > f") << true;
    QTest::newRow(">>") << QStringLiteral("a >> f") << true;
    QTest::newRow(">|") << QStringLiteral("a >| f") << true;
    QTest::newRow("&>") << QStringLiteral("a &> f") << true;
    QTest::newRow("<>") << QStringLiteral("a <> f") << true;
    QTest::newRow(">& file") << QStringLiteral("a >& f") << true;
    QTest::newRow(">& fd") << QStringLiteral("a >& 2") << false;
    QTest::newRow("<") << QStringLiteral("a < f") << false;
    QTest::newRow("<<<") << QStringLiteral("a <<< f") << false;
}

void TestShellParser::writingRedirections()
{
    QFETCH(QString, source);
    QFETCH(bool, writes);
    auto script = ShellParser::parse(source);
    QVERIFY(script.ok());
    QCOMPARE(script.value().commands.first().redirections.first().writes(), writes);
}

QTEST_GUILESS_MAIN(TestShellParser)
#include "TestShellParser.moc"
