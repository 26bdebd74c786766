#include "server/app/AuditRecorder.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace pmcp {

namespace {

bool looksSecret(const QString &key)
{
    static const QRegularExpression secret(
        QStringLiteral("pass|secret|token|key|credential|cookie|authorization"),
        QRegularExpression::CaseInsensitiveOption);
    return secret.match(key).hasMatch();
}

QJsonValue maskValue(const QString &key, const QJsonValue &value)
{
    if (looksSecret(key) && !value.isNull() && !value.isBool())
        return QStringLiteral("********");
    if (value.isObject())
        return AuditRecorder::maskSecrets(value.toObject());
    if (value.isArray()) {
        QJsonArray array;
        for (const QJsonValue &item : value.toArray())
            array.append(item.isObject() ? QJsonValue(AuditRecorder::maskSecrets(item.toObject()))
                                         : item);
        return array;
    }
    return value;
}

// A UPID anywhere in the structured result (Proxmox tools return it as "upid").
QString findUpid(const QJsonObject &structured, const QJsonArray &content)
{
    const QString direct = structured.value(QLatin1String("upid")).toString();
    if (!direct.isEmpty())
        return direct;
    static const QRegularExpression upid(
        QStringLiteral("UPID:[A-Za-z0-9.-]+:[0-9A-Fa-f]{8}:[0-9A-Fa-f]{8,9}:[0-9A-Fa-f]{8}:[^:\\s]+"
                       ":[^:\\s]*:[^:\\s]+:"));
    for (const QJsonValue &block : content) {
        const auto match = upid.match(block.toObject().value(QLatin1String("text")).toString());
        if (match.hasMatch())
            return match.captured(0);
    }
    return {};
}

} // namespace

QJsonObject AuditRecorder::maskSecrets(const QJsonObject &arguments)
{
    QJsonObject masked;
    for (auto it = arguments.begin(); it != arguments.end(); ++it)
        masked.insert(it.key(), maskValue(it.key(), it.value()));
    return masked;
}

AuditEntry AuditRecorder::entryFor(const McpServer::ToolCallRecord &record)
{
    AuditEntry entry;
    entry.client = record.client;
    entry.tool = record.tool;
    entry.arguments = maskSecrets(record.arguments);
    entry.durationMs = record.durationMs;
    entry.outcome = record.outcome;
    const QJsonObject result = record.response.value(QLatin1String("result")).toObject();
    const QJsonObject structured = result.value(QLatin1String("structuredContent")).toObject();
    // Shell commands carry the policy's verdict in their result.
    const QString status = structured.value(QLatin1String("status")).toString();
    const QString rule = structured.value(QLatin1String("rule")).toString();
    if (status == QLatin1String("denied")) {
        entry.decision = QStringLiteral("denied:") + rule;
        entry.outcome = QStringLiteral("denied");
    } else if (record.tool == QLatin1String("execute_command") ||
               record.tool == QLatin1String("lxc_exec")) {
        entry.decision = QStringLiteral("allowed");
        if (status == QLatin1String("timeout"))
            entry.outcome = QStringLiteral("timeout");
    }
    entry.upid = findUpid(structured, result.value(QLatin1String("content")).toArray());
    return entry;
}

} // namespace pmcp
