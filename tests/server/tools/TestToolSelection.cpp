#include "server/tools/ToolSelection.h"

#include "server/mcp/ToolDefinition.h"

#include <QTest>

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

QTEST_GUILESS_MAIN(TestToolSelection)
#include "TestToolSelection.moc"
