#include "server/policy/OptionGrammar.h"

#include <QTest>

using namespace pmcp;

class TestOptionGrammar final : public QObject {
    Q_OBJECT

private slots:
    void parses_data();
    void parses();
    void errorsNameTheOption_data();
    void errorsNameTheOption();
    void permutationCollectsOperands();
    void dynamicOptionIsAnError();
    void valuesAreKept();
};

namespace {

QList<CommandWord> words(const QString &line)
{
    QList<CommandWord> out;
    for (const QString &word : line.split(u' ', Qt::SkipEmptyParts))
        out.append({word, word.contains(u'$'), false, false});
    return out;
}

// sudo's grammar, as a real-world example.
OptionSpec sudoLike()
{
    OptionSpec spec;
    spec.flags = QStringLiteral("nEHil");
    spec.valued = QStringLiteral("ugCD");
    spec.longFlags = {QStringLiteral("login"), QStringLiteral("list")};
    spec.longValued = {QStringLiteral("user"), QStringLiteral("chdir")};
    spec.longOptional = {QStringLiteral("preserve-env")};
    return spec;
}

QString rendered(const QList<CommandWord> &argv, const ParsedOptions &parsed)
{
    QStringList parts;
    for (const ParsedOption &option : parsed.options)
        parts << (option.hasValue ? option.name + u'=' + option.value : option.name);
    parts << QStringLiteral("|");
    for (qsizetype i = parsed.end; i < argv.size(); ++i)
        parts << argv.at(i).text;
    return parts.join(u' ');
}

} // namespace

void TestOptionGrammar::parses_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("parsed");
    QTest::newRow("flags") << QStringLiteral("sudo -n -E qm list")
                           << QStringLiteral("-n -E | qm list");
    QTest::newRow("cluster") << QStringLiteral("sudo -nE qm") << QStringLiteral("-n -E | qm");
    QTest::newRow("detached value")
        << QStringLiteral("sudo -u root qm") << QStringLiteral("-u=root | qm");
    QTest::newRow("attached value")
        << QStringLiteral("sudo -uroot qm") << QStringLiteral("-u=root | qm");
    QTest::newRow("value ends a cluster")
        << QStringLiteral("sudo -nEuroot qm") << QStringLiteral("-n -E -u=root | qm");
    QTest::newRow("value that looks like a program")
        << QStringLiteral("sudo -C 3 -g adm rm") << QStringLiteral("-C=3 -g=adm | rm");
    QTest::newRow("long with =") << QStringLiteral("sudo --user=root qm")
                                 << QStringLiteral("--user=root | qm");
    QTest::newRow("long detached")
        << QStringLiteral("sudo --chdir /tmp qm") << QStringLiteral("--chdir=/tmp | qm");
    QTest::newRow("long optional without value")
        << QStringLiteral("sudo --preserve-env qm") << QStringLiteral("--preserve-env | qm");
    QTest::newRow("long optional with value") << QStringLiteral("sudo --preserve-env=A,B qm")
                                              << QStringLiteral("--preserve-env=A,B | qm");
    QTest::newRow("double dash") << QStringLiteral("sudo -n -- -weird")
                                 << QStringLiteral("-n | -weird");
    QTest::newRow("stops at the first operand")
        << QStringLiteral("sudo rm -rf /") << QStringLiteral("| rm -rf /");
    QTest::newRow("lone dash is an operand")
        << QStringLiteral("sudo - x") << QStringLiteral("| - x");
}

void TestOptionGrammar::parses()
{
    QFETCH(QString, line);
    QFETCH(QString, parsed);
    const QList<CommandWord> argv = words(line);
    const ParsedOptions out = OptionGrammar::parse(argv, sudoLike());
    QVERIFY2(out.error.isEmpty(), qPrintable(out.error));
    QCOMPARE(rendered(argv, out), parsed);
}

void TestOptionGrammar::errorsNameTheOption_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown short")
        << QStringLiteral("sudo -X rm") << QStringLiteral("unknown option -X for sudo");
    QTest::newRow("unknown in a cluster")
        << QStringLiteral("sudo -nX rm") << QStringLiteral("unknown option -X for sudo");
    QTest::newRow("unknown long") << QStringLiteral("sudo --frob rm")
                                  << QStringLiteral("unknown option --frob for sudo");
    QTest::newRow("abbreviation is not guessed")
        << QStringLiteral("sudo --us=root rm") << QStringLiteral("unknown option --us for sudo");
    QTest::newRow("missing value")
        << QStringLiteral("sudo -u") << QStringLiteral("option -u of sudo needs a value");
    QTest::newRow("flag with value") << QStringLiteral("sudo --login=x rm")
                                     << QStringLiteral("option --login of sudo takes no value");
}

void TestOptionGrammar::errorsNameTheOption()
{
    QFETCH(QString, line);
    QFETCH(QString, error);
    QCOMPARE(OptionGrammar::parse(words(line), sudoLike()).error, error);
}

void TestOptionGrammar::permutationCollectsOperands()
{
    OptionSpec spec;
    spec.flags = QStringLiteral("lq");
    spec.valued = QStringLiteral("c");
    spec.permute = true;
    const QList<CommandWord> argv = words(QStringLiteral("su alice -c id -l -- -x"));
    const ParsedOptions out = OptionGrammar::parse(argv, spec);
    QVERIFY(out.error.isEmpty());
    QCOMPARE(out.value(QStringLiteral("-c")), QStringLiteral("id"));
    QVERIFY(out.has(QStringLiteral("-l")));
    QCOMPARE(out.operands, (QList<qsizetype>{1, 6}));
}

void TestOptionGrammar::dynamicOptionIsAnError()
{
    QVERIFY(
        !OptionGrammar::parse(words(QStringLiteral("sudo -$X rm")), sudoLike()).error.isEmpty());
    const ParsedOptions value =
        OptionGrammar::parse(words(QStringLiteral("sudo -u $U rm")), sudoLike());
    QVERIFY(value.error.isEmpty());
    QVERIFY(value.options.first().dynamicValue);
}

void TestOptionGrammar::valuesAreKept()
{
    OptionSpec nice;
    nice.valued = QStringLiteral("n");
    nice.numeric = true;
    const ParsedOptions out = OptionGrammar::parse(words(QStringLiteral("nice -10 qm")), nice);
    QVERIFY(out.error.isEmpty());
    QCOMPARE(out.value(QStringLiteral("-n")), QStringLiteral("10"));
    QCOMPARE(out.end, 2);
    OptionSpec optional;
    optional.optional = QStringLiteral("m");
    const ParsedOptions attached =
        OptionGrammar::parse(words(QStringLiteral("unshare -m/proc/1/ns/mnt qm")), optional);
    QCOMPARE(attached.value(QStringLiteral("-m")), QStringLiteral("/proc/1/ns/mnt"));
    QCOMPARE(OptionGrammar::parse(words(QStringLiteral("unshare -m qm")), optional).end, 2);
}

QTEST_GUILESS_MAIN(TestOptionGrammar)
#include "TestOptionGrammar.moc"
