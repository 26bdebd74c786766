#pragma once

#include "shared/core/Result.h"
#include "server/proxmox/ProxmoxTypes.h"

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
    // A sentence for the person asked, from the dry-run plan ({request, affects}): what will
    // happen to which guest or object on which node, never raw JSON.
    static QString question(const QString &toolName, const QJsonObject &plan);
    // What the request does, as the verb phrase of a sentence: "delete VM 302 (test-vm,
    // stopped) on node pve3". affects: GuestFacts or a tool's own description, may be empty.
    static QString describe(const ProxmoxRequest &request, const QJsonObject &affects);
    static QString describe(const QJsonObject &requestJson, const QJsonObject &affects);
    // Ok when the user accepted with confirm true; otherwise an error saying nothing was done.
    static Result<void> interpretAnswer(const Result<QJsonObject> &answer);
    static QString refusal(const QString &toolName);
    // The refusal of a change to a protected guest (protection: 1), from its facts.
    static QString protectedRefusal(const QJsonObject &affects);
    // A dry run's answer: "Dry run, nothing was sent. TOOL would WHAT (METHOD PATH)." and who
    // may allow it. The typed tools and the shell path give the same words.
    static QString dryRunText(const QString &toolName, const QString &what, const QString &method,
                              const QString &path, bool needsPerson, const QString &ruleId);
};

} // namespace pmcp
