#pragma once

#include "server/mcp/JsonSchemaValidator.h"

#include <QJsonValue>
#include <QList>
#include <QString>

namespace pmcp {

// How JSON Schema messages name and quote values: type names, numbers, short JSON, violations.
class JsonSchemaText final {
public:
    JsonSchemaText() = delete;

    // A finite number without a fraction: what JSON Schema calls an integer.
    static bool isIntegral(double d);

    // "5", "1.5": whole numbers below 2^53 without exponent or fraction, others shortest.
    static QString formatNumber(double d);

    // "integer", "number", "string", ...; "nothing" for an undefined value.
    static QString typeName(const QJsonValue &v);

    // Compact JSON of v cut to kMaxShown characters; a huge value costs no more than a small one.
    static QString shown(const QJsonValue &v);

    // "string \"abc\"", "integer 5", "object {\"a\":1}", "null".
    static QString given(const QJsonValue &v);

    // text cut to limit characters (never inside a surrogate pair) with "..." when cut.
    static QString cut(QString text, qsizetype limit);

    // "1 item", "2 items".
    static QString plural(qint64 n, const char *one, const char *many);

    // "/vmid: expected integer, got string \"abc\"; /node: missing required property".
    static QString describe(const QList<SchemaViolation> &violations);

    static constexpr qsizetype kMaxShown = 60; // characters of a value quoted in a message
};

} // namespace pmcp
