#pragma once

#include "server/policy/CommandPolicy.h"

#include "shared/core/Result.h"

#include <QList>
#include <QString>

namespace pmcp {

// The readable rules file of the command policy, one rule a line (see docs/POLICY.md):
//   mode denylist|allowlist
//   [core] deny|allow ID PROGRAM [PATTERN...] [-- REASON]
// with '#' comments. Errors name the line.
class RulesFile final {
public:
    struct Content {
        CommandPolicy::Mode mode = CommandPolicy::Mode::DenyList;
        QList<PolicyRule> rules;
    };

    static Result<Content> parse(const QString &text);
    static QString write(const Content &content);
    static QString formatRule(const PolicyRule &rule);

private:
    static Result<PolicyRule> parseRule(const QString &line);
};

} // namespace pmcp
