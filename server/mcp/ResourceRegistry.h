#pragma once

#include "shared/core/Result.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QString>

#include <functional>
#include <optional>

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
    using ReadCallback = std::function<void(Result<QJsonArray>)>;
    // A template read that answers later (e.g. from Proxmox): vars are percent-decoded.
    using AsyncRead = std::function<void(const QString &uri, const QHash<QString, QString> &vars,
                                         ReadCallback done)>;

    void add(ResourceDefinition resource);
    void addTemplate(ResourceTemplateDefinition resourceTemplate);
    // A template whose read is asynchronous (resourceTemplate.read is not used).
    void addTemplate(ResourceTemplateDefinition resourceTemplate, AsyncRead read);
    const QList<ResourceDefinition> &resources() const { return m_resources; }
    const QList<ResourceTemplateDefinition> &templates() const { return m_templates; }
    bool isEmpty() const { return m_resources.isEmpty() && m_templates.isEmpty(); }
    // NotFound when no resource or template matches.
    Result<QJsonArray> read(const QString &uri) const;
    // Any resource, synchronous or not; done may run before read() returns.
    void read(const QString &uri, const ReadCallback &done) const;
    // The template of this uriTemplate, or nullptr.
    const ResourceTemplateDefinition *findTemplate(const QString &uriTemplate) const;

private:
    QHash<QString, AsyncRead> m_asyncReads; // by uriTemplate
    QList<ResourceDefinition> m_resources;
    QList<ResourceTemplateDefinition> m_templates;
};

} // namespace pmcp
