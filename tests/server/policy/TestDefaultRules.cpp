#include "server/policy/DefaultRules.h"

#include "server/policy/RulesFile.h"

#include <QFile>
#include <QTest>

using namespace pmcp;

class TestDefaultRules final : public QObject {
    Q_OBJECT

private slots:
    void parses();
    void everyRuleIsDocumented();
    void requiredRulesExist_data();
    void requiredRulesExist();
};

void TestDefaultRules::parses()
{
    auto content = RulesFile::parse(DefaultRules::text());
    QVERIFY2(content.ok(), content.ok() ? "" : qPrintable(content.error().message));
    QCOMPARE(content.value().mode, CommandPolicy::Mode::DenyList);
}

void TestDefaultRules::everyRuleIsDocumented()
{
    QFile doc(qEnvironmentVariable("PMCP_SOURCE_DIR") + QStringLiteral("/docs/POLICY.md"));
    QVERIFY(doc.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(doc.readAll());
    const auto content = RulesFile::parse(DefaultRules::text());
    QVERIFY(content.ok());
    for (const PolicyRule &rule : content.value().rules)
        QVERIFY2(text.contains(QStringLiteral("`%1`").arg(rule.id)), qPrintable(rule.id));
}

void TestDefaultRules::requiredRulesExist_data()
{
    QTest::addColumn<QString>("id");
    for (const char *id : {"pveum-root-user",
                           "pveum-root-acl",
                           "pvecm-delnode",
                           "pvecm-expected",
                           "rm-root",
                           "rm-boot",
                           "rm-pve-cluster",
                           "rm-system",
                           "mkfs",
                           "wipefs",
                           "dd-device",
                           "zpool-destroy",
                           "host-shutdown",
                           "host-systemctl-power",
                           "service-stop",
                           "firewall-flush",
                           "su",
                           "setuid-chmod",
                           "visudo",
                           "write-critical-file"})
        QTest::newRow(id) << QString::fromLatin1(id);
}

void TestDefaultRules::requiredRulesExist()
{
    QFETCH(QString, id);
    const auto content = RulesFile::parse(DefaultRules::text());
    QVERIFY(content.ok());
    const QList<PolicyRule> &rules = content.value().rules;
    QVERIFY(std::any_of(rules.begin(), rules.end(),
                        [&](const PolicyRule &rule) { return rule.id == id; }));
}

QTEST_GUILESS_MAIN(TestDefaultRules)
#include "TestDefaultRules.moc"
