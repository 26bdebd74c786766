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
                  QStringLiteral("Name of the configured Proxmox target (cluster); see "
                                 "proxmox_targets. Omit for the default target."));
}

ToolSchema &ToolSchema::node(bool required)
{
    QJsonObject schema = typed(QStringLiteral("string"),
                               QStringLiteral("Proxmox node name, e.g. pve1 (see node_list)."));
    schema.insert(QStringLiteral("minLength"), 1);
    return property(QStringLiteral("node"), schema, required);
}

ToolSchema &ToolSchema::vmid(bool required)
{
    return integer(QStringLiteral("vmid"), QStringLiteral("Guest id (100 or more)."), required,
                   100);
}

ToolSchema &ToolSchema::guestType()
{
    return choice(QStringLiteral("type"), {QStringLiteral("qemu"), QStringLiteral("lxc")},
                  QStringLiteral("Guest type: qemu (virtual machine) or lxc (container)."), false,
                  QStringLiteral("qemu"));
}

ToolSchema &ToolSchema::listControls(const QStringList &filters)
{
    for (const QString &filter : filters) {
        if (filter == QLatin1String("name"))
            string(filter, QStringLiteral("Keep rows whose name contains this (any case)."));
        else if (filter == QLatin1String("vmid"))
            integer(filter, QStringLiteral("Keep rows of this guest id."));
        else if (!has(filter))
            string(filter, QStringLiteral("Keep rows whose %1 equals this.").arg(filter));
    }
    stringList(QStringLiteral("fields"),
               QStringLiteral("Return only these fields of each row (projection)."));
    return integer(QStringLiteral("limit"), QStringLiteral("Return at most this many rows."), false,
                   1);
}

ToolSchema &ToolSchema::wait(bool defaultWait)
{
    boolean(QStringLiteral("wait"),
            QStringLiteral("Wait for the Proxmox task to end (progress notifications carry its "
                           "log). false: return the UPID at once; follow it with task_wait."),
            defaultWait);
    return integer(QStringLiteral("timeout_s"),
                   QStringLiteral("Seconds to wait for the task before returning (the task goes "
                                  "on; follow it with task_wait)."),
                   false, 1);
}

ToolSchema &ToolSchema::confirmation()
{
    boolean(QStringLiteral("dry_run"),
            QStringLiteral("Only show the exact request and what it affects; change nothing."),
            false);
    return boolean(QStringLiteral("confirm"),
                   QStringLiteral("true once the user has seen the dry run and agreed. Without "
                                  "it the server asks the user (elicitation) or refuses."));
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

QJsonObject ToolSchema::actionOutput()
{
    const QJsonObject string = typed(QStringLiteral("string"));
    const QJsonObject boolean = typed(QStringLiteral("boolean"));
    QJsonObject lines = typed(QStringLiteral("array"));
    lines.insert(QStringLiteral("items"), string);
    const QJsonObject properties{
        {QStringLiteral("upid"), typed(QStringLiteral("string"), QStringLiteral("task id"))},
        {QStringLiteral("node"), string},
        {QStringLiteral("status"),
         typed(QStringLiteral("string"), QStringLiteral("running, stopped or done"))},
        {QStringLiteral("exitstatus"), string},
        {QStringLiteral("ok"), boolean},
        {QStringLiteral("timed_out"), boolean},
        {QStringLiteral("log_tail"), lines},
        {QStringLiteral("dry_run"), boolean},
        {QStringLiteral("request"), typed(QStringLiteral("object"))},
        {QStringLiteral("affects"), typed(QStringLiteral("object"))},
        {QStringLiteral("result"), QJsonObject{}},
        {QStringLiteral("message"), string},
    };
    return objectOutput({QStringLiteral("ok")}, properties);
}

} // namespace pmcp
