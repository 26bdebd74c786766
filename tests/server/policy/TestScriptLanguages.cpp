#include "server/policy/ScriptLanguages.h"

#include <QTest>

using namespace pmcp;

class TestScriptLanguages final : public QObject {
    Q_OBJECT

private slots:
    void sedScripts_data();
    void sedScripts();
    void sedOptions();
    void awkPrograms_data();
    void awkPrograms();
    void awkOptions();
};

void TestScriptLanguages::sedScripts_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<bool>("refused");
    QTest::newRow("print") << QStringLiteral("-n /x/p") << false;
    QTest::newRow("substitute") << QStringLiteral("s/a/b/g") << false;
    QTest::newRow("several") << QStringLiteral("s/a/b/;s|c|d|2;/x/d") << false;
    QTest::newRow("ranges and negation") << QStringLiteral("1,/end/!d") << false;
    QTest::newRow("escaped delimiter") << QStringLiteral("s/a\\/e/b/") << false;
    QTest::newRow("e in a pattern") << QStringLiteral("s/e/E/g") << false;
    QTest::newRow("append text with e") << QStringLiteral("a\\ execute") << false;
    QTest::newRow("labels") << QStringLiteral(":a;N;$!ba;s/\\n/ /g") << false;
    QTest::newRow("y") << QStringLiteral("y/abc/xyz/") << false;
    QTest::newRow("w to stdout") << QStringLiteral("s/a/b/w /dev/stdout") << false;
    QTest::newRow("read a file") << QStringLiteral("r /etc/hosts") << false;
    QTest::newRow("e command") << QStringLiteral("e id") << true;
    QTest::newRow("e after address") << QStringLiteral("1e id") << true;
    QTest::newRow("e flag") << QStringLiteral("s/x/id/e") << true;
    QTest::newRow("e flag among others") << QStringLiteral("s/x/id/gep") << true;
    QTest::newRow("e after a block") << QStringLiteral("/x/{p;e id\n}") << true;
    QTest::newRow("w file") << QStringLiteral("w /etc/sudoers") << true;
    QTest::newRow("w flag") << QStringLiteral("s/a/b/w /etc/x") << true;
    QTest::newRow("unknown command") << QStringLiteral("k") << true;
    QTest::newRow("unterminated s") << QStringLiteral("s/a/b") << true;
}

void TestScriptLanguages::sedScripts()
{
    QFETCH(QString, script);
    QFETCH(bool, refused);
    const QString actual = script.startsWith(QLatin1String("-n ")) ? script.mid(3) : script;
    QCOMPARE(!ScriptLanguages::sedScriptRefusal(actual).isEmpty(), refused);
}

void TestScriptLanguages::sedOptions()
{
    const auto refusal = [](const QStringList &argv) {
        QList<CommandWord> words;
        for (const QString &word : argv)
            words.append({word, false, false, false});
        return ScriptLanguages::sedRefusal(words);
    };
    QVERIFY(refusal({QStringLiteral("sed"), QStringLiteral("-e"), QStringLiteral("s/a/b/e"),
                     QStringLiteral("f")})
                .contains(QLatin1String("runs the result")));
    QVERIFY(!refusal({QStringLiteral("sed"), QStringLiteral("--expression=s/a/b/e")}).isEmpty());
    QVERIFY(refusal({QStringLiteral("sed"), QStringLiteral("-f"), QStringLiteral("/tmp/s")})
                .contains(QLatin1String("/tmp/s")));
    QVERIFY(refusal({QStringLiteral("sed"), QStringLiteral("--sandbox"), QStringLiteral("e id")})
                .isEmpty());
    QVERIFY(refusal({QStringLiteral("sed"), QStringLiteral("-i.bak"), QStringLiteral("s/a/b/"),
                     QStringLiteral("f")})
                .isEmpty());
    QVERIFY(refusal({QStringLiteral("sed"), QStringLiteral("-Q"), QStringLiteral("p")})
                .contains(QLatin1String("unknown option -Q for sed")));
}

void TestScriptLanguages::awkPrograms_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<bool>("refused");
    QTest::newRow("print") << QStringLiteral("{print $1}") << false;
    QTest::newRow("comparison") << QStringLiteral("$3 > 100 {print $1}") << false;
    QTest::newRow("comparison in if") << QStringLiteral("{ if ($3 > 1) print $1 }") << false;
    QTest::newRow("parenthesised in print") << QStringLiteral("{ print ($1 > 2) }") << false;
    QTest::newRow("or") << QStringLiteral("$1 == 1 || $2 == 2") << false;
    QTest::newRow("regex alternative") << QStringLiteral("/a|b/ {n++}") << false;
    QTest::newRow("string with system") << QStringLiteral("{ print \"system(x)\" }") << false;
    QTest::newRow("getline from file") << QStringLiteral("{ getline x < \"/etc/hosts\" }") << false;
    QTest::newRow("system") << QStringLiteral("BEGIN { system(\"id\") }") << true;
    QTest::newRow("system with space") << QStringLiteral("BEGIN { system (\"id\") }") << true;
    QTest::newRow("pipe to command") << QStringLiteral("{ print | \"sh\" }") << true;
    QTest::newRow("printf to command") << QStringLiteral("{ printf \"%s\", $0 | c }") << true;
    QTest::newRow("command to getline") << QStringLiteral("{ \"date\" | getline d }") << true;
    QTest::newRow("variable to getline") << QStringLiteral("{ c | getline }") << true;
    QTest::newRow("coprocess") << QStringLiteral("{ print |& \"sh\" }") << true;
    QTest::newRow("redirect") << QStringLiteral("{ print > \"/etc/x\" }") << true;
    QTest::newRow("append") << QStringLiteral("{ print $0 >> f }") << true;
    QTest::newRow("extension") << QStringLiteral("@load \"x\"") << true;
}

void TestScriptLanguages::awkPrograms()
{
    QFETCH(QString, program);
    QFETCH(bool, refused);
    QCOMPARE(!ScriptLanguages::awkProgramRefusal(program).isEmpty(), refused);
}

void TestScriptLanguages::awkOptions()
{
    const auto refusal = [](const QStringList &argv) {
        QList<CommandWord> words;
        for (const QString &word : argv)
            words.append({word, false, false, false});
        return ScriptLanguages::awkRefusal(words);
    };
    QVERIFY(refusal({QStringLiteral("awk"), QStringLiteral("-F:"), QStringLiteral("-v"),
                     QStringLiteral("x=1"), QStringLiteral("{print $1}")})
                .isEmpty());
    QVERIFY(!refusal({QStringLiteral("gawk"), QStringLiteral("-e"),
                      QStringLiteral("BEGIN{system(\"x\")}")})
                 .isEmpty());
    QVERIFY(!refusal({QStringLiteral("awk"), QStringLiteral("-f"), QStringLiteral("-")}).isEmpty());
    QVERIFY(refusal({QStringLiteral("gawk"), QStringLiteral("--sandbox"),
                     QStringLiteral("BEGIN{system(\"x\")}")})
                .isEmpty());
    QVERIFY(refusal({QStringLiteral("awk"), QStringLiteral("-l"), QStringLiteral("x")})
                .contains(QLatin1String("unknown option -l for awk")));
}

QTEST_GUILESS_MAIN(TestScriptLanguages)
#include "TestScriptLanguages.moc"
