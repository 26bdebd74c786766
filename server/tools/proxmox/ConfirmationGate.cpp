#include "server/tools/proxmox/ConfirmationGate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

namespace pmcp {

ConfirmationGate::Decision ConfirmationGate::decide(const QJsonObject &arguments,
                                                    bool clientCanElicit, bool preferElicitation)
{
    if (arguments.value(QLatin1String("dry_run")).toBool())
        return Decision::DryRun;
    if (arguments.value(QLatin1String("confirm")).toBool())
        return Decision::Proceed;
    if (clientCanElicit && preferElicitation)
        return Decision::Ask;
    return Decision::Refuse;
}

QJsonObject ConfirmationGate::requestedSchema()
{
    return {{QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("properties"),
             QJsonObject{{QStringLiteral("confirm"),
                          QJsonObject{{QStringLiteral("type"), QStringLiteral("boolean")},
                                      {QStringLiteral("title"), QStringLiteral("Confirm")},
                                      {QStringLiteral("description"),
                                       QStringLiteral("Carry out this change on Proxmox")},
                                      {QStringLiteral("default"), false}}}}},
            {QStringLiteral("required"), QJsonArray{QStringLiteral("confirm")}}};
}

QString ConfirmationGate::question(const QString &toolName, const QJsonObject &plan)
{
    return QStringLiteral("%1 wants to %2. Carry it out?")
        .arg(toolName, describe(plan.value(QLatin1String("request")).toObject(),
                                plan.value(QLatin1String("affects")).toObject()));
}

namespace {

QString scalar(const QJsonValue &value)
{
    if (value.isDouble())
        return QString::number(value.toInteger());
    if (value.isBool())
        return value.toBool() ? QStringLiteral("1") : QStringLiteral("0");
    if (value.isArray()) {
        QStringList words;
        for (const QJsonValue &word : value.toArray())
            words.append(scalar(word));
        return words.join(u' ');
    }
    return value.toString();
}

// "key=value, key=value" for the parameters of a request no phrase below knows.
QString paramsText(const QJsonObject &params)
{
    QStringList pairs;
    for (auto it = params.begin(); it != params.end(); ++it)
        pairs.append(it.key() + u'=' + scalar(it.value()));
    return pairs.join(QStringLiteral(", "));
}

QString guestPhrase(const QString &type, const QString &vmid, const QJsonObject &affects)
{
    QString text =
        (type == QLatin1String("lxc") ? QStringLiteral("container ") : QStringLiteral("VM ")) +
        vmid;
    QStringList about;
    const QString name = affects.value(QLatin1String("name")).toString();
    if (!name.isEmpty())
        about.append(u'"' + name + u'"');
    const QString status = affects.value(QLatin1String("status")).toString();
    if (!status.isEmpty())
        about.append(status);
    if (affects.contains(QLatin1String("lock")))
        about.append(QStringLiteral("locked: ") + scalar(affects.value(QLatin1String("lock"))));
    if (!about.isEmpty())
        text += QStringLiteral(" (") + about.join(QStringLiteral(", ")) + u')';
    return text;
}

QString disksPhrase(const QJsonObject &affects)
{
    QStringList keys;
    for (const QJsonValue &disk : affects.value(QLatin1String("disks")).toArray())
        keys.append(disk.toString().section(u':', 0, 0));
    return keys.isEmpty()
               ? QString()
               : QStringLiteral(" with its disks (%1)").arg(keys.join(QStringLiteral(", ")));
}

} // namespace

QString ConfirmationGate::describe(const ProxmoxRequest &request, const QJsonObject &affects)
{
    return describe(QJsonObject{{QStringLiteral("method"), QString::fromLatin1(request.method)},
                                {QStringLiteral("path"), request.path},
                                {QStringLiteral("params"), request.params}},
                    affects);
}

QString ConfirmationGate::describe(const QJsonObject &requestJson, const QJsonObject &affects)
{
    static const QRegularExpression guestPath(
        QStringLiteral("^/nodes/([^/]+)/(qemu|lxc)/(\\d+)(/.*)?$"));
    static const QRegularExpression createPath(QStringLiteral("^/nodes/([^/]+)/(qemu|lxc)$"));
    static const QRegularExpression volumePath(
        QStringLiteral("^/nodes/([^/]+)/storage/([^/]+)/content/([^/]+)$"));
    static const QRegularExpression taskPath(QStringLiteral("^/nodes/([^/]+)/tasks/([^/]+)$"));
    static const QRegularExpression snapshotPath(QStringLiteral("^/snapshot/([^/]+)(/rollback)?$"));
    static const QRegularExpression statusPath(QStringLiteral("^/status/([a-z]+)$"));
    const QString method = requestJson.value(QLatin1String("method")).toString();
    const QString path = requestJson.value(QLatin1String("path")).toString();
    const QJsonObject params = requestJson.value(QLatin1String("params")).toObject();
    const auto decoded = [](const QString &segment) {
        return QUrl::fromPercentEncoding(segment.toUtf8());
    };
    const auto onNode = [](const QString &node) { return QStringLiteral(" on node ") + node; };
    if (const auto m = guestPath.match(path); m.hasMatch()) {
        const QString guest = guestPhrase(m.captured(2), m.captured(3), affects);
        const QString rest = m.captured(4);
        const QString node = onNode(m.captured(1));
        if (rest.isEmpty() && method == QLatin1String("DELETE"))
            return QStringLiteral("delete %1%2%3 for good%4")
                .arg(guest, node, disksPhrase(affects),
                     scalar(params.value(QLatin1String("purge"))) == QLatin1String("1")
                         ? QStringLiteral(", purging it from backup jobs, replication and HA")
                         : QString());
        if (const auto s = statusPath.match(rest); s.hasMatch()) {
            const QString action = s.captured(1);
            const QString verb = action == QLatin1String("stop")
                                     ? QStringLiteral("stop (power off at once)")
                                 : action == QLatin1String("shutdown") ? QStringLiteral("shut down")
                                                                       : action;
            return QStringLiteral("%1 %2%3").arg(verb, guest, node);
        }
        if (const auto s = snapshotPath.match(rest); s.hasMatch()) {
            if (s.captured(2).isEmpty())
                return QStringLiteral("delete snapshot \"%1\" of %2%3")
                    .arg(decoded(s.captured(1)), guest, node);
            return QStringLiteral(
                       "roll %1%2 back to snapshot \"%3\", discarding every change since")
                .arg(guest, node, decoded(s.captured(1)));
        }
        if (rest == QLatin1String("/agent/exec"))
            return QStringLiteral("run \"%1\" inside %2%3 through its guest agent")
                .arg(scalar(params.value(QLatin1String("command"))), guest, node);
        if (rest == QLatin1String("/config") && params.contains(QLatin1String("delete")))
            return QStringLiteral("remove %1 from the configuration of %2%3")
                .arg(scalar(params.value(QLatin1String("delete"))), guest, node);
        if (rest == QLatin1String("/unlink"))
            return QStringLiteral("unlink the disks %1 of %2%3")
                .arg(scalar(params.value(QLatin1String("idlist"))), guest, node);
    }
    if (const auto m = createPath.match(path); m.hasMatch() && method == QLatin1String("POST")) {
        const QString archive = params.contains(QLatin1String("archive"))
                                    ? scalar(params.value(QLatin1String("archive")))
                                    : scalar(params.value(QLatin1String("ostemplate")));
        if (params.contains(QLatin1String("archive")) ||
            params.contains(QLatin1String("restore"))) {
            QString text = QStringLiteral("restore the backup %1 as %2%3")
                               .arg(archive,
                                    guestPhrase(m.captured(2),
                                                scalar(params.value(QLatin1String("vmid"))), {}),
                                    onNode(m.captured(1)));
            if (scalar(params.value(QLatin1String("force"))) == QLatin1String("1"))
                text += QStringLiteral(", overwriting the guest that has this id and its disks");
            return text;
        }
    }
    if (const auto m = volumePath.match(path); m.hasMatch() && method == QLatin1String("DELETE"))
        return QStringLiteral("delete the volume %1 from storage %2%3 for good")
            .arg(decoded(m.captured(3)), decoded(m.captured(2)), onNode(m.captured(1)));
    if (const auto m = taskPath.match(path); m.hasMatch() && method == QLatin1String("DELETE"))
        return QStringLiteral("stop the task %1%2")
            .arg(decoded(m.captured(2)), onNode(m.captured(1)));
    QString text = QStringLiteral("send %1 %2").arg(method, path);
    if (!params.isEmpty())
        text += QStringLiteral(" with ") + paramsText(params);
    return text;
}

Result<void> ConfirmationGate::interpretAnswer(const Result<QJsonObject> &answer)
{
    if (!answer.ok())
        return Error{ErrorCode::Cancelled,
                     QStringLiteral("Nothing was done: the confirmation request failed (%1).")
                         .arg(answer.error().message)};
    const QString action = answer.value().value(QLatin1String("action")).toString();
    const bool confirmed = answer.value()
                               .value(QLatin1String("content"))
                               .toObject()
                               .value(QLatin1String("confirm"))
                               .toBool();
    if (action == QLatin1String("accept") && confirmed)
        return {};
    const QString how = action == QLatin1String("accept")    ? QStringLiteral("did not confirm")
                        : action == QLatin1String("decline") ? QStringLiteral("declined")
                                                             : QStringLiteral("cancelled");
    return Error{ErrorCode::Cancelled,
                 QStringLiteral("Nothing was done: the user %1 the change.").arg(how)};
}

QString ConfirmationGate::refusal(const QString &toolName)
{
    return QStringLiteral(
               "Nothing was done: %1 changes or destroys state and needs confirmation. Call it "
               "with dry_run:true, show the result to the user, and call it again with "
               "confirm:true only once the user agrees.")
        .arg(toolName);
}

QString ConfirmationGate::protectedRefusal(const QJsonObject &affects)
{
    return QStringLiteral("Refused: guest %1 (%2) has protection: 1 in its configuration; "
                          "protected guests are never deleted. Nothing was done.")
        .arg(QString::number(affects.value(QLatin1String("vmid")).toInteger()),
             affects.value(QLatin1String("name")).toString());
}

QString ConfirmationGate::dryRunText(const QString &toolName, const QString &what,
                                     const QString &method, const QString &path, bool needsPerson,
                                     const QString &ruleId)
{
    QString text = QStringLiteral("Dry run, nothing was sent. %1 would %2 (%3 %4).")
                       .arg(toolName, what, method, path);
    if (needsPerson)
        text += QStringLiteral(" Core rule %1: only a person may allow it, through the "
                               "client's confirmation dialog.")
                    .arg(ruleId);
    else
        text += QStringLiteral(" Call again with confirm:true once the user agrees.");
    return text;
}

} // namespace pmcp
