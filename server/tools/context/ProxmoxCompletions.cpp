#include "server/tools/context/ProxmoxCompletions.h"

#include "server/proxmox/ProxmoxClient.h"
#include "server/proxmox/ProxmoxTargets.h"

#include <QJsonArray>

namespace pmcp {

namespace {

const QStringList &proxmoxArguments()
{
    static const QStringList names{QStringLiteral("node"), QStringLiteral("vmid"),
                                   QStringLiteral("storage")};
    return names;
}

} // namespace

QStringList ProxmoxCompletions::candidates(const QString &argument, const QJsonArray &resources,
                                           const QJsonObject &context)
{
    const QString node = context.value(QLatin1String("node")).toString();
    QStringList values;
    for (const QJsonValue &value : resources) {
        const QJsonObject row = value.toObject();
        const QString type = row.value(QLatin1String("type")).toString();
        QString candidate;
        if (argument == QLatin1String("node") && type == QLatin1String("node"))
            candidate = row.value(QLatin1String("node")).toString();
        else if (argument == QLatin1String("vmid") &&
                 (type == QLatin1String("qemu") || type == QLatin1String("lxc")) &&
                 (node.isEmpty() || row.value(QLatin1String("node")).toString() == node))
            candidate = QString::number(row.value(QLatin1String("vmid")).toInteger());
        else if (argument == QLatin1String("storage") && type == QLatin1String("storage"))
            candidate = row.value(QLatin1String("storage")).toString();
        if (!candidate.isEmpty() && !values.contains(candidate))
            values.append(candidate);
    }
    return values;
}

McpServer::Completer ProxmoxCompletions::completer(const ProxmoxTargets *targets)
{
    return [targets](const McpServer::CompletionRequest &request,
                     std::function<void(QStringList)> answer) {
        if (!targets)
            return answer({});
        if (request.argument == QLatin1String("target"))
            return answer(targets->names());
        if (!proxmoxArguments().contains(request.argument))
            return answer({});
        ProxmoxClient *client =
            targets->client(request.context.value(QLatin1String("target")).toString());
        if (!client)
            return answer({});
        client->get(
            QStringLiteral("/cluster/resources"), {},
            [request, answer](const ProxmoxResult &result) {
                // A completion is a convenience: Proxmox being away means no values.
                const auto *reply = std::get_if<ProxmoxReply>(&result);
                answer(reply ? candidates(request.argument, reply->data.toArray(), request.context)
                             : QStringList());
            });
    };
}

} // namespace pmcp
