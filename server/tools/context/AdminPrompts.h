#pragma once

#include <QStringList>

namespace pmcp {

class PromptRegistry;

// The administrator's routine procedures as MCP prompts: the daily health check, the weekly
// maintenance review, a review of the logs for denied commands and authentication failures, a
// disaster-recovery test and preparing a node for maintenance. Each produces one user message
// that walks the model through the server's own tools, named in `backticks`.
class AdminPrompts final {
public:
    static void install(PromptRegistry &registry);
    // The tool names a prompt's text refers to (`name` in backticks), for the check that every
    // one is a registered tool.
    static QStringList toolsNamedIn(const QString &text);
};

} // namespace pmcp
