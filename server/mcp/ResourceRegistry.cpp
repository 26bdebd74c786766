#include "server/mcp/ResourceRegistry.h"

namespace pmcp {

namespace {
void insertIfSet(QJsonObject &json, const QString &key, const QString &value)
{
    if (!value.isEmpty())
        json.insert(key, value);
}
} // namespace

QJsonObject ResourceDefinition::descriptor() const
{
    QJsonObject json{{QStringLiteral("uri"), uri}, {QStringLiteral("name"), name}};
    insertIfSet(json, QStringLiteral("title"), title);
    insertIfSet(json, QStringLiteral("description"), description);
    insertIfSet(json, QStringLiteral("mimeType"), mimeType);
    return json;
}

QJsonObject ResourceTemplateDefinition::descriptor() const
{
    QJsonObject json{{QStringLiteral("uriTemplate"), uriTemplate}, {QStringLiteral("name"), name}};
    insertIfSet(json, QStringLiteral("title"), title);
    insertIfSet(json, QStringLiteral("description"), description);
    insertIfSet(json, QStringLiteral("mimeType"), mimeType);
    return json;
}

std::optional<QHash<QString, QString>> ResourceTemplateDefinition::match(const QString &uri) const
{
    static const QRegularExpression variable(QStringLiteral("\\{([A-Za-z0-9_]+)\\}"));
    QString pattern = QStringLiteral("^");
    QStringList names;
    qsizetype last = 0;
    for (auto it = variable.globalMatch(uriTemplate); it.hasNext();) {
        const auto m = it.next();
        pattern += QRegularExpression::escape(uriTemplate.mid(last, m.capturedStart() - last));
        pattern += QStringLiteral("([^/]+)");
        names.append(m.captured(1));
        last = m.capturedEnd();
    }
    pattern += QRegularExpression::escape(uriTemplate.mid(last)) + QStringLiteral("\\z"); // not $
    const auto m = QRegularExpression(pattern).match(uri);
    if (!m.hasMatch())
        return std::nullopt;
    QHash<QString, QString> vars;
    for (qsizetype i = 0; i < names.size(); ++i)
        vars.insert(names[i], m.captured(int(i + 1)));
    return vars;
}

void ResourceRegistry::add(ResourceDefinition resource)
{
    m_resources.append(std::move(resource));
}

void ResourceRegistry::addTemplate(ResourceTemplateDefinition resourceTemplate)
{
    m_templates.append(std::move(resourceTemplate));
}

Result<QJsonArray> ResourceRegistry::read(const QString &uri) const
{
    for (const auto &resource : m_resources) {
        if (resource.uri == uri)
            return resource.read(uri);
    }
    for (const auto &resourceTemplate : m_templates) {
        if (const auto vars = resourceTemplate.match(uri))
            return resourceTemplate.read(uri, *vars);
    }
    return Error::notFound(QStringLiteral("no resource %1").arg(uri));
}

} // namespace pmcp
