#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace pmcp {

// Shapes a list reply for a model: client-side filters (exact node/type/status/vmid, name
// substring), a fields projection and a limit.
class ListShaper final {
public:
    // Reads the filters named in filterKeys, "fields" and "limit" from a tool's arguments.
    ListShaper(const QJsonObject &arguments, const QStringList &filterKeys);

    bool matches(const QJsonObject &row) const;
    QJsonObject project(const QJsonObject &row) const;
    // {items, count, total}: total counts the rows that matched before the limit.
    QJsonObject shape(const QJsonArray &rows) const;

    static QString text(const QJsonValue &value);

private:
    QJsonObject m_equals;
    QString m_nameContains;
    QStringList m_fields;
    int m_limit = 0;
};

} // namespace pmcp
