#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace pmcp {

// What a simulated API call answers: data for 200, or a status with Proxmox's message (and the
// per-parameter errors of a 400).
struct SimResult final {
    int status = 200;
    QJsonValue data;
    QString message;
    QJsonObject errors;
    int total = -1; // a "total" member beside data when >= 0

    static SimResult ok(const QJsonValue &data = QJsonValue::Null)
    {
        return {200, data, {}, {}, -1};
    }
    static SimResult list(const QJsonValue &data, int total) { return {200, data, {}, {}, total}; }
    static SimResult fail(int status, const QString &message)
    {
        return {status, QJsonValue::Null, message, {}, -1};
    }
    static SimResult paramError(const QJsonObject &errors)
    {
        return {400, QJsonValue::Null, QStringLiteral("Parameter verification failed."), errors,
                -1};
    }
    static SimResult paramError(const QString &param, const QString &text)
    {
        return paramError(QJsonObject{{param, text}});
    }
};

} // namespace pmcp
