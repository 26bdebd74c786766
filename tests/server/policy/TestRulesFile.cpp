#include "server/policy/RulesFile.h"

#include <QTest>

using namespace pmcp;

class TestRulesFile final : public QObject {
    Q_OBJECT

private slots:
    void parsesRules();
    void errors_data();
    void errors();
    void writeThenParseIsIdentity();
};

void TestRulesFile::parsesRules()
{
    auto content = RulesFile::parse(QStringLiteral("# comment\n\n  mode allowlist  \n"
                                                   "core deny rm-root rm -r / -- no deleting /\n"
                                                   "allow qm qm\n"
                                                   "deny with-negation fdisk !-l\n"));
    QVERIFY(content.ok());
    QCOMPARE(content.value().mode, CommandPolicy::Mode::AllowList);
    QCOMPARE(content.value().rules.size(), 3);
    const PolicyRule &rm = content.value().rules.at(0);
    QCOMPARE(rm.id, QStringLiteral("rm-root"));
    QVERIFY(rm.core);
    QCOMPARE(rm.action, PolicyRule::Action::Deny);
    QCOMPARE(rm.program, QStringLiteral("rm"));
    QCOMPARE(rm.argPatterns, (QStringList{QStringLiteral("-r"), QStringLiteral("/")}));
    QCOMPARE(rm.reason, QStringLiteral("no deleting /"));
    QCOMPARE(content.value().rules.at(1).action, PolicyRule::Action::Allow);
    QVERIFY(!content.value().rules.at(1).reason.isEmpty());
    QCOMPARE(content.value().rules.at(2).argPatterns, QStringList{QStringLiteral("!-l")});
}

void TestRulesFile::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("line");
    QTest::newRow("keyword") << QStringLiteral("block a rm") << QStringLiteral("line 1:");
    QTest::newRow("mode") << QStringLiteral("\nmode open") << QStringLiteral("line 2:");
    QTest::newRow("id") << QStringLiteral("deny Bad_Id rm") << QStringLiteral("line 1:");
    QTest::newRow("no program") << QStringLiteral("deny a") << QStringLiteral("line 1:");
    QTest::newRow("regex") << QStringLiteral("#\n#\ndeny a rm re:[") << QStringLiteral("line 3:");
    QTest::newRow("empty negation") << QStringLiteral("deny a rm !") << QStringLiteral("line 1:");
    QTest::newRow("duplicate") << QStringLiteral("deny a rm\ndeny a ls")
                               << QStringLiteral("line 2:");
    QTest::newRow("core allow") << QStringLiteral("core allow a rm") << QStringLiteral("line 1:");
}

void TestRulesFile::errors()
{
    QFETCH(QString, text);
    QFETCH(QString, line);
    auto content = RulesFile::parse(text);
    QVERIFY(!content.ok());
    QVERIFY2(content.error().message.contains(line), qPrintable(content.error().message));
}

void TestRulesFile::writeThenParseIsIdentity()
{
    RulesFile::Content content;
    content.mode = CommandPolicy::Mode::AllowList;
    content.rules = {
        {QStringLiteral("a"),
         PolicyRule::Action::Deny,
         QStringLiteral("rm"),
         {QStringLiteral("-r"), QStringLiteral("re:^/$")},
         true,
         QStringLiteral("why")},
        {QStringLiteral("b"),
         PolicyRule::Action::Allow,
         QStringLiteral("qm|pct"),
         {},
         false,
         QStringLiteral("ok")},
    };
    auto again = RulesFile::parse(RulesFile::write(content));
    QVERIFY(again.ok());
    QCOMPARE(again.value().mode, content.mode);
    QCOMPARE(again.value().rules.size(), 2);
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(again.value().rules.at(i).id, content.rules.at(i).id);
        QCOMPARE(again.value().rules.at(i).action, content.rules.at(i).action);
        QCOMPARE(again.value().rules.at(i).program, content.rules.at(i).program);
        QCOMPARE(again.value().rules.at(i).argPatterns, content.rules.at(i).argPatterns);
        QCOMPARE(again.value().rules.at(i).core, content.rules.at(i).core);
        QCOMPARE(again.value().rules.at(i).reason, content.rules.at(i).reason);
    }
}

QTEST_GUILESS_MAIN(TestRulesFile)
#include "TestRulesFile.moc"
