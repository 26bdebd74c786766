#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace pmcp {

// Opaque cursors for paginated MCP lists.
class Pagination final {
public:
    // The offset a cursor stands for; nullopt for a cursor this server did not issue.
    static std::optional<int> decode(const QJsonObject &params);
    static QString encode(int offset);
};

} // namespace pmcp
