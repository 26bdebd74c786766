#include "server/tools/proxmox/TextTable.h"

#include "server/tools/proxmox/HumanText.h"
#include "server/tools/proxmox/ListShaper.h"

#include <QDateTime>
#include <QJsonDocument>

#include <algorithm>

namespace pmcp {

QString TextTable::cell(const QJsonValue &value, const QString &field)
{
    if (value.isArray() || value.isObject()) {
        const QJsonDocument document =
            value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
        return QString::fromUtf8(document.toJson(QJsonDocument::Compact));
    }
    if (!field.isEmpty()) {
        const QString human = HumanText::of(field, value, QDateTime::currentSecsSinceEpoch());
        if (!human.isEmpty())
            return human;
    }
    return ListShaper::text(value).replace(QLatin1Char('\n'), QLatin1Char(' '));
}

QString TextTable::render(const QJsonArray &rows, QStringList columns, int maxRows, int firstRow)
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
            line.append(cell(row.value(columns.at(c)), columns.at(c)));
            if (line.last().size() <= kMaxAlignedWidth)
                widths[c] = std::max(widths[c], line.last().size());
        }
        cells.append(line);
    }
    const auto format = [&widths](const QStringList &line) {
        QString out;
        for (int c = 0; c < line.size(); ++c) {
            out += line.at(c);
            if (c + 1 < line.size())
                out += QString(std::max<qsizetype>(widths[c] - line.at(c).size(), 0) + 2, u' ');
        }
        return out.trimmed();
    };
    QStringList out{format(columns)};
    for (const QStringList &line : cells)
        out.append(format(line));
    if (rows.size() > shown)
        out.append(QStringLiteral("... %1 more rows: call again with offset %2 to see them")
                       .arg(rows.size() - shown)
                       .arg(firstRow + shown));
    return out.join(QLatin1Char('\n'));
}

QString TextTable::renderObject(const QJsonObject &object)
{
    QStringList out;
    for (auto it = object.begin(); it != object.end(); ++it)
        out.append(QStringLiteral("%1: %2").arg(it.key(), cell(it.value(), it.key())));
    return out.isEmpty() ? QStringLiteral("(empty)") : out.join(QLatin1Char('\n'));
}

} // namespace pmcp
