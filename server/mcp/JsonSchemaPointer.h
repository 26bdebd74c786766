#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace pmcp {

// JSON Pointers as schemas use them: tokens in message paths and local $ref targets.
class JsonSchemaPointer final {
public:
    JsonSchemaPointer() = delete;

    // One reference token escaped for a pointer: "a/b~c" becomes "a~1b~0c".
    static QString escapeToken(QString token);

    // A local $ref ("#", "#/$defs/x", any JSON Pointer fragment) resolved against root; nullopt
    // when it is not local, is a plain-name anchor or names nothing.
    static std::optional<QJsonValue> resolve(const QJsonObject &root, const QString &ref);
};

} // namespace pmcp
