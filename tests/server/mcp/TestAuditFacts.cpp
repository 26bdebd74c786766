#include "server/mcp/AuditFacts.h"

#include <QTest>

using namespace pmcp;

class TestAuditFacts final : public QObject {
    Q_OBJECT
private slots:
    void startsEmpty()
    {
        const AuditFacts facts;
        QCOMPARE(facts.decision(), AuditFacts::Decision::None);
        QVERIFY(facts.decisionText().isEmpty());
        QVERIFY(facts.outcome().isEmpty());
        QVERIFY(facts.upid().isEmpty());
        QVERIFY(facts.target().isEmpty());
        QVERIFY(facts.target().toJson().isEmpty());
    }

    void decisions()
    {
        AuditFacts facts;
        facts.setAllowed();
        QCOMPARE(facts.decisionText(), QStringLiteral("allowed"));
        QVERIFY(facts.outcome().isEmpty());
        facts.setDenied(QStringLiteral("rm-root"));
        QCOMPARE(facts.decision(), AuditFacts::Decision::Denied);
        QCOMPARE(facts.rule(), QStringLiteral("rm-root"));
        QCOMPARE(facts.decisionText(), QStringLiteral("denied:rm-root"));
        QCOMPARE(facts.outcome(), QStringLiteral("denied"));
    }

    void aTimeoutRefinesTheOutcomeUnlessDenied()
    {
        AuditFacts allowed;
        allowed.setAllowed();
        allowed.setTimedOut();
        QCOMPARE(allowed.outcome(), QStringLiteral("timeout"));
        AuditFacts denied;
        denied.setDenied(QStringLiteral("r"));
        denied.setTimedOut();
        QCOMPARE(denied.outcome(), QStringLiteral("denied"));
    }

    void targetHoldsWhatIsSet()
    {
        AuditFacts facts;
        facts.setTargetSystem(QStringLiteral("lab"));
        QCOMPARE(facts.target().toJson(),
                 (QJsonObject{{QStringLiteral("system"), QStringLiteral("lab")}}));
        facts.setTargetNode(QStringLiteral("pve1"));
        facts.setTargetGuest(QStringLiteral("lxc"), 101);
        QCOMPARE(facts.target().guest, QStringLiteral("lxc/101"));
        QCOMPARE(facts.target().toJson(),
                 (QJsonObject{{QStringLiteral("system"), QStringLiteral("lab")},
                              {QStringLiteral("node"), QStringLiteral("pve1")},
                              {QStringLiteral("guest"), QStringLiteral("lxc/101")}}));
    }
};

QTEST_GUILESS_MAIN(TestAuditFacts)
#include "TestAuditFacts.moc"
