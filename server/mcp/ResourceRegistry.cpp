#include "server/mcp/ResourceRegistry.h"

#include <QUrl>

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
        vars.insert(names[i], QUrl::fromPercentEncoding(m.captured(int(i + 1)).toUtf8()));
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

void ResourceRegistry::addTemplate(ResourceTemplateDefinition resourceTemplate, AsyncRead read)
{
    m_asyncReads.insert(resourceTemplate.uriTemplate, std::move(read));
    m_templates.append(std::move(resourceTemplate));
}

const ResourceTemplateDefinition *ResourceRegistry::findTemplate(const QString &uriTemplate) const
{
    for (const auto &resourceTemplate : m_templates) {
        if (resourceTemplate.uriTemplate == uriTemplate)
            return &resourceTemplate;
    }
    return nullptr;
}

void ResourceRegistry::read(const QString &uri, const ReadCallback &done) const
{
    for (const auto &resource : m_resources) {
        if (resource.uri == uri && resource.read)
            return done(resource.read(uri));
    }
    for (const auto &resourceTemplate : m_templates) {
        const auto async = m_asyncReads.constFind(resourceTemplate.uriTemplate);
        if (async == m_asyncReads.constEnd())
            continue;
        if (const auto vars = resourceTemplate.match(uri))
            return (*async)(uri, *vars, done);
    }
    done(read(uri));
}

Result<QJsonArray> ResourceRegistry::read(const QString &uri) const
{
    for (const auto &resource : m_resources) {
        if (resource.uri == uri && resource.read) // else a template reads it
            return resource.read(uri);
    }
    for (const auto &resourceTemplate : m_templates) {
        if (m_asyncReads.contains(resourceTemplate.uriTemplate) || !resourceTemplate.read)
            continue;
        if (const auto vars = resourceTemplate.match(uri))
            return resourceTemplate.read(uri, *vars);
    }
    return Error::notFound(QStringLiteral("no resource %1").arg(uri));
}

} // namespace pmcp
