#include "server/policy/ShellLexer.h"

#include <QTest>

using namespace pmcp;

class TestShellLexer final : public QObject {
    Q_OBJECT

private slots:
    void wordsAfterQuoteRemoval_data();
    void wordsAfterQuoteRemoval();
    void operatorsAndRedirections_data();
    void operatorsAndRedirections();
    void substitutionsAreCollected_data();
    void substitutionsAreCollected();
    void expansionFlags_data();
    void expansionFlags();
    void hereDocBodies();
    void literalCodeIsNoted_data();
    void literalCodeIsNoted();
    void errors_data();
    void errors();
    void hereDocContinuation();
};

namespace {

// Tokens rendered compactly: W:text, O:op, R:op>target.
QStringList render(const QList<ShellToken> &tokens)
{
    QStringList out;
    for (const ShellToken &token : tokens) {
        switch (token.kind) {
        case ShellToken::Kind::Word:
            out << QStringLiteral("W:") + token.word.text;
            break;
        case ShellToken::Kind::Operator:
            out << QStringLiteral("O:") + (token.op == u"\n" ? QStringLiteral("NL") : token.op);
            break;
        case ShellToken::Kind::Redirect:
            out << QStringLiteral("R:%1%2>%3")
                       .arg(token.ioNumber >= 0 ? QString::number(token.ioNumber) : QString(),
                            token.op, token.word.text);
            break;
        case ShellToken::Kind::Arithmetic:
            out << QStringLiteral("A");
            break;
        }
    }
    return out;
}

} // namespace

void TestShellLexer::wordsAfterQuoteRemoval_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QStringList>("words");
    QTest::newRow("plain") << QStringLiteral("rm -rf /")
                           << QStringList{QStringLiteral("W:rm"), QStringLiteral("W:-rf"),
                                          QStringLiteral("W:/")};
    QTest::newRow("adjacent quotes")
        << QStringLiteral("\"r\"\"m\"") << QStringList{QStringLiteral("W:rm")};
    QTest::newRow("single quotes")
        << QStringLiteral("'a b' c") << QStringList{QStringLiteral("W:a b"), QStringLiteral("W:c")};
    QTest::newRow("backslash") << QStringLiteral("r\\m a\\ b")
                               << QStringList{QStringLiteral("W:rm"), QStringLiteral("W:a b")};
    QTest::newRow("escape in double quotes")
        << QStringLiteral("\"a\\\"b\\n\"") << QStringList{QStringLiteral("W:a\"b\\n")};
    QTest::newRow("ansi-c hex") << QStringLiteral("$'\\x72m'")
                                << QStringList{QStringLiteral("W:rm")};
    QTest::newRow("ansi-c octal") << QStringLiteral("$'\\162\\155'")
                                  << QStringList{QStringLiteral("W:rm")};
    QTest::newRow("ansi-c quote") << QStringLiteral("$'it\\'s'")
                                  << QStringList{QStringLiteral("W:it's")};
    QTest::newRow("line continuation")
        << QStringLiteral("r\\\nm") << QStringList{QStringLiteral("W:rm")};
    QTest::newRow("comment") << QStringLiteral("ls # rm -rf /")
                             << QStringList{QStringLiteral("W:ls")};
    QTest::newRow("hash inside word")
        << QStringLiteral("echo a#b")
        << QStringList{QStringLiteral("W:echo"), QStringLiteral("W:a#b")};
    QTest::newRow("dollar alone") << QStringLiteral("echo $")
                                  << QStringList{QStringLiteral("W:echo"), QStringLiteral("W:$")};
    // $'...' decoded as bash 5.2 decodes it (TestBashDifferential compares with bash itself).
    QTest::newRow("ansi-c \\E and \\e")
        << QStringLiteral("$'\\E\\e'") << QStringList{QStringLiteral("W:\x1b\x1b")};
    QTest::newRow("ansi-c \\x without digits")
        << QStringLiteral("$'\\xZ'") << QStringList{QStringLiteral("W:\\xZ")};
    QTest::newRow("ansi-c \\u ascii")
        << QStringLiteral("$'\\u0072m'") << QStringList{QStringLiteral("W:rm")};
    QTest::newRow("ansi-c control")
        << QStringLiteral("$'\\cA\\c?'") << QStringList{QStringLiteral("W:\x01\x7f")};
    QTest::newRow("ansi-c control backslash")
        << QStringLiteral("$'\\c\\\\x'") << QStringList{QStringLiteral("W:\x1cx")};
    QTest::newRow("ansi-c octal is three digits")
        << QStringLiteral("$'\\0101'") << QStringList{QStringLiteral("W:\b1")};
    QTest::newRow("ansi-c unknown escape kept")
        << QStringLiteral("$'\\q'") << QStringList{QStringLiteral("W:\\q")};
    QTest::newRow("process substitution inside a word")
        << QStringLiteral("echo x<(id)y")
        << QStringList{QStringLiteral("W:echo"), QStringLiteral("W:x<(id)y")};
    QTest::newRow("((a) ) is a subshell")
        << QStringLiteral("((a) )")
        << QStringList{QStringLiteral("O:("), QStringLiteral("O:("), QStringLiteral("W:a"),
                       QStringLiteral("O:)"), QStringLiteral("O:)")};
    QTest::newRow("(( a )) is arithmetic")
        << QStringLiteral("(( (a) ))") << QStringList{QStringLiteral("A")};
    QTest::newRow("old arithmetic")
        << QStringLiteral("echo $[1 + 2]")
        << QStringList{QStringLiteral("W:echo"), QStringLiteral("W:$[1 + 2]")};
}

void TestShellLexer::wordsAfterQuoteRemoval()
{
    QFETCH(QString, source);
    QFETCH(QStringList, words);
    auto tokens = ShellLexer::tokenize(source);
    QVERIFY(tokens.ok());
    QCOMPARE(render(tokens.value()), words);
}

void TestShellLexer::operatorsAndRedirections_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QStringList>("tokens");
    QTest::newRow("list") << QStringLiteral("a;b&&c||d|e&f")
                          << QStringList{QStringLiteral("W:a"), QStringLiteral("O:;"),
                                         QStringLiteral("W:b"), QStringLiteral("O:&&"),
                                         QStringLiteral("W:c"), QStringLiteral("O:||"),
                                         QStringLiteral("W:d"), QStringLiteral("O:|"),
                                         QStringLiteral("W:e"), QStringLiteral("O:&"),
                                         QStringLiteral("W:f")};
    QTest::newRow("newline") << QStringLiteral("a\nb")
                             << QStringList{QStringLiteral("W:a"), QStringLiteral("O:NL"),
                                            QStringLiteral("W:b")};
    QTest::newRow("subshell") << QStringLiteral("(a)")
                              << QStringList{QStringLiteral("O:("), QStringLiteral("W:a"),
                                             QStringLiteral("O:)")};
    QTest::newRow("case terminator")
        << QStringLiteral("a;;") << QStringList{QStringLiteral("W:a"), QStringLiteral("O:;;")};
    QTest::newRow("redirect out") << QStringLiteral("a > f")
                                  << QStringList{QStringLiteral("W:a"), QStringLiteral("R:>>f")};
    QTest::newRow("append no space")
        << QStringLiteral("a>>f") << QStringList{QStringLiteral("W:a"), QStringLiteral("R:>>>f")};
    QTest::newRow("io number") << QStringLiteral("a 2>&1")
                               << QStringList{QStringLiteral("W:a"), QStringLiteral("R:2>&>1")};
    QTest::newRow("clobber") << QStringLiteral("a >|f")
                             << QStringList{QStringLiteral("W:a"), QStringLiteral("R:>|>f")};
    QTest::newRow("both") << QStringLiteral("a &>f")
                          << QStringList{QStringLiteral("W:a"), QStringLiteral("R:&>>f")};
    QTest::newRow("here-string") << QStringLiteral("a <<< x")
                                 << QStringList{QStringLiteral("W:a"), QStringLiteral("R:<<<>x")};
    QTest::newRow("digits are a word")
        << QStringLiteral("echo 2 > f")
        << QStringList{QStringLiteral("W:echo"), QStringLiteral("W:2"), QStringLiteral("R:>>f")};
    QTest::newRow("arithmetic command")
        << QStringLiteral("((x=1))") << QStringList{QStringLiteral("A")};
}

void TestShellLexer::operatorsAndRedirections()
{
    QFETCH(QString, source);
    QFETCH(QStringList, tokens);
    auto lexed = ShellLexer::tokenize(source);
    QVERIFY(lexed.ok());
    QCOMPARE(render(lexed.value()), tokens);
}

void TestShellLexer::substitutionsAreCollected_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QStringList>("bodies");
    QTest::newRow("dollar paren") << QStringLiteral("echo $(rm -rf /)")
                                  << QStringList{QStringLiteral("rm -rf /")};
    QTest::newRow("backtick") << QStringLiteral("echo `id`") << QStringList{QStringLiteral("id")};
    QTest::newRow("escaped backtick inside")
        << QStringLiteral("echo `echo \\`id\\``") << QStringList{QStringLiteral("echo `id`")};
    QTest::newRow("in double quotes")
        << QStringLiteral("echo \"x$(id)y\"") << QStringList{QStringLiteral("id")};
    QTest::newRow("nested parens")
        << QStringLiteral("echo $(echo (a) $(b))") << QStringList{QStringLiteral("echo (a) $(b)")};
    QTest::newRow("quoted paren") << QStringLiteral("echo $(echo ')')")
                                  << QStringList{QStringLiteral("echo ')'")};
    QTest::newRow("process substitution")
        << QStringLiteral("cat <(id)") << QStringList{QStringLiteral("id")};
    QTest::newRow("not in single quotes") << QStringLiteral("echo '$(id)'") << QStringList{};
    QTest::newRow("arithmetic is not a command")
        << QStringLiteral("echo $((1+2))") << QStringList{};
    QTest::newRow("a shift in arithmetic is no here-document")
        << QStringLiteral("echo $((1 << 4)); ((x = 1 << 2))") << QStringList{};
    QTest::newRow("$((a) ) is a substitution")
        << QStringLiteral("echo $((a) )") << QStringList{QStringLiteral("(a) ")};
    QTest::newRow("a comment hides a paren")
        << QStringLiteral("echo $(a # )\nb)") << QStringList{QStringLiteral("a # )\nb")};
    QTest::newRow("$# is not a comment")
        << QStringLiteral("echo $(echo $# )") << QStringList{QStringLiteral("echo $# ")};
    QTest::newRow("ansi-c quote inside") << QStringLiteral("echo $(echo $'\\')' b)")
                                         << QStringList{QStringLiteral("echo $'\\')' b")};
}

void TestShellLexer::substitutionsAreCollected()
{
    QFETCH(QString, source);
    QFETCH(QStringList, bodies);
    auto tokens = ShellLexer::tokenize(source);
    QVERIFY(tokens.ok());
    QStringList found;
    for (const ShellToken &token : tokens.value())
        found << token.word.substitutions;
    QCOMPARE(found, bodies);
}

void TestShellLexer::expansionFlags_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("dynamic");
    QTest::addColumn<bool>("ifs");
    QTest::addColumn<bool>("glob");
    QTest::newRow("literal") << QStringLiteral("abc") << false << false << false;
    QTest::newRow("variable") << QStringLiteral("$HOME") << true << false << false;
    QTest::newRow("braced") << QStringLiteral("${HOME}/x") << true << false << false;
    QTest::newRow("positional") << QStringLiteral("$1") << true << false << false;
    QTest::newRow("ifs") << QStringLiteral("a${IFS}b") << true << true << false;
    QTest::newRow("ifs plain") << QStringLiteral("a$IFS") << true << true << false;
    QTest::newRow("glob") << QStringLiteral("*.conf") << false << false << true;
    QTest::newRow("quoted glob") << QStringLiteral("'*.conf'") << false << false << false;
    QTest::newRow("substitution") << QStringLiteral("$(id)") << true << false << false;
}

void TestShellLexer::expansionFlags()
{
    QFETCH(QString, source);
    QFETCH(bool, dynamic);
    QFETCH(bool, ifs);
    QFETCH(bool, glob);
    auto tokens = ShellLexer::tokenize(source);
    QVERIFY(tokens.ok());
    QCOMPARE(tokens.value().size(), 1);
    QCOMPARE(tokens.value().first().word.dynamic, dynamic);
    QCOMPARE(tokens.value().first().word.ifs, ifs);
    QCOMPARE(tokens.value().first().word.glob, glob);
}

void TestShellLexer::hereDocBodies()
{
    auto tokens = ShellLexer::tokenize(
        QStringLiteral("cat <<EOF; cat <<-'END'\n$(id)\nEOF\n\tplain\n\tEND\necho after"));
    QVERIFY(tokens.ok());
    QList<ShellToken> redirects;
    for (const ShellToken &token : tokens.value()) {
        if (token.kind == ShellToken::Kind::Redirect)
            redirects << token;
    }
    QCOMPARE(redirects.size(), 2);
    QCOMPARE(redirects.at(0).hereDocBody, QStringLiteral("$(id)\n"));
    QVERIFY(redirects.at(0).hereDocExpands);
    QCOMPARE(redirects.at(1).hereDocBody, QStringLiteral("plain\n"));
    QVERIFY(!redirects.at(1).hereDocExpands);
    QCOMPARE(render(tokens.value()).last(), QStringLiteral("W:after"));
}

void TestShellLexer::literalCodeIsNoted_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("literalCode");
    QTest::newRow("single-quoted substitution") << QStringLiteral("y='a[$(id)]'") << true;
    QTest::newRow("single-quoted backtick") << QStringLiteral("y='`id`'") << true;
    QTest::newRow("escaped dollar") << QStringLiteral("y=\\$\\(id\\)") << true;
    QTest::newRow("ansi-c") << QStringLiteral("y=$'$(id)'") << true;
    QTest::newRow("real substitution") << QStringLiteral("y=$(id)") << false;
    QTest::newRow("plain quotes") << QStringLiteral("y='a b'") << false;
}

void TestShellLexer::literalCodeIsNoted()
{
    QFETCH(QString, source);
    QFETCH(bool, literalCode);
    auto tokens = ShellLexer::tokenize(source);
    QVERIFY(tokens.ok());
    QCOMPARE(tokens.value().first().word.literalCode, literalCode);
}

void TestShellLexer::errors_data()
{
    QTest::addColumn<QString>("source");
    QTest::newRow("single quote") << QStringLiteral("echo 'a");
    QTest::newRow("double quote") << QStringLiteral("echo \"a");
    QTest::newRow("ansi-c") << QStringLiteral("echo $'a");
    QTest::newRow("substitution") << QStringLiteral("echo $(a");
    QTest::newRow("backtick") << QStringLiteral("echo `a");
    QTest::newRow("brace parameter") << QStringLiteral("echo ${a");
    QTest::newRow("redirect without target") << QStringLiteral("echo >");
    QTest::newRow("substitution in arithmetic") << QStringLiteral("echo $(( $(id) ))");
    // Not modelled, so refused with a reason rather than approximated.
    QTest::newRow("quotes in ${...}") << QStringLiteral("echo ${x:-'}'; rm -rf /}");
    QTest::newRow("double quotes in ${...}") << QStringLiteral("echo ${x#\"}\"}");
    QTest::newRow("prompt transformation") << QStringLiteral("echo ${x@P}");
    QTest::newRow("locale string") << QStringLiteral("$\"rm\" -rf /");
    QTest::newRow("extglob") << QStringLiteral("ls @(a|b)");
    QTest::newRow("negated extglob") << QStringLiteral("ls !(a)");
    QTest::newRow("here-document in $(...)") << QStringLiteral("echo $(cat <<E\n)\nE\n)");
    QTest::newRow("substitution in quotes in $(...)") << QStringLiteral("echo $(echo \"$(id)\")");
    QTest::newRow("substitution in $[...]") << QStringLiteral("echo $[ $(id) ]");
    QTest::newRow("continuation after $") << QStringLiteral("echo $\\\n(id)");
    QTest::newRow("ansi-c NUL") << QStringLiteral("echo $'a\\0b'");
    QTest::newRow("ansi-c \\c@ is NUL") << QStringLiteral("echo $'\\c@'");
    QTest::newRow("ansi-c high byte") << QStringLiteral("echo $'\\xe9'");
    QTest::newRow("ansi-c high octal") << QStringLiteral("echo $'\\351'");
    QTest::newRow("ansi-c non-ascii \\u") << QStringLiteral("echo $'\\u00e9'");
    QTest::newRow("continuation in <<- body") << QStringLiteral("cat <<-E\n\ta\\\n\tE\nE\n");
}

void TestShellLexer::errors()
{
    QFETCH(QString, source);
    const auto tokens = ShellLexer::tokenize(source);
    QVERIFY(!tokens.ok());
    QVERIFY(!tokens.error().message.isEmpty());
}

// With an unquoted delimiter bash joins "a\\" and the next line before it looks for the
// delimiter, so the first "E" below is not the end.
void TestShellLexer::hereDocContinuation()
{
    auto tokens = ShellLexer::tokenize(QStringLiteral("cat <<E\na\\\nE\nE\necho b"));
    QVERIFY(tokens.ok());
    QCOMPARE(tokens.value().at(1).hereDocBody, QStringLiteral("aE\n"));
    QCOMPARE(render(tokens.value()).last(), QStringLiteral("W:b"));
    auto quoted = ShellLexer::tokenize(QStringLiteral("cat <<'E'\na\\\nE\necho b"));
    QVERIFY(quoted.ok());
    QCOMPARE(quoted.value().at(1).hereDocBody, QStringLiteral("a\\\n"));
}

QTEST_GUILESS_MAIN(TestShellLexer)
#include "TestShellLexer.moc"
