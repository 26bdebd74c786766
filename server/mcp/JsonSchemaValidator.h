#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace pmcp {

// One way an instance fails its schema. path is a JSON Pointer into the instance ("/disks/0/size",
// "" for the root); for a missing required property it names the property that is missing.
struct SchemaViolation final {
    QString path;
    QString message;
};

// Checks tool arguments (and, in tests, structured results) against a tool's JSON Schema.
//
// Covers the 2020-12 subset tool schemas use: type, enum, const, properties, required,
// additionalProperties, patternProperties, min/maxProperties, items, prefixItems, min/maxItems,
// uniqueItems, min/maxLength (code points), pattern (unanchored search), the numeric bounds,
// multipleOf, allOf/anyOf/oneOf/not, if/then/else, boolean schemas and local $ref ("#",
// "#/$defs/x", "#/definitions/x", any local JSON Pointer). Annotations and unknown keywords are
// ignored. When "type" fails, the other assertions of that schema are skipped: they would only
// repeat the same complaint.
//
// Hostile input is expected (the validator is fuzzed): $ref chains that do not move into the
// instance stop at 64, instance nesting at 128, total work at a fixed step budget, and at most
// 100 violations are collected. Each limit becomes a violation, so a schema or instance that hits
// one never validates.
class JsonSchemaValidator final {
public:
    explicit JsonSchemaValidator(QJsonObject schema);

    // Empty when valid; otherwise every violation found, in a stable order.
    QList<SchemaViolation> validate(const QJsonValue &instance) const;

    // "/vmid: expected integer, got string \"abc\"; /node: missing required property". Same as
    // JsonSchemaText::describe().
    static QString describe(const QList<SchemaViolation> &violations);

    // "" when the schema can serve as an MCP input or output schema (root "type": "object",
    // well-formed keywords, compilable patterns, resolvable $refs); otherwise the first problem.
    // Same as JsonSchemaChecker::check().
    static QString checkSchema(const QJsonObject &schema);

    static constexpr int kMaxRefDepth = 64;
    static constexpr int kMaxInstanceDepth = 128;
    static constexpr int kMaxViolations = 100;

private:
    QJsonObject m_root;
};

} // namespace pmcp
