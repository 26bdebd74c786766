#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace pmcp {

// Compact text renderings of Proxmox data for the content block next to structuredContent:
// an aligned table for lists, "key: value" lines for objects. Nothing is ever cut: a model
// copies identifiers (UPIDs, volume ids, MACs, paths) from here into its next call. Sizes and
// times read as a person says them (HumanText); structuredContent keeps the raw numbers.
class TextTable final {
public:
    // Columns default to the keys of the first row (at most eight). At most maxRows rows are
    // shown; the last line then says how many more there are and which offset shows them
    // (firstRow: the offset of rows[0] in the whole list).
    static QString render(const QJsonArray &rows, QStringList columns = {}, int maxRows = 100,
                          int firstRow = 0);
    static QString renderObject(const QJsonObject &object);
    // One value on one line, whole; with its field's name, in words (GiB, "3 h ago").
    static QString cell(const QJsonValue &value, const QString &field = {});
    // Cells wider than this do not widen their column (they run past it instead).
    static constexpr int kMaxAlignedWidth = 40;
};

} // namespace pmcp
