#include "tests/support/ToolCatalogue.h"

#include "server/mcp/ToolRegistry.h"
#include "server/policy/CommandPolicy.h"
#include "server/proxmox/ProxmoxTargets.h"
#include "server/tools/ServerInfoTool.h"
#include "server/tools/proxmox/ProxmoxTools.h"
#include "server/tools/shell/ShellTools.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace pmcp::test {

namespace {

ProxmoxTarget target(const QString &host)
{
    ProxmoxTarget t;
    t.name = host.section(u'.', 0, 0);
    t.hosts = {host};
    t.user = QStringLiteral("root@pam");
    t.tokenName = QStringLiteral("mcp");
    t.tokenSecret = QStringLiteral("00000000-0000-0000-0000-000000000000");
    return t;
}

} // namespace

ToolCatalogue ToolCatalogue::measure(int targetCount, ToolSelection::Profile profile)
{
    QList<ProxmoxTarget> targets;
    for (int i = 0; i < targetCount; ++i)
        targets.append(target(QStringLiteral("pve%1.example.org").arg(i + 1)));
    auto made = ProxmoxTargets::fromTargets(targets);
    if (!made.ok())
        qFatal("targets: %s", qPrintable(made.error().message));
    ProxmoxTargets proxmox = std::move(made).value();
    ToolRegistry registry;
    auto facts = std::make_shared<ServerInfoTool::Facts>();
    facts->tools = &registry;
    (void)registry.add(ServerInfoTool::definition(facts));
    ProxmoxTools::registerAll(registry, &proxmox, ProxmoxToolOptions{});
    ShellTools::registerAll(registry, nullptr,
                            std::make_shared<const CommandPolicy>(CommandPolicy::defaults(false)),
                            {});
    const ToolSelection selection(profile, {}, {}, {});
    registry.setFilter([selection](const ToolDefinition &tool) { return selection.offers(tool); });
    ToolCatalogue catalogue;
    QJsonArray list;
    for (const ToolDefinition *tool : registry.offered(false)) {
        const QJsonObject descriptor = tool->descriptor();
        list.append(descriptor);
        catalogue.sizes.append(
            {QJsonDocument(descriptor).toJson(QJsonDocument::Compact).size(), tool->name});
    }
    // What tools/list answers (the result object), as it goes on the wire.
    catalogue.bytes = QJsonDocument(QJsonObject{{QStringLiteral("tools"), list}})
                          .toJson(QJsonDocument::Compact)
                          .size();
    catalogue.tools = int(list.size());
    std::sort(catalogue.sizes.begin(), catalogue.sizes.end(),
              [](const auto &a, const auto &b) { return a.first > b.first; });
    return catalogue;
}

} // namespace pmcp::test
