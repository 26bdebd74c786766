#pragma once

#include "shared/core/Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QString>

#include <functional>

namespace pmcp {

// A readable resource: read() returns the MCP "contents" array.
struct ResourceDefinition final {
    QString uri;
    QString name;
    QString title;
    QString description;
    QString mimeType;
    std::function<Result<QJsonArray>(const QString &uri)> read;
    QJsonObject descriptor() const;
};

// A family of resources named by an RFC 6570 template, e.g. test://template/{id}/data.
struct ResourceTemplateDefinition final {
    QString uriTemplate;
    QString name;
    QString title;
    QString description;
    QString mimeType;
    std::function<Result<QJsonArray>(const QString &uri, const QHash<QString, QString> &vars)> read;
    QJsonObject descriptor() const;
    // Matches a URI against the template's simple {var} expressions.
    std::optional<QHash<QString, QString>> match(const QString &uri) const;
};

// The resources and resource templates a server offers.
class ResourceRegistry final {
public:
    void add(ResourceDefinition resource);
    void addTemplate(ResourceTemplateDefinition resourceTemplate);
    const QList<ResourceDefinition> &resources() const { return m_resources; }
    const QList<ResourceTemplateDefinition> &templates() const { return m_templates; }
    bool isEmpty() const { return m_resources.isEmpty() && m_templates.isEmpty(); }
    // NotFound when no resource or template matches.
    Result<QJsonArray> read(const QString &uri) const;

private:
    QList<ResourceDefinition> m_resources;
    QList<ResourceTemplateDefinition> m_templates;
};

} // namespace pmcp
