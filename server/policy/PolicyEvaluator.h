#pragma once

#include "server/policy/CommandPolicy.h"
#include "server/policy/CommandUnwrapper.h"
#include "server/policy/CoreRules.h"
#include "server/policy/ShellParser.h"
#include "server/policy/ShellWord.h"

#include <QList>
#include <functional>
#include <QSet>
#include <QString>
#include <QStringList>

namespace pmcp {

// One evaluation of one command line for CommandPolicy: walks every simple command the
// parser found (and those inside substitutions, sh -c strings and wrappers), in order,
// following `cd` so relative paths can be judged, and stops at the first denial. Every
// effective command must be known to the program catalogue (or allowed by an `allow` rule)
// and pass the deny rules and the core rules of CoreRules; a core rule that asks for a
// person's confirmation makes the decision needsConfirmation when nothing else is denied.
class PolicyEvaluator final {
public:
    static constexpr int kMaxDepth = 8;
    static constexpr qsizetype kMaxLength = 64 * 1024;
    static constexpr int kMaxDirectories = 8;

    // The core rules' judgement of one Proxmox command-line invocation (program, arguments);
    // CoreRules::builtIn().judgeShell unless a test puts another in.
    using ShellJudge = std::function<CoreVerdict(const QString &, const QStringList &)>;

    PolicyEvaluator(const QList<PolicyRule> &rules, CommandPolicy::Mode mode, bool dangerous,
                    ShellJudge core = {});

    PolicyDecision evaluate(const QString &commandLine);

private:
    // Where the shell may be: the directories of the literal `cd`s that may have run ("" is
    // the directory the line started in), or lost after a `cd` the policy cannot follow.
    struct Directory {
        QStringList candidates{QString()};
        bool lost = false;
    };

    bool script(const QString &text, int depth);
    bool simple(const SimpleCommand &command, int depth);
    bool substitutions(const ShellWord &word, const QString &shown, int depth);
    bool redirection(const ShellRedirection &redirection, const QString &shown, int depth);
    bool denyRules(const QList<CommandWord> &argv, const CommandContext &context,
                   const QString &shown);
    bool admitted(const QList<CommandWord> &argv, const QString &shown);
    bool write(const CommandWord &target, const CommandContext &context, const QString &shown);
    bool executes(const CommandWord &file, const QString &shown);
    bool fillsTree(const CommandWord &tree, const CommandContext &context, const QString &shown);
    bool deny(const QString &rule, const QString &reason, const QString &shown);
    QStringList directoriesFor(const CommandContext &context) const;
    QString rootFor(const CommandContext &context) const;
    bool directoryLost(const CommandContext &context) const;
    void trackDirectory(const QList<CommandWord> &argv);

    const QList<PolicyRule> &m_rules;
    CommandPolicy::Mode m_mode;
    bool m_dangerous;
    ShellJudge m_core;
    Directory m_directory;
    QString m_root;          // the root directory of the script being judged (chroot DIR sh -c ...)
    QSet<QString> m_written; // files this line writes (a line may not then run them)
    bool m_literalCode = false;
    bool m_arithmetic = false;
    QString m_allowedBy;
    CoreVerdict m_confirm;            // the first core rule asking for confirmation
    ApiOperation m_confirmOperation;  // its operation
    QList<ApiOperation> m_operations; // every Proxmox operation of the line
    PolicyDecision m_decision;
};

} // namespace pmcp
