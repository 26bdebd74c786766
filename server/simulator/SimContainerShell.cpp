#include "server/simulator/SimContainerShell.h"

#include "server/simulator/SimShellOutput.h"

#include <QJsonArray>

namespace pmcp {

namespace {

constexpr qint64 kMiB = 1024 * 1024;
const char kKernel[] = "6.8.12-15-pve";

qint64 number(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toInteger();
}

// The shape of GET /nodes/{node}/status that SimShellOutput's uptime and free read, made from
// the container's own figures (a container sees its own memory limit and uptime).
QJsonObject asNodeStatus(const QJsonObject &status)
{
    const qint64 maxmem = number(status, "maxmem");
    const qint64 maxswap = number(status, "maxswap");
    const qint64 swap = number(status, "swap");
    return {
        {QStringLiteral("uptime"), number(status, "uptime")},
        {QStringLiteral("loadavg"),
         QJsonArray{QStringLiteral("0.04"), QStringLiteral("0.03"), QStringLiteral("0.00")}},
        {QStringLiteral("memory"), QJsonObject{{QStringLiteral("total"), maxmem},
                                               {QStringLiteral("used"), number(status, "mem")}}},
        {QStringLiteral("swap"), QJsonObject{{QStringLiteral("total"), maxswap},
                                             {QStringLiteral("used"), swap},
                                             {QStringLiteral("free"), maxswap - swap}}}};
}

} // namespace

QString SimContainerShell::known()
{
    return QStringLiteral("hostname, echo, whoami, true, false, cat /etc/hostname and "
                          "/etc/os-release, uname, uptime, df, free, ps");
}

SimContainerShell::Output SimContainerShell::run(const QStringList &words, int vmid,
                                                 const QJsonObject &config,
                                                 const QJsonObject &status)
{
    const QString program = words.value(0).section(u'/', -1);
    const QStringList args = words.mid(1);
    const QString hostname = config.value(QLatin1String("hostname")).toString();
    if (program == QLatin1String("hostname"))
        return {0, hostname.toUtf8() + '\n', {}};
    if (program == QLatin1String("echo"))
        return {0, args.join(u' ').toUtf8() + '\n', {}};
    if (program == QLatin1String("whoami"))
        return {0, "root\n", {}};
    if (program == QLatin1String("true"))
        return {};
    if (program == QLatin1String("false"))
        return {1, {}, {}};
    if (program == QLatin1String("cat"))
        return cat(args, config);
    if (program == QLatin1String("uname"))
        return uname(args, hostname);
    if (program == QLatin1String("uptime"))
        return {0, SimShellOutput::uptime(asNodeStatus(status)), {}};
    if (program == QLatin1String("df"))
        return {0, df(vmid, status, args.contains(QStringLiteral("-h"))), {}};
    if (program == QLatin1String("free")) {
        const qint64 unit = args.contains(QStringLiteral("-g"))   ? 1024 * kMiB
                            : args.contains(QStringLiteral("-m")) ? kMiB
                                                                  : 1024;
        return {0, SimShellOutput::free(asNodeStatus(status), unit), {}};
    }
    if (program == QLatin1String("ps"))
        return {0, ps(), {}};
    return {127,
            {},
            (QStringLiteral("proxmox-mcpd demo: the simulated container runs ") + known() +
             QStringLiteral("; not ") + program + u'\n')
                .toUtf8()};
}

SimContainerShell::Output SimContainerShell::cat(const QStringList &files,
                                                 const QJsonObject &config)
{
    Output output;
    for (const QString &file : files) {
        if (file == QLatin1String("/etc/hostname")) {
            output.out += config.value(QLatin1String("hostname")).toString().toUtf8() + '\n';
        } else if (file == QLatin1String("/etc/os-release")) {
            output.out += "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
                          "NAME=\"Debian GNU/Linux\"\n"
                          "VERSION_ID=\"12\"\n"
                          "VERSION=\"12 (bookworm)\"\n"
                          "VERSION_CODENAME=bookworm\n"
                          "ID=debian\n"
                          "HOME_URL=\"https://www.debian.org/\"\n";
        } else {
            output.exitStatus = 1;
            output.err += "cat: " + file.toUtf8() +
                          ": not in the simulated container (it has /etc/hostname and "
                          "/etc/os-release)\n";
        }
    }
    return output;
}

SimContainerShell::Output SimContainerShell::uname(const QStringList &args, const QString &hostname)
{
    if (args.isEmpty() || args == QStringList{QStringLiteral("-s")})
        return {0, "Linux\n", {}};
    if (args == QStringList{QStringLiteral("-r")})
        return {0, QByteArray(kKernel) + '\n', {}};
    if (args == QStringList{QStringLiteral("-n")})
        return {0, hostname.toUtf8() + '\n', {}};
    if (args == QStringList{QStringLiteral("-a")})
        return {0,
                "Linux " + hostname.toUtf8() + ' ' + kKernel +
                    " #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-15 x86_64 GNU/Linux\n",
                {}};
    return {1, {}, "uname: the simulated container knows -a, -r, -n and -s\n"};
}

QByteArray SimContainerShell::df(int vmid, const QJsonObject &status, bool human)
{
    const qint64 total = number(status, "maxdisk");
    const qint64 used = number(status, "disk");
    const qint64 mem = number(status, "maxmem");
    const auto size = [human](qint64 bytes) {
        return human ? SimShellOutput::humanSize(bytes) : QString::number((bytes + 1023) / 1024);
    };
    struct Fs {
        QString name;
        qint64 size, used;
        const char *mount;
    };
    const Fs rows[] = {
        {QStringLiteral("/dev/mapper/pve-vm--%1--disk--0").arg(vmid), total, used, "/"},
        {QStringLiteral("none"), 492 * 1024, 4096, "/dev"},
        {QStringLiteral("tmpfs"), mem / 2, 0, "/dev/shm"},
        {QStringLiteral("tmpfs"), mem / 5, 98304, "/run"}};
    QByteArray out =
        QStringLiteral("%1 %2 %3 %4 %5 Mounted on\n")
            .arg(QStringLiteral("Filesystem").leftJustified(34),
                 (human ? QStringLiteral("Size") : QStringLiteral("1K-blocks")).rightJustified(9),
                 QStringLiteral("Used").rightJustified(9),
                 QStringLiteral("Avail").rightJustified(9), QStringLiteral("Use%"))
            .toUtf8();
    for (const Fs &fs : rows) {
        const int percent = fs.size > 0 ? int((fs.used * 100 + fs.size - 1) / fs.size) : 0;
        out += QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                   .arg(fs.name.leftJustified(34), size(fs.size).rightJustified(9),
                        size(fs.used).rightJustified(9), size(fs.size - fs.used).rightJustified(9),
                        QStringLiteral("%1%").arg(percent).rightJustified(4),
                        QString::fromLatin1(fs.mount))
                   .toUtf8();
    }
    return out;
}

QByteArray SimContainerShell::ps()
{
    return "    PID TTY          TIME CMD\n"
           "      1 ?        00:00:01 systemd\n"
           "     48 ?        00:00:00 systemd-journal\n"
           "     96 ?        00:00:00 cron\n"
           "    102 ?        00:00:00 sshd\n"
           "    131 ?        00:00:00 agetty\n";
}

} // namespace pmcp
