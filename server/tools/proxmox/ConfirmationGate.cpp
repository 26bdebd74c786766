#include "server/tools/proxmox/ConfirmationGate.h"

#include <QJsonArray>
#include <QJsonDocument>

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
    const QJsonObject request = plan.value(QLatin1String("request")).toObject();
    QString text = QStringLiteral("%1 wants to send %2 %3")
                       .arg(toolName, request.value(QLatin1String("method")).toString(),
                            request.value(QLatin1String("path")).toString());
    const QJsonObject params = request.value(QLatin1String("params")).toObject();
    if (!params.isEmpty())
        text += QStringLiteral(" with ") +
                QString::fromUtf8(QJsonDocument(params).toJson(QJsonDocument::Compact));
    const QJsonObject affects = plan.value(QLatin1String("affects")).toObject();
    if (!affects.isEmpty())
        text += QStringLiteral(". It affects ") +
                QString::fromUtf8(QJsonDocument(affects).toJson(QJsonDocument::Compact));
    return text + QStringLiteral(". Carry it out?");
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

} // namespace pmcp
