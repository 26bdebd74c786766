#include "server/tools/proxmox/ToolSchema.h"

namespace pmcp {

namespace {

QJsonObject describedAs(QJsonObject schema, const QString &description)
{
    if (!description.isEmpty())
        schema.insert(QStringLiteral("description"), description);
    return schema;
}

} // namespace

QJsonObject ToolSchema::typed(const QString &type, const QString &description)
{
    return describedAs({{QStringLiteral("type"), type}}, description);
}

ToolSchema &ToolSchema::property(const QString &name, const QJsonObject &schema, bool required)
{
    m_properties.insert(name, schema);
    if (required && !m_required.contains(name))
        m_required.append(name);
    return *this;
}

ToolSchema &ToolSchema::string(const QString &name, const QString &description, bool required)
{
    return property(name, typed(QStringLiteral("string"), description), required);
}

ToolSchema &ToolSchema::integer(const QString &name, const QString &description, bool required,
                                std::optional<int> minimum)
{
    QJsonObject schema = typed(QStringLiteral("integer"), description);
    if (minimum)
        schema.insert(QStringLiteral("minimum"), *minimum);
    return property(name, schema, required);
}

ToolSchema &ToolSchema::boolean(const QString &name, const QString &description,
                                std::optional<bool> defaultValue)
{
    QJsonObject schema = typed(QStringLiteral("boolean"), description);
    if (defaultValue)
        schema.insert(QStringLiteral("default"), *defaultValue);
    return property(name, schema);
}

ToolSchema &ToolSchema::choice(const QString &name, const QStringList &values,
                               const QString &description, bool required,
                               const QString &defaultValue)
{
    QJsonObject schema = typed(QStringLiteral("string"), description);
    schema.insert(QStringLiteral("enum"), QJsonArray::fromStringList(values));
    if (!defaultValue.isEmpty())
        schema.insert(QStringLiteral("default"), defaultValue);
    return property(name, schema, required);
}

ToolSchema &ToolSchema::object(const QString &name, const QString &description, bool required)
{
    return property(name, typed(QStringLiteral("object"), description), required);
}

ToolSchema &ToolSchema::stringList(const QString &name, const QString &description, bool required)
{
    QJsonObject schema = typed(QStringLiteral("array"), description);
    schema.insert(QStringLiteral("items"), typed(QStringLiteral("string")));
    return property(name, schema, required);
}

ToolSchema &ToolSchema::target()
{
    return string(QStringLiteral("target"),
                  QStringLiteral("Proxmox target (see proxmox_targets); default: the first."));
}

ToolSchema &ToolSchema::node(bool required)
{
    return string(QStringLiteral("node"), QStringLiteral("Node name."), required);
}

ToolSchema &ToolSchema::vmid(bool required)
{
    // No minimum: Proxmox answers a vmid below 100 with a clear error, and the catalogue saves
    // the keyword in some fifty tools.
    return integer(QStringLiteral("vmid"), QStringLiteral("Guest id."), required);
}

ToolSchema &ToolSchema::guestType()
{
    return choice(QStringLiteral("type"), {QStringLiteral("qemu"), QStringLiteral("lxc")},
                  QStringLiteral("Guest type."), false, QStringLiteral("qemu"));
}

ToolSchema &ToolSchema::listControls(const QStringList &filters, bool listFields)
{
    for (const QString &filter : filters) {
        if (filter == QLatin1String("name"))
            string(filter, QStringLiteral("Only names containing this (any case)."));
        else if (filter == QLatin1String("vmid"))
            integer(filter, QStringLiteral("Only this guest id."));
        else if (!has(filter))
            string(filter, QStringLiteral("Filter by %1.").arg(filter));
    }
    stringList(QStringLiteral("fields"), QStringLiteral("Only these fields of each row."));
    if (!listFields)
        m_unlisted.append(QStringLiteral("fields"));
    integer(QStringLiteral("limit"), QStringLiteral("Most rows to return."), false, 1);
    m_unlisted.append(QStringLiteral("offset"));
    return integer(QStringLiteral("offset"), QStringLiteral("Rows to skip."), false, 0);
}

ToolSchema &ToolSchema::wait(bool defaultWait)
{
    boolean(QStringLiteral("wait"), QStringLiteral("false: return at once."), defaultWait);
    m_unlisted.append(QStringLiteral("timeout_s"));
    return integer(QStringLiteral("timeout_s"), QStringLiteral("Seconds to wait."), false, 1);
}

ToolSchema &ToolSchema::confirmation()
{
    boolean(QStringLiteral("dry_run"), QStringLiteral("Only show the plan."));
    return boolean(QStringLiteral("confirm"), QStringLiteral("The user agreed."));
}

ToolSchema &ToolSchema::listed(const QString &name)
{
    m_unlisted.removeAll(name);
    return *this;
}

ToolSchema &ToolSchema::unlist(const QString &name)
{
    if (!m_unlisted.contains(name))
        m_unlisted.append(name);
    return *this;
}

QJsonObject ToolSchema::build() const
{
    QJsonObject schema{{QStringLiteral("type"), QStringLiteral("object")},
                       {QStringLiteral("properties"), m_properties},
                       {QStringLiteral("additionalProperties"), false}};
    if (!m_required.isEmpty())
        schema.insert(QStringLiteral("required"), m_required);
    return schema;
}

QJsonObject ToolSchema::listOutput(const QJsonObject &itemProperties)
{
    QJsonObject item = typed(QStringLiteral("object"));
    if (!itemProperties.isEmpty())
        item.insert(QStringLiteral("properties"), itemProperties);
    QJsonObject items = typed(QStringLiteral("array"));
    items.insert(QStringLiteral("items"), item);
    return {
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("properties"),
         QJsonObject{{QStringLiteral("items"), items},
                     {QStringLiteral("count"),
                      typed(QStringLiteral("integer"), QStringLiteral("rows returned"))},
                     {QStringLiteral("total"),
                      typed(QStringLiteral("integer"),
                            QStringLiteral("rows that matched before the limit"))}}},
        {QStringLiteral("required"), QJsonArray{QStringLiteral("items"), QStringLiteral("count")}}};
}

QJsonObject ToolSchema::objectOutput(const QStringList &required, const QJsonObject &properties)
{
    QJsonObject schema{{QStringLiteral("type"), QStringLiteral("object")}};
    if (!properties.isEmpty())
        schema.insert(QStringLiteral("properties"), properties);
    if (!required.isEmpty())
        schema.insert(QStringLiteral("required"), QJsonArray::fromStringList(required));
    return schema;
}

} // namespace pmcp
