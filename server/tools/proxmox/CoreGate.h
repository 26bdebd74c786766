#pragma once

#include "server/policy/CoreRules.h"
#include "server/proxmox/ProxmoxTypes.h"

#include <functional>
#include <memory>

namespace pmcp {

class ToolCall;

// The core rules (server/policy/CoreRules) on the requests of the typed tools and proxmox_api:
// every request that changes something is judged before it is sent. Refuse: the call ends
// refused, naming the rule. Confirm: it goes ahead only when the call was confirmed as the rule
// requires: by a person (an accepted elicitation), or, where the rule allows it, by the
// client's own confirm:true; otherwise the person is asked here, and when the client cannot ask
// its user the call ends refused, saying why.
class CoreGate final {
public:
    static ApiOperation operationOf(const ProxmoxRequest &request);
    static CoreVerdict judge(const ProxmoxRequest &request);
    // Whether the call's confirmation so far satisfies the verdict.
    static bool satisfied(const CoreVerdict &verdict, const ToolCall &call);

    static void check(const std::shared_ptr<ToolCall> &call, const ProxmoxRequest &request,
                      std::function<void()> proceed);

    // "Refused by core rule R: REASON Nothing was sent." (naming the typed tool, if any).
    static QString refusal(const CoreVerdict &verdict, const QString &what);
    // Why a Confirm rule could not be satisfied for a client that cannot elicit.
    static QString cannotAsk(const CoreVerdict &verdict, const QString &what);
    // The question put to the person: what will happen, and the rule's reason.
    static QString question(const QString &toolName, const QString &what,
                            const CoreVerdict &verdict);
};

} // namespace pmcp
