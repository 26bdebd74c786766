#include "server/simulator/SimShellOutput.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonValue>
#include <QLocale>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace pmcp {

namespace {

constexpr qint64 kMiB = 1024 * 1024;
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

QByteArray text(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double number = value.toDouble();
        return number == std::floor(number) ? QByteArray::number(qint64(number))
                                            : QByteArray::number(number);
    }
    return value.toString().toUtf8();
}

qint64 integer(const QJsonValue &value)
{
    return value.isString() ? value.toString().toLongLong() : value.toInteger();
}

QJsonArray sortedByVmid(const QJsonArray &rows)
{
    QList<QJsonObject> list;
    for (const QJsonValue &row : rows)
        list.append(row.toObject());
    std::sort(list.begin(), list.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return integer(a.value(QLatin1String("vmid"))) < integer(b.value(QLatin1String("vmid")));
    });
    QJsonArray sorted;
    for (const QJsonObject &row : list)
        sorted.append(row);
    return sorted;
}

QJsonObject memberOf(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toObject();
}

// "Tue Nov  5 10:00:00 2025", as ctime() writes it.
QString ctimeNow()
{
    const QDateTime now = QDateTime::currentDateTime();
    const QLocale c = QLocale::c();
    return QStringLiteral("%1 %2 %3 %4")
        .arg(c.toString(now, QStringLiteral("ddd MMM")))
        .arg(now.date().day(), 2)
        .arg(c.toString(now, QStringLiteral("HH:mm:ss")))
        .arg(now.date().year());
}

QList<QJsonObject> rowsOfType(const QJsonArray &rows, const char *type)
{
    QList<QJsonObject> found;
    for (const QJsonValue &value : rows) {
        if (value.toObject().value(QLatin1String("type")).toString() == QLatin1String(type))
            found.append(value.toObject());
    }
    return found;
}

} // namespace

QByteArray SimShellOutput::qmList(const QJsonArray &rows)
{
    if (rows.isEmpty())
        return {};
    QByteArray out = QString::asprintf("%10s %-20s %-10s %-10s %12s %-10s\n", "VMID", "NAME",
                                       "STATUS", "MEM(MB)", "BOOTDISK(GB)", "PID")
                         .toUtf8();
    for (const QJsonValue &value : sortedByVmid(rows)) {
        const QJsonObject row = value.toObject();
        const QString status = row.contains(QLatin1String("qmpstatus"))
                                   ? row.value(QLatin1String("qmpstatus")).toString()
                                   : row.value(QLatin1String("status")).toString();
        out +=
            QString::asprintf(
                "%10s %-20s %-10s %-10s %12.2f %-10s\n",
                text(row.value(QLatin1String("vmid"))).constData(),
                row.value(QLatin1String("name")).toString().toUtf8().constData(),
                status.toUtf8().constData(),
                QByteArray::number(integer(row.value(QLatin1String("maxmem"))) / kMiB).constData(),
                double(integer(row.value(QLatin1String("maxdisk")))) / kGiB,
                QByteArray::number(integer(row.value(QLatin1String("pid")))).constData())
                .toUtf8();
    }
    return out;
}

QByteArray SimShellOutput::pctList(const QJsonArray &rows)
{
    if (rows.isEmpty())
        return {};
    QByteArray out =
        QString::asprintf("%-10s %-10s %-12s %-20s\n", "VMID", "Status", "Lock", "Name").toUtf8();
    for (const QJsonValue &value : sortedByVmid(rows)) {
        const QJsonObject row = value.toObject();
        out += QString::asprintf("%-10s %-10s %-12s %-20s\n",
                                 text(row.value(QLatin1String("vmid"))).constData(),
                                 row.value(QLatin1String("status")).toString().toUtf8().constData(),
                                 row.value(QLatin1String("lock")).toString().toUtf8().constData(),
                                 row.value(QLatin1String("name")).toString().toUtf8().constData())
                   .toUtf8();
    }
    return out;
}

QByteArray SimShellOutput::keyValues(const QJsonObject &object)
{
    QByteArray out;
    QStringList keys = object.keys();
    std::sort(keys.begin(), keys.end());
    for (const QString &key : keys) {
        if (key == QLatin1String("digest"))
            continue;
        const QJsonValue value = object.value(key);
        QByteArray rendered =
            value.isObject() || value.isArray()
                ? QJsonDocument::fromVariant(value.toVariant()).toJson(QJsonDocument::Compact)
                : text(value);
        rendered.replace('\n', "\\n"); // descriptions are encoded as qm does
        out += key.toUtf8() + ": " + rendered + '\n';
    }
    return out;
}

QByteArray SimShellOutput::pvesmStatus(const QJsonArray &rows)
{
    QList<QJsonObject> list;
    int width = 0;
    for (const QJsonValue &value : rows) {
        list.append(value.toObject());
        width = std::max(width, int(list.last().value(QLatin1String("storage")).toString().size()));
    }
    ++width;
    std::sort(list.begin(), list.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QLatin1String("storage")).toString() <
               b.value(QLatin1String("storage")).toString();
    });
    QByteArray out = QString::asprintf("%-*s %10s %10s %15s %15s %15s %8s\n", width, "Name", "Type",
                                       "Status", "Total", "Used", "Available", "%")
                         .toUtf8();
    for (const QJsonObject &row : list) {
        const qint64 total = integer(row.value(QLatin1String("total")));
        const qint64 used = integer(row.value(QLatin1String("used")));
        const bool enabled = integer(row.value(QLatin1String("enabled"))) != 0;
        const bool active = integer(row.value(QLatin1String("active"))) != 0;
        const QString status = !enabled ? QStringLiteral("disabled")
                               : active ? QStringLiteral("active")
                                        : QStringLiteral("inactive");
        const QString percent =
            enabled ? QString::asprintf("% 7.2f%%", total > 0 ? used * 100.0 / total : 0.0)
                    : QStringLiteral("     N/A");
        out += QString::asprintf(
                   "%-*s %10s %10s %15lld %15lld %15lld %s\n", width,
                   row.value(QLatin1String("storage")).toString().toUtf8().constData(),
                   row.value(QLatin1String("type")).toString().toUtf8().constData(),
                   status.toUtf8().constData(), total / 1024, used / 1024,
                   integer(row.value(QLatin1String("avail"))) / 1024, percent.toUtf8().constData())
                   .toUtf8();
    }
    return out;
}

QByteArray SimShellOutput::membership(const QJsonArray &rows, const QString &localNode, bool byIp)
{
    QByteArray out = "Membership information\n----------------------\n"
                     "    Nodeid      Votes Name\n";
    for (const QJsonObject &node : rowsOfType(rows, "node")) {
        if (integer(node.value(QLatin1String("online"))) == 0)
            continue;
        const int id = int(integer(node.value(QLatin1String("nodeid"))));
        const QString name = node.value(QLatin1String(byIp ? "ip" : "name")).toString();
        const bool local = node.value(QLatin1String("name")).toString() == localNode;
        const QString nodeid =
            byIp ? QStringLiteral("0x%1").arg(id, 8, 16, QLatin1Char('0')) : QString::number(id);
        out += QString::asprintf("%10s %10d %s%s\n", nodeid.toUtf8().constData(), 1,
                                 name.toUtf8().constData(), local ? " (local)" : "")
                   .toUtf8();
    }
    return out;
}

QByteArray SimShellOutput::pvecmNodes(const QJsonArray &rows, const QString &localNode)
{
    return '\n' + membership(rows, localNode, false);
}

QByteArray SimShellOutput::pvecmStatus(const QJsonArray &rows, const QString &localNode)
{
    const QList<QJsonObject> clusters = rowsOfType(rows, "cluster");
    const QJsonObject cluster = clusters.isEmpty() ? QJsonObject() : clusters.first();
    const QList<QJsonObject> nodes = rowsOfType(rows, "node");
    qint64 online = 0;
    QString localId = QStringLiteral("0x00000001");
    for (const QJsonObject &node : nodes) {
        online += integer(node.value(QLatin1String("online")));
        if (node.value(QLatin1String("name")).toString() == localNode)
            localId = QStringLiteral("0x%1").arg(integer(node.value(QLatin1String("nodeid"))), 8,
                                                 16, QLatin1Char('0'));
    }
    const bool quorate = integer(cluster.value(QLatin1String("quorate"))) != 0;
    const qint64 expected = nodes.size();
    QString out;
    out += QStringLiteral("Cluster information\n-------------------\n");
    out += QStringLiteral("Name:             %1\n")
               .arg(cluster.value(QLatin1String("name")).toString());
    out += QStringLiteral("Config Version:   %1\n")
               .arg(integer(cluster.value(QLatin1String("version"))));
    out += QStringLiteral("Transport:        knet\nSecure auth:      on\n\n");
    out += QStringLiteral("Quorum information\n------------------\n");
    out += QStringLiteral("Date:             %1\n").arg(ctimeNow());
    out += QStringLiteral("Quorum provider:  corosync_votequorum\n");
    out += QStringLiteral("Nodes:            %1\n").arg(online);
    out += QStringLiteral("Node ID:          %1\n").arg(localId);
    out += QStringLiteral("Ring ID:          1.%1\n").arg(expected * 7 + online, 0, 16);
    out += QStringLiteral("Quorate:          %1\n\n")
               .arg(quorate ? QStringLiteral("Yes") : QStringLiteral("No"));
    out += QStringLiteral("Votequorum information\n----------------------\n");
    out += QStringLiteral("Expected votes:   %1\nHighest expected: %1\n").arg(expected);
    out += QStringLiteral("Total votes:      %1\n").arg(online);
    out += QStringLiteral("Quorum:           %1 %2\n")
               .arg(expected / 2 + 1)
               .arg(quorate ? QString() : QStringLiteral("Activity blocked"));
    out += QStringLiteral("Flags:            %1\n\n")
               .arg(quorate ? QStringLiteral("Quorate ") : QString());
    return out.toUtf8() + membership(rows, localNode, true);
}

QByteArray SimShellOutput::uptime(const QJsonObject &nodeStatus)
{
    const qint64 seconds = integer(nodeStatus.value(QLatin1String("uptime")));
    const qint64 days = seconds / 86400;
    const qint64 hours = seconds % 86400 / 3600;
    const qint64 minutes = seconds % 3600 / 60;
    QString up = days > 0 ? QStringLiteral("%1 day%2, ")
                                .arg(days)
                                .arg(days == 1 ? QString() : QStringLiteral("s"))
                          : QString();
    up += hours > 0 ? QStringLiteral("%1:%2").arg(hours, 2).arg(minutes, 2, 10, QLatin1Char('0'))
                    : QStringLiteral("%1 min").arg(minutes);
    const QJsonArray load = nodeStatus.value(QLatin1String("loadavg")).toArray();
    QStringList loads;
    for (const QJsonValue &value : load)
        loads.append(value.toString());
    return QStringLiteral(" %1 up %2,  1 user,  load average: %3\n")
        .arg(QLocale::c().toString(QTime::currentTime(), QStringLiteral("HH:mm:ss")), up,
             loads.join(QStringLiteral(", ")))
        .toUtf8();
}

QString SimShellOutput::humanSize(qint64 bytes)
{
    static const char units[] = {'K', 'M', 'G', 'T', 'P'};
    if (bytes < 1024)
        return QString::number(bytes);
    double value = double(bytes);
    int unit = -1;
    while (value >= 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    if (value < 10.0) {
        const double rounded = std::ceil(value * 10.0) / 10.0;
        if (rounded < 10.0)
            return QString::number(rounded, 'f', 1) + QLatin1Char(units[unit]);
        value = rounded;
    }
    return QString::number(qint64(std::ceil(value))) + QLatin1Char(units[unit]);
}

QByteArray SimShellOutput::df(const QJsonObject &nodeStatus, bool human)
{
    const QJsonObject root = memberOf(nodeStatus, "rootfs");
    const qint64 mem = integer(memberOf(nodeStatus, "memory").value(QLatin1String("total")));
    struct Fs {
        const char *name;
        qint64 size, used;
        const char *mount;
    };
    const qint64 rootTotal = integer(root.value(QLatin1String("total")));
    const qint64 rootUsed = integer(root.value(QLatin1String("used")));
    const Fs rows[] = {{"udev", mem / 2, 0, "/dev"},
                       {"tmpfs", mem / 10, 1677721, "/run"},
                       {"/dev/mapper/pve-root", rootTotal, rootUsed, "/"},
                       {"tmpfs", mem / 2, 48234496, "/dev/shm"},
                       {"tmpfs", 5 * kMiB, 0, "/run/lock"},
                       {"/dev/fuse", 128 * kMiB, 32768, "/etc/pve"}};
    const auto size = [human](qint64 bytes) {
        return human ? humanSize(bytes) : QString::number((bytes + 1023) / 1024);
    };
    QList<QStringList> table{{QStringLiteral("Filesystem"),
                              human ? QStringLiteral("Size") : QStringLiteral("1K-blocks"),
                              QStringLiteral("Used"), QStringLiteral("Avail"),
                              QStringLiteral("Use%"), QStringLiteral("Mounted on")}};
    for (const Fs &fs : rows) {
        const int percent = fs.size > 0 ? int(std::ceil(fs.used * 100.0 / fs.size)) : 0;
        table.append({QString::fromLatin1(fs.name), size(fs.size), size(fs.used),
                      size(fs.size - fs.used), QStringLiteral("%1%").arg(percent),
                      QString::fromLatin1(fs.mount)});
    }
    QList<int> widths(6, 0);
    for (const QStringList &row : table)
        for (int i = 0; i < 6; ++i)
            widths[i] = std::max(widths[i], int(row[i].size()));
    QByteArray out;
    for (const QStringList &row : table) {
        QString line = row[0].leftJustified(widths[0]);
        for (int i = 1; i < 5; ++i)
            line += u' ' + row[i].rightJustified(widths[i]);
        out += (line + u' ' + row[5] + u'\n').toUtf8();
    }
    return out;
}

QByteArray SimShellOutput::free(const QJsonObject &nodeStatus, qint64 unit)
{
    const QJsonObject mem = memberOf(nodeStatus, "memory");
    const QJsonObject swap = memberOf(nodeStatus, "swap");
    const qint64 total = integer(mem.value(QLatin1String("total")));
    const qint64 used = integer(mem.value(QLatin1String("used")));
    const qint64 cache = (total - used) / 10;
    const qint64 shared = 52 * kMiB;
    const auto n = [unit](qint64 bytes) { return (long long)(bytes / unit); };
    QByteArray out = "               total        used        free      shared  buff/cache   "
                     "available\n";
    out += QString::asprintf("%-8s%12lld%12lld%12lld%12lld%12lld%12lld\n", "Mem:", n(total),
                             n(used), n(total - used - cache), n(shared), n(cache), n(total - used))
               .toUtf8();
    out += QString::asprintf("%-8s%12lld%12lld%12lld\n",
                             "Swap:", n(integer(swap.value(QLatin1String("total")))),
                             n(integer(swap.value(QLatin1String("used")))),
                             n(integer(swap.value(QLatin1String("free")))))
               .toUtf8();
    return out;
}

} // namespace pmcp
