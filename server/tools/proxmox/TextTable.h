#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace pmcp {

// Compact text renderings of Proxmox data for the content block next to structuredContent:
// an aligned table for lists, "key: value" lines for objects.
class TextTable final {
public:
    // Columns default to the keys of the first row (at most eight); rows beyond maxRows are
    // summarised in a last line.
    static QString render(const QJsonArray &rows, QStringList columns = {}, int maxRows = 100);
    static QString renderObject(const QJsonObject &object, int maxLines = 60);
    static QString cell(const QJsonValue &value);
};

} // namespace pmcp
