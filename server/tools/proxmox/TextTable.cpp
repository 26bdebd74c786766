#include "server/tools/proxmox/TextTable.h"

#include "server/tools/proxmox/ListShaper.h"

#include <QJsonDocument>

#include <algorithm>

namespace pmcp {

QString TextTable::cell(const QJsonValue &value)
{
    if (value.isArray() || value.isObject()) {
        const QJsonDocument document =
            value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
        return QString::fromUtf8(document.toJson(QJsonDocument::Compact));
    }
    return ListShaper::text(value).replace(QLatin1Char('\n'), QLatin1Char(' '));
}

QString TextTable::render(const QJsonArray &rows, QStringList columns, int maxRows)
{
    if (rows.isEmpty())
        return QStringLiteral("(no rows)");
    if (columns.isEmpty())
        columns = rows.first().toObject().keys().mid(0, 8);
    const int shown = int(std::min<qsizetype>(rows.size(), maxRows));
    QList<QStringList> cells;
    QList<qsizetype> widths;
    for (const QString &column : columns)
        widths.append(column.size());
    for (int r = 0; r < shown; ++r) {
        const QJsonObject row = rows.at(r).toObject();
        QStringList line;
        for (int c = 0; c < columns.size(); ++c) {
            line.append(cell(row.value(columns.at(c))).left(60));
            widths[c] = std::max(widths[c], line.last().size());
        }
        cells.append(line);
    }
    const auto format = [&widths](const QStringList &line) {
        QStringList padded;
        for (int c = 0; c < line.size(); ++c)
            padded.append(c + 1 == line.size() ? line.at(c) : line.at(c).leftJustified(widths[c]));
        return padded.join(QLatin1String("  ")).trimmed();
    };
    QStringList out{format(columns)};
    for (const QStringList &line : cells)
        out.append(format(line));
    if (rows.size() > shown)
        out.append(QStringLiteral("... %1 more rows").arg(rows.size() - shown));
    return out.join(QLatin1Char('\n'));
}

QString TextTable::renderObject(const QJsonObject &object, int maxLines)
{
    QStringList out;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (out.size() == maxLines) {
            out.append(QStringLiteral("... %1 more keys").arg(object.size() - maxLines));
            break;
        }
        out.append(QStringLiteral("%1: %2").arg(it.key(), cell(it.value()).left(200)));
    }
    return out.isEmpty() ? QStringLiteral("(empty)") : out.join(QLatin1Char('\n'));
}

} // namespace pmcp
