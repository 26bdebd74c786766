#pragma once

#include <QString>

namespace pmcp {

// The built-in rules of the command policy, in the rules file format (docs/POLICY.md lists
// them). Core rules stay in force with ENABLE_DANGEROUS_COMMANDS=true.
class DefaultRules final {
public:
    static QString text();
};

} // namespace pmcp
