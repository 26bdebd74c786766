#pragma once

#include "server/policy/CommandPolicy.h"
#include "server/policy/ShellParser.h"
#include "server/policy/ShellWord.h"

#include <QList>
#include <QString>

namespace pmcp {

// One evaluation of one command line for CommandPolicy: walks every simple command the
// parser found (and those inside substitutions, sh -c strings and wrappers), in order,
// following `cd` so relative paths can be judged, and stops at the first denial.
class PolicyEvaluator final {
public:
    static constexpr int kMaxDepth = 8;
    static constexpr qsizetype kMaxLength = 64 * 1024;

    PolicyEvaluator(const QList<PolicyRule> &rules, CommandPolicy::Mode mode, bool dangerous);

    PolicyDecision evaluate(const QString &commandLine);

private:
    bool script(const QString &text, int depth);
    bool simple(const SimpleCommand &command, int depth);
    bool substitutions(const ShellWord &word, const QString &shown, int depth);
    bool redirection(const ShellRedirection &redirection, const QString &shown, int depth);
    bool command(const QList<CommandWord> &argv, const QString &shown);
    bool write(const CommandWord &target, const QString &shown);
    bool deny(const QString &rule, const QString &reason, const QString &shown);
    void trackDirectory(const QList<CommandWord> &argv);

    const QList<PolicyRule> &m_rules;
    CommandPolicy::Mode m_mode;
    bool m_dangerous;
    QString m_cwd; // empty: not known
    QString m_allowedBy;
    PolicyDecision m_decision;
};

} // namespace pmcp
