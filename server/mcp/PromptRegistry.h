#pragma once

#include "shared/core/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>

namespace pmcp {

struct PromptArgument final {
    QString name;
    QString description;
    bool required = false;
};

// A prompt template: get() turns arguments into {description?, messages}.
struct PromptDefinition final {
    QString name;
    QString title;
    QString description;
    QList<PromptArgument> arguments;
    std::function<Result<QJsonObject>(const QJsonObject &arguments)> get;
    QJsonObject descriptor() const;
};

// The prompts a server offers.
class PromptRegistry final {
public:
    void add(PromptDefinition prompt);
    const QList<PromptDefinition> &prompts() const { return m_prompts; }
    const PromptDefinition *find(const QString &name) const;
    bool isEmpty() const { return m_prompts.isEmpty(); }

private:
    QList<PromptDefinition> m_prompts;
};

} // namespace pmcp
