#include "server/oauth/OAuthScope.h"

#include <QTest>

using namespace pmcp;

class TestOAuthScope final : public QObject {
    Q_OBJECT
private slots:
    void parsesTheThreeKinds_data();
    void parsesTheThreeKinds();
    void refusesWhatIsNoScope_data();
    void refusesWhatIsNoScope();
    void appliesToAnIdentity();
};

void TestOAuthScope::parsesTheThreeKinds_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("written");
    QTest::newRow("read-only") << "read-only" << int(OAuthScope::Kind::ReadOnly) << "read-only";
    QTest::newRow("full") << " full " << int(OAuthScope::Kind::Full) << "full";
    QTest::newRow("tools") << "tools:list_vms, qemu_start" << int(OAuthScope::Kind::Tools)
                           << "tools:list_vms,qemu_start";
    QTest::newRow("duplicates once")
        << "tools:a,a,b" << int(OAuthScope::Kind::Tools) << "tools:a,b";
}

void TestOAuthScope::parsesTheThreeKinds()
{
    QFETCH(QString, text);
    QFETCH(int, kind);
    QFETCH(QString, written);
    const auto scope = OAuthScope::parse(text);
    QVERIFY(scope);
    QCOMPARE(int(scope->kind()), kind);
    QCOMPARE(scope->toString(), written);
    QCOMPARE(OAuthScope::parse(scope->toString()), scope);
}

void TestOAuthScope::refusesWhatIsNoScope_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("problem");
    QTest::newRow("empty") << ""
                           << "unknown scope";
    QTest::newRow("oauth style") << "mcp:read"
                                 << "unknown scope";
    QTest::newRow("no tools") << "tools:"
                              << "needs tool names";
    QTest::newRow("empty name") << "tools:a,,b"
                                << "needs tool names";
    QTest::newRow("bad name") << "tools:a b"
                              << "is not a tool name";
}

void TestOAuthScope::refusesWhatIsNoScope()
{
    QFETCH(QString, text);
    QFETCH(QString, problem);
    QString said;
    QVERIFY(!OAuthScope::parse(text, &said));
    QVERIFY2(said.contains(problem), qPrintable(said));
}

void TestOAuthScope::appliesToAnIdentity()
{
    ClientIdentity identity{QStringLiteral("x"), false};
    OAuthScope::readOnly().applyTo(identity);
    QVERIFY(identity.readOnly);
    QVERIFY(identity.allowsTool(QStringLiteral("anything")));
    OAuthScope::parse(QStringLiteral("tools:qemu_start"))->applyTo(identity);
    QVERIFY(!identity.readOnly);
    QVERIFY(identity.allowsTool(QStringLiteral("qemu_start")));
    QVERIFY(!identity.allowsTool(QStringLiteral("list_vms")));
    OAuthScope::full().applyTo(identity);
    QVERIFY(!identity.readOnly);
    QVERIFY(identity.allowsTool(QStringLiteral("list_vms")));
    QCOMPARE(OAuthScope::supported(),
             (QStringList{QStringLiteral("read-only"), QStringLiteral("full")}));
}

QTEST_GUILESS_MAIN(TestOAuthScope)
#include "TestOAuthScope.moc"
