#include "server/tools/ToolSelection.h"

#include "server/mcp/ToolDefinition.h"
#include "tests/support/ToolCatalogue.h"

#include <QTest>

#include <algorithm>

using namespace pmcp;

namespace {

ToolDefinition tool(const char *name, const char *category)
{
    ToolDefinition definition;
    definition.name = QLatin1String(name);
    definition.category = QLatin1String(category);
    return definition;
}

} // namespace

class TestToolSelection final : public QObject {
    Q_OBJECT

private slots:
    void coreIsTheDefault();
    void fullOffersEverything();
    void explicitChoicesReplaceTheProfile();
    void denyHasTheLastWord();
    void parsesProfileNames();
    void profilesStayWithinTheirByteBudgets_data();
    void profilesStayWithinTheirByteBudgets();
};

void TestToolSelection::coreIsTheDefault()
{
    const ToolSelection selection;
    QCOMPARE(selection.profile(), ToolSelection::Profile::Core);
    QVERIFY(!selection.offersEverything());
    QVERIFY(selection.offers(tool("list_vms", "legacy")));
    QVERIFY(selection.offers(tool("task_stop", "tasks")));
    QVERIFY(!selection.offers(tool("qemu_migrate", "qemu")));
    QVERIFY(!selection.offers(tool("access_acl", "access")));
    QVERIFY(ToolSelection::coreTools().size() >= 20 && ToolSelection::coreTools().size() <= 30);
}

void TestToolSelection::fullOffersEverything()
{
    const ToolSelection selection(ToolSelection::Profile::Full, {}, {}, {});
    QVERIFY(selection.offersEverything());
    QVERIFY(selection.offers(tool("qemu_migrate", "qemu")));
}

void TestToolSelection::explicitChoicesReplaceTheProfile()
{
    const ToolSelection allowed(ToolSelection::Profile::Core, {QStringLiteral("qemu_migrate")}, {},
                                {});
    QVERIFY(allowed.offers(tool("qemu_migrate", "qemu")));
    QVERIFY(!allowed.offers(tool("list_vms", "legacy")));
    const ToolSelection byCategory(ToolSelection::Profile::Core, {}, {},
                                   {QStringLiteral("snapshots")});
    QVERIFY(byCategory.offers(tool("snapshot_delete", "snapshots")));
    QVERIFY(!byCategory.offers(tool("task_list", "tasks")));
}

void TestToolSelection::denyHasTheLastWord()
{
    const ToolSelection selection(ToolSelection::Profile::Full, {QStringLiteral("proxmox_api")},
                                  {QStringLiteral("proxmox_api")}, {});
    QVERIFY(!selection.offers(tool("proxmox_api", "api")));
    QVERIFY(!selection.offersEverything());
    const ToolSelection core(ToolSelection::Profile::Core, {}, {QStringLiteral("vm_action")}, {});
    QVERIFY(!core.offers(tool("vm_action", "legacy")));
    QVERIFY(core.offers(tool("vm_status", "legacy")));
}

void TestToolSelection::parsesProfileNames()
{
    QCOMPARE(ToolSelection::parseProfile(QStringLiteral(" Full ")), ToolSelection::Profile::Full);
    QCOMPARE(ToolSelection::parseProfile(QStringLiteral("core")), ToolSelection::Profile::Core);
    QVERIFY(!ToolSelection::parseProfile(QStringLiteral("everything")));
    QCOMPARE(ToolSelection::profileName(ToolSelection::Profile::Full), QStringLiteral("full"));
}

void TestToolSelection::profilesStayWithinTheirByteBudgets_data()
{
    // Issue 12's targets for tools/list with one target (docs/PERFORMANCE.md has the figures,
    // pmcp-bench-catalogue prints them): a model starts with the core profile.
    QTest::addColumn<int>("profile");
    QTest::addColumn<int>("minTools");
    QTest::addColumn<qsizetype>("budget");
    QTest::newRow("core") << int(ToolSelection::Profile::Core) << 20 << qsizetype(15000);
    QTest::newRow("full") << int(ToolSelection::Profile::Full) << 70 << qsizetype(45000);
}

void TestToolSelection::profilesStayWithinTheirByteBudgets()
{
    QFETCH(int, profile);
    QFETCH(int, minTools);
    QFETCH(qsizetype, budget);
    const test::ToolCatalogue catalogue =
        test::ToolCatalogue::measure(1, ToolSelection::Profile(profile));
    // The count guards the measurement itself: an empty list would be "within budget".
    QVERIFY2(catalogue.tools >= minTools, qPrintable(QString::number(catalogue.tools)));
    QStringList largest;
    for (qsizetype i = 0; i < std::min<qsizetype>(5, catalogue.sizes.size()); ++i)
        largest.append(QStringLiteral("%1 (%2 bytes)")
                           .arg(catalogue.sizes.at(i).second)
                           .arg(catalogue.sizes.at(i).first));
    QVERIFY2(catalogue.bytes <= budget,
             qPrintable(QStringLiteral("tools/list is %1 bytes for %2 tools, over the budget of "
                                       "%3; the largest: %4")
                            .arg(catalogue.bytes)
                            .arg(catalogue.tools)
                            .arg(budget)
                            .arg(largest.join(QStringLiteral(", ")))));
}

QTEST_GUILESS_MAIN(TestToolSelection)
#include "TestToolSelection.moc"
