#include "server/proxmox/Upid.h"

#include <QRegularExpression>

namespace pmcp {

namespace {

// pve-common src/PVE/UPID.pm (decode_upid), without anchors so that find() can use it.
const QString kBody = QStringLiteral(
    "UPID:([a-zA-Z0-9](?:[a-zA-Z0-9\\-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):"
    "([0-9A-Fa-f]{8}):([^:\\s/]+):([^:\\s/]*):([^:\\s/]+):");

} // namespace

std::optional<Upid> Upid::parse(const QString &text)
{
    static const QRegularExpression whole(QStringLiteral("^") + kBody + QStringLiteral("$"));
    const QRegularExpressionMatch match = whole.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    Upid upid;
    upid.node = match.captured(1);
    upid.pid = match.captured(2).toUInt(nullptr, 16);
    upid.pstart = match.captured(3).toULongLong(nullptr, 16);
    upid.startTime = match.captured(4).toLongLong(nullptr, 16);
    upid.type = match.captured(5);
    upid.id = match.captured(6);
    upid.user = match.captured(7);
    upid.text = text;
    return upid;
}

bool Upid::isValid(const QString &text)
{
    return parse(text).has_value();
}

QString Upid::nodeOf(const QString &text)
{
    const auto upid = parse(text);
    return upid ? upid->node : QString();
}

QString Upid::find(const QString &text)
{
    // Not inside a longer word: "xUPID:..." is no task id.
    static const QRegularExpression inside(QStringLiteral("(?<![A-Za-z0-9])") + kBody);
    return inside.match(text).captured(0);
}

} // namespace pmcp
