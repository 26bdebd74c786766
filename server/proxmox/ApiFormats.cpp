#include "server/proxmox/ApiFormats.h"

#include "server/proxmox/Upid.h"

#include <QHash>
#include <QRegularExpression>
#include <QUrl>

namespace pmcp {

namespace {

struct Format {
    QRegularExpression pattern; // anchored
    int maxLength;
    QString expectation;
};

QRegularExpression anchored(const char *pattern)
{
    return QRegularExpression(QStringLiteral("^(?:%1)$").arg(QLatin1String(pattern)));
}

// The formats, from PVE::JSONSchema and PVE::AccessControl (register_format calls).
const QHash<QString, Format> &formats()
{
    static const QHash<QString, Format> table{
        {QStringLiteral("pve-node"),
         {anchored("[a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?"), 63,
          QStringLiteral("a node name (letters, digits and '-', e.g. pve1)")}},
        {QStringLiteral("pve-vmid"),
         {anchored("[1-9][0-9]{2,8}"), 9, QStringLiteral("a guest id (100 to 999999999)")}},
        {QStringLiteral("pve-storage-id"),
         {anchored("[a-zA-Z][a-zA-Z0-9\\-_.]*[a-zA-Z0-9]"), 64,
          QStringLiteral("a storage id (a letter, then letters, digits, '-', '_' or '.', e.g. "
                         "local-lvm)")}},
        {QStringLiteral("pve-configid"),
         {anchored("[a-zA-Z][a-zA-Z0-9_\\-]+"), 64,
          QStringLiteral("a name of letters, digits, '-' and '_' starting with a letter (e.g. "
                         "a snapshot name)")}},
        {QStringLiteral("pve-userid"),
         {anchored("[^\\s:/@]+@[A-Za-z][A-Za-z0-9.\\-_]+"), 64,
          QStringLiteral("a user id such as admin@pve")}},
        {QStringLiteral("pve-tokenid"),
         {anchored("[A-Za-z][A-Za-z0-9.\\-_]+"), 64,
          QStringLiteral("a token name (a letter, then letters, digits, '.', '-' or '_')")}},
        {QStringLiteral("pve-poolid"),
         {anchored("[A-Za-z0-9.\\-_]+"), 64,
          QStringLiteral("a pool id (letters, digits, '.', '-' and '_')")}},
        {QStringLiteral("pve-groupid"),
         {anchored("[A-Za-z0-9.\\-_]+"), 64,
          QStringLiteral("a group id (letters, digits, '.', '-' and '_')")}},
        {QStringLiteral("pve-roleid"),
         {anchored("[A-Za-z0-9.\\-_]+"), 64,
          QStringLiteral("a role id (letters, digits, '.', '-' and '_')")}},
        {QStringLiteral("pve-realm"),
         {anchored("[A-Za-z][A-Za-z0-9.\\-_]+"), 32, QStringLiteral("a realm such as pve or pam")}},
        {QStringLiteral("pve-iface"),
         {anchored("[a-zA-Z][a-zA-Z0-9_]{1,20}([:.]\\d+)?"), 20,
          QStringLiteral("a network interface name such as vmbr0")}},
        {QStringLiteral("pve-ha-resource-or-vm-id"),
         {anchored("((vm|ct):)?[1-9][0-9]{2,8}"), 20,
          QStringLiteral("an HA resource id such as vm:100")}},
        {QStringLiteral("pve-guest-type"),
         {anchored("qemu|lxc"), 4, QStringLiteral("qemu or lxc")}},
        {QStringLiteral("pve-volume-id"),
         {anchored("[a-zA-Z][a-zA-Z0-9\\-_.]*[a-zA-Z0-9]:[^\\s/][^\\s]*"), 255,
          QStringLiteral("a volume id such as local:backup/vzdump-qemu-100.vma.zst")}},
    };
    return table;
}

} // namespace

bool ApiFormats::isKnown(const QString &format)
{
    return format == QLatin1String("pve-upid") || formats().contains(format);
}

bool ApiFormats::matches(const QString &format, const QString &value)
{
    if (value.isEmpty() || value == QLatin1String(".") || value == QLatin1String(".."))
        return false;
    for (const QChar c : value) {
        if (c.category() == QChar::Other_Control || c == u'\u2028' || c == u'\u2029')
            return false;
    }
    if (format == QLatin1String("pve-upid"))
        return Upid::isValid(value) && !value.contains(u'/');
    const auto it = formats().constFind(format);
    if (it == formats().constEnd() || value.size() > it->maxLength ||
        !it->pattern.match(value).hasMatch())
        return false;
    if (format == QLatin1String("pve-volume-id")) {
        // The path inside the storage: no step up, no empty or dot segment.
        const QString inside = value.section(u':', 1);
        for (const QString &part : inside.split(u'/')) {
            if (part.isEmpty() || part == QLatin1String(".") || part == QLatin1String(".."))
                return false;
        }
    }
    return true;
}

QString ApiFormats::expectation(const QString &format)
{
    if (format == QLatin1String("pve-upid"))
        return QStringLiteral("a task id (UPID:node:...)");
    return formats().value(format).expectation;
}

Result<void> ApiFormats::check(const QString &format, const QString &argument, const QString &value)
{
    if (matches(format, value))
        return {};
    QString shown = value.left(80);
    shown.replace(u'"', QLatin1String("\\\""));
    for (QChar &c : shown) {
        if (c.category() == QChar::Other_Control)
            c = u'?';
    }
    return Error::invalid(
        QStringLiteral("Argument %1 is \"%2\", which is not %3; nothing was sent to Proxmox.")
            .arg(argument, shown + (value.size() > 80 ? QStringLiteral("...") : QString()),
                 expectation(format)));
}

QString ApiFormats::segment(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value, QByteArrayLiteral(":@")));
}

} // namespace pmcp
