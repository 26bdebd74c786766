#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace pmcp {

// Shapes a list reply for a model: client-side filters (exact node/type/status/vmid, name
// substring), a fields projection, and a page (offset, limit).
class ListShaper final {
public:
    // Reads the filters named in filterKeys, "fields", "offset" and "limit" from a tool's
    // arguments.
    ListShaper(const QJsonObject &arguments, const QStringList &filterKeys);

    bool matches(const QJsonObject &row) const;
    QJsonObject project(const QJsonObject &row) const;
    // {items, count, total, offset}: total counts the rows that matched before the page was
    // taken; offset is the first matching row returned (0-based).
    QJsonObject shape(const QJsonArray &rows) const;
    int offset() const { return m_offset; }

    static QString text(const QJsonValue &value);

private:
    QJsonObject m_equals;
    QString m_nameContains;
    QStringList m_fields;
    int m_limit = 0;
    int m_offset = 0;
};

} // namespace pmcp
