#pragma once

#include "shared/core/Result.h"

#include <QJsonObject>

namespace pmcp {

// Decides whether a destructive tool may act: a dry run only describes, confirm:true acts,
// otherwise the user is asked through MCP elicitation when the client can, else it refuses.
class ConfirmationGate final {
public:
    enum class Decision { DryRun, Proceed, Ask, Refuse };

    static Decision decide(const QJsonObject &arguments, bool clientCanElicit,
                           bool preferElicitation);
    // The elicitation's requested schema: one required boolean "confirm".
    static QJsonObject requestedSchema();
    static QString question(const QString &toolName, const QJsonObject &plan);
    // Ok when the user accepted with confirm true; otherwise an error saying nothing was done.
    static Result<void> interpretAnswer(const Result<QJsonObject> &answer);
    static QString refusal(const QString &toolName);
};

} // namespace pmcp
