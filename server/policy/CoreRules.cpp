#include "server/policy/CoreRules.h"

namespace pmcp {

// The table and the command-line mapping are being written (issue 15, point 2); until they
// land every operation is left to the rules that exist today.
const CoreRules &CoreRules::builtIn()
{
    static const CoreRules rules;
    return rules;
}

CoreVerdict CoreRules::judge(const ApiOperation &) const
{
    return {};
}

CoreVerdict CoreRules::judgeShell(const QString &, const QStringList &) const
{
    return {};
}

} // namespace pmcp
