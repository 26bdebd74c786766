// libFuzzer entry point for the command policy: ShellParser::parse and CommandPolicy::evaluate
// on arbitrary command lines. Invariants: no crash, no hang (the fuzzer's timeout), a denied
// decision always names a rule and a reason, and the relaxed (dangerous) policy never denies
// what the strict one allows (it only drops rules).
#include "server/policy/CommandPolicy.h"
#include "server/policy/ShellParser.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void violation(const char *what, const QString &input)
{
    std::fprintf(stderr, "FuzzShellParser invariant violated: %s\n%s\n", what, qPrintable(input));
    std::abort();
}

void checkDecision(const pmcp::PolicyDecision &decision, const QString &input)
{
    if (!decision.allowed && decision.rule.isEmpty())
        violation("a denial without a rule id", input);
    if (!decision.allowed && decision.reason.isEmpty())
        violation("a denial without a reason", input);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const pmcp::CommandPolicy strict = pmcp::CommandPolicy::defaults(false);
    static const pmcp::CommandPolicy relaxed = pmcp::CommandPolicy::defaults(true);
    if (size > 16 * 1024)
        return 0;
    const QString input = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)pmcp::ShellParser::parse(input);
    const pmcp::PolicyDecision strictDecision = strict.evaluate(input);
    checkDecision(strictDecision, input);
    const pmcp::PolicyDecision relaxedDecision = relaxed.evaluate(input);
    checkDecision(relaxedDecision, input);
    // Dangerous mode only removes rules: what it denies, the strict policy denies too.
    if (!relaxedDecision.allowed && strictDecision.allowed)
        violation("dangerous mode denies what the strict policy allows", input);
    return 0;
}
