#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace pmcp {

// Decides whether a schema can serve as an MCP tool's input or output schema.
//
// Walks the schema once, without following $refs, and names the first problem with its JSON
// Pointer into the schema: a root that is not "type": "object", a malformed keyword, a pattern
// that does not compile, a $ref that does not resolve locally, nesting beyond kMaxDepth.
class JsonSchemaChecker final {
public:
    // "" when the schema is usable; otherwise the first problem.
    static QString check(const QJsonObject &schema);

    static constexpr int kMaxDepth = 128;

private:
    explicit JsonSchemaChecker(const QJsonObject &root);

    QString checkSchema(const QJsonValue &schema, const QString &where, int depth) const;
    QString checkKeyword(const QString &name, const QJsonValue &v, const QString &at,
                         int depth) const;
    QString valueProblem(const QString &name, const QJsonValue &v) const;
    QString checkMap(bool keysArePatterns, const QJsonValue &v, const QString &at, int depth) const;
    QString checkList(const QJsonValue &v, const QString &at, int depth, bool nonEmpty) const;

    const QJsonObject &m_root;
};

} // namespace pmcp
