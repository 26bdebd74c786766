#include "server/policy/WordExpander.h"

#include "server/policy/ShellLexer.h"

#include <QTest>

using namespace pmcp;

class TestWordExpander final : public QObject {
    Q_OBJECT

private slots:
    void expands_data();
    void expands();
    void tilde_data();
    void tilde();
    void tooLargeIsAnError();
};

namespace {

ShellWord lex(const QString &source)
{
    auto tokens = ShellLexer::tokenize(source);
    return tokens.ok() && !tokens.value().isEmpty() ? tokens.value().first().word : ShellWord{};
}

} // namespace

void TestWordExpander::expands_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QStringList>("words");
    QTest::newRow("no braces") << QStringLiteral("abc") << QStringList{QStringLiteral("abc")};
    QTest::newRow("list") << QStringLiteral("{rm,-rf,/}")
                          << QStringList{QStringLiteral("rm"), QStringLiteral("-rf"),
                                         QStringLiteral("/")};
    QTest::newRow("prefix suffix")
        << QStringLiteral("a{b,c}d") << QStringList{QStringLiteral("abd"), QStringLiteral("acd")};
    QTest::newRow("empty alternative")
        << QStringLiteral("/{,tmp}") << QStringList{QStringLiteral("/"), QStringLiteral("/tmp")};
    QTest::newRow("nested") << QStringLiteral("{a,{b,c}}")
                            << QStringList{QStringLiteral("a"), QStringLiteral("b"),
                                           QStringLiteral("c")};
    QTest::newRow("two groups") << QStringLiteral("{a,b}{1,2}")
                                << QStringList{QStringLiteral("a1"), QStringLiteral("a2"),
                                               QStringLiteral("b1"), QStringLiteral("b2")};
    QTest::newRow("numbers") << QStringLiteral("{1..3}")
                             << QStringList{QStringLiteral("1"), QStringLiteral("2"),
                                            QStringLiteral("3")};
    QTest::newRow("numbers down with step")
        << QStringLiteral("{5..1..2}")
        << QStringList{QStringLiteral("5"), QStringLiteral("3"), QStringLiteral("1")};
    QTest::newRow("letters") << QStringLiteral("x{a..c}")
                             << QStringList{QStringLiteral("xa"), QStringLiteral("xb"),
                                            QStringLiteral("xc")};
    QTest::newRow("quoted braces stay")
        << QStringLiteral("'{a,b}'") << QStringList{QStringLiteral("{a,b}")};
    QTest::newRow("escaped comma")
        << QStringLiteral("{a\\,b}") << QStringList{QStringLiteral("{a,b}")};
    QTest::newRow("single element stays")
        << QStringLiteral("{a}") << QStringList{QStringLiteral("{a}")};
    QTest::newRow("find placeholder stays")
        << QStringLiteral("{}") << QStringList{QStringLiteral("{}")};
    // Sequences as bash 5.2 expands them (TestBashDifferential compares with bash itself).
    QTest::newRow("zero padded") << QStringLiteral("{01..03}")
                                 << QStringList{QStringLiteral("01"), QStringLiteral("02"),
                                                QStringLiteral("03")};
    QTest::newRow("negative padded")
        << QStringLiteral("{-01..1}")
        << QStringList{QStringLiteral("-01"), QStringLiteral("000"), QStringLiteral("001")};
    QTest::newRow("plus sign") << QStringLiteral("{+1..2}")
                               << QStringList{QStringLiteral("1"), QStringLiteral("2")};
    QTest::newRow("letters with step")
        << QStringLiteral("{a..e..2}")
        << QStringList{QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("e")};
    QTest::newRow("negative step is a step")
        << QStringLiteral("{1..3..-2}") << QStringList{QStringLiteral("1"), QStringLiteral("3")};
    QTest::newRow("zero step is one")
        << QStringLiteral("{1..2..0}") << QStringList{QStringLiteral("1"), QStringLiteral("2")};
    QTest::newRow("program from braces")
        << QStringLiteral("{c..c}at") << QStringList{QStringLiteral("cat")};
}

void TestWordExpander::expands()
{
    QFETCH(QString, source);
    QFETCH(QStringList, words);
    auto expanded = WordExpander::expand(lex(source));
    QVERIFY(expanded.ok());
    QStringList texts;
    for (const CommandWord &word : expanded.value())
        texts << word.text;
    QCOMPARE(texts, words);
}

void TestWordExpander::tilde_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("dynamic");
    QTest::newRow("root") << QStringLiteral("~root/.ssh") << QStringLiteral("/root/.ssh") << false;
    QTest::newRow("own home") << QStringLiteral("~") << QStringLiteral("~") << true;
    QTest::newRow("other user") << QStringLiteral("~bob/x") << QStringLiteral("~bob/x") << true;
    QTest::newRow("quoted") << QStringLiteral("'~root'") << QStringLiteral("~root") << false;
    QTest::newRow("not at start") << QStringLiteral("a~root") << QStringLiteral("a~root") << false;
}

void TestWordExpander::tilde()
{
    QFETCH(QString, source);
    QFETCH(QString, text);
    QFETCH(bool, dynamic);
    auto expanded = WordExpander::expand(lex(source));
    QVERIFY(expanded.ok());
    QCOMPARE(expanded.value().first().text, text);
    QCOMPARE(expanded.value().first().dynamic, dynamic);
}

void TestWordExpander::tooLargeIsAnError()
{
    // bash turns the backslash of {Z..a} into an empty word: refused, not imitated.
    QVERIFY(!WordExpander::expand(lex(QStringLiteral("{Z..a}"))).ok());
    QVERIFY(WordExpander::expand(lex(QStringLiteral("{1..100000}"))).value().size() == 1);
    QVERIFY(
        !WordExpander::expand(
             lex(QStringLiteral("{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}")))
             .ok());
}

QTEST_GUILESS_MAIN(TestWordExpander)
#include "TestWordExpander.moc"
