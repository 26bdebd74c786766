#include "server/tools/proxmox/ListShaper.h"

#include <algorithm>

namespace pmcp {

ListShaper::ListShaper(const QJsonObject &arguments, const QStringList &filterKeys)
{
    for (const QString &key : filterKeys) {
        const QJsonValue value = arguments.value(key);
        if (value.isUndefined() || value.isNull())
            continue;
        if (key == QLatin1String("name"))
            m_nameContains = value.toString();
        else
            m_equals.insert(key, value);
    }
    for (const QJsonValue &field : arguments.value(QLatin1String("fields")).toArray())
        m_fields.append(field.toString());
    m_limit = arguments.value(QLatin1String("limit")).toInt(0);
    m_offset = std::max(0, arguments.value(QLatin1String("offset")).toInt(0));
}

QString ListShaper::text(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble()) {
        const double number = value.toDouble();
        return number == double(qint64(number)) ? QString::number(qint64(number))
                                                : QString::number(number, 'g', 6);
    }
    if (value.isBool())
        return value.toBool() ? QStringLiteral("1") : QStringLiteral("0");
    return {};
}

bool ListShaper::matches(const QJsonObject &row) const
{
    for (auto it = m_equals.begin(); it != m_equals.end(); ++it) {
        // Proxmox sends vmid as a number in one list and a string in another: compare as text.
        if (text(row.value(it.key())) != text(it.value()))
            return false;
    }
    if (!m_nameContains.isEmpty()) {
        const QString name = row.contains(QLatin1String("name"))
                                 ? row.value(QLatin1String("name")).toString()
                                 : row.value(QLatin1String("hostname")).toString();
        if (!name.contains(m_nameContains, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

QJsonObject ListShaper::project(const QJsonObject &row) const
{
    if (m_fields.isEmpty())
        return row;
    QJsonObject projected;
    for (const QString &field : m_fields) {
        if (row.contains(field))
            projected.insert(field, row.value(field));
    }
    return projected;
}

QJsonObject ListShaper::shape(const QJsonArray &rows) const
{
    QJsonArray items;
    qint64 matched = 0;
    for (const QJsonValue &value : rows) {
        const QJsonObject row = value.toObject();
        if (!matches(row))
            continue;
        ++matched;
        if (matched > m_offset && (m_limit <= 0 || items.size() < m_limit))
            items.append(project(row));
    }
    QJsonObject shaped{{QStringLiteral("items"), items},
                       {QStringLiteral("count"), qint64(items.size())},
                       {QStringLiteral("total"), matched}};
    if (m_offset > 0)
        shaped.insert(QStringLiteral("offset"), m_offset);
    return shaped;
}

} // namespace pmcp
