#include "server/mcp/PromptRegistry.h"

#include <QJsonArray>

namespace pmcp {

QJsonObject PromptDefinition::descriptor() const
{
    QJsonObject json{{QStringLiteral("name"), name}};
    if (!title.isEmpty())
        json.insert(QStringLiteral("title"), title);
    if (!description.isEmpty())
        json.insert(QStringLiteral("description"), description);
    QJsonArray args;
    for (const auto &argument : arguments) {
        QJsonObject arg{{QStringLiteral("name"), argument.name},
                        {QStringLiteral("required"), argument.required}};
        if (!argument.description.isEmpty())
            arg.insert(QStringLiteral("description"), argument.description);
        args.append(arg);
    }
    if (!args.isEmpty())
        json.insert(QStringLiteral("arguments"), args);
    return json;
}

void PromptRegistry::add(PromptDefinition prompt)
{
    m_prompts.append(std::move(prompt));
}

const PromptDefinition *PromptRegistry::find(const QString &name) const
{
    for (const auto &prompt : m_prompts) {
        if (prompt.name == name)
            return &prompt;
    }
    return nullptr;
}

} // namespace pmcp
