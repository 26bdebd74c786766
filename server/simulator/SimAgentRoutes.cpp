#include "server/simulator/SimAgentRoutes.h"

#include "server/simulator/SimGuestRoutes.h"
#include "server/simulator/SimRouter.h"
#include "server/simulator/SimState.h"

#include <QJsonArray>
#include <QRandomGenerator>

namespace pmcp {

namespace {

Result<SimGuest *> agentGuest(SimCall &call)
{
    auto found = SimGuestRoutes::find(call, QStringLiteral("qemu"));
    if (!found)
        return found;
    const SimGuest &guest = *found.value();
    const QString agent = guest.config.value(QStringLiteral("agent")).toVariant().toString();
    if (!agent.startsWith(u'1') && !agent.contains(QLatin1String("enabled=1")))
        return Error::invalid(QStringLiteral("No QEMU guest agent configured"));
    if (!guest.running)
        return Error::invalid(QStringLiteral("VM %1 is not running").arg(guest.vmid));
    if (guest.paused)
        return Error::invalid(
            QStringLiteral("VM %1 qmp command 'guest-ping' failed - got timeout").arg(guest.vmid));
    return found;
}

QString macOf(const SimGuest &guest)
{
    const QString net = guest.config.value(QStringLiteral("net0")).toString();
    const QString mac = net.section(u',', 0, 0).section(u'=', 1);
    return mac.isEmpty() ? QStringLiteral("BC:24:11:00:00:01") : mac.toLower();
}

SimResult ping(SimCall &call)
{
    auto guest = agentGuest(call);
    if (!guest)
        return SimResult::fail(500, guest.error().message);
    return SimResult::ok(QJsonObject{{QStringLiteral("result"), QJsonObject{}}});
}

SimResult interfaces(SimCall &call)
{
    auto guest = agentGuest(call);
    if (!guest)
        return SimResult::fail(500, guest.error().message);
    const int host = guest.value()->vmid % 200 + 20;
    const auto address = [](const QString &ip, const QString &type, int prefix) {
        return QJsonObject{{QStringLiteral("ip-address"), ip},
                           {QStringLiteral("ip-address-type"), type},
                           {QStringLiteral("prefix"), prefix}};
    };
    const QJsonArray result{
        QJsonObject{{QStringLiteral("name"), QStringLiteral("lo")},
                    {QStringLiteral("hardware-address"), QStringLiteral("00:00:00:00:00:00")},
                    {QStringLiteral("ip-addresses"),
                     QJsonArray{address(QStringLiteral("127.0.0.1"), QStringLiteral("ipv4"), 8),
                                address(QStringLiteral("::1"), QStringLiteral("ipv6"), 128)}}},
        QJsonObject{
            {QStringLiteral("name"), QStringLiteral("eth0")},
            {QStringLiteral("hardware-address"), macOf(*guest.value())},
            {QStringLiteral("ip-addresses"),
             QJsonArray{
                 address(QStringLiteral("192.168.10.%1").arg(host), QStringLiteral("ipv4"), 24)}},
            {QStringLiteral("statistics"), QJsonObject{{QStringLiteral("rx-bytes"), 48213312},
                                                       {QStringLiteral("tx-bytes"), 9213844}}}}};
    return SimResult::ok(QJsonObject{{QStringLiteral("result"), result}});
}

QJsonObject runCommand(const SimGuest &guest, const QString &command)
{
    const QString program = command.section(u' ', 0, 0).section(u'/', -1);
    const QString name = guest.name().isEmpty() ? QStringLiteral("vm") : guest.name();
    QString out;
    if (program == QLatin1String("hostname"))
        out = name + u'\n';
    else if (program == QLatin1String("uname"))
        out = QStringLiteral("Linux %1 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 "
                             "x86_64 GNU/Linux\n")
                  .arg(name);
    else if (program == QLatin1String("uptime"))
        out = QStringLiteral(" 12:00:00 up 3 days,  2:14,  0 users,  load average: 0.08, 0.03, "
                             "0.01\n");
    else if (program == QLatin1String("whoami") || program == QLatin1String("id"))
        out = QStringLiteral("root\n");
    else if (program == QLatin1String("df"))
        out = QStringLiteral("Filesystem      Size  Used Avail Use% Mounted on\n/dev/sda1        "
                             "31G  4.2G   25G  15% /\n");
    else if (program == QLatin1String("echo"))
        out = command.section(u' ', 1) + u'\n';
    else
        return {};
    return {{QStringLiteral("exited"), 1},
            {QStringLiteral("exitcode"), 0},
            {QStringLiteral("out-data"), out}};
}

SimResult exec(SimCall &call)
{
    auto guest = agentGuest(call);
    if (!guest)
        return SimResult::fail(500, guest.error().message);
    const QString command = call.str(QStringLiteral("command")).replace(QChar(0), u' ');
    const QJsonObject result = runCommand(*guest.value(), command);
    if (result.isEmpty())
        return SimResult::fail(500, QStringLiteral("Agent error: Guest agent command failed, "
                                                   "error was 'Failed to execute child process "
                                                   "“%1” (No such file or directory)'")
                                        .arg(command.section(u' ', 0, 0)));
    const int pid = static_cast<int>(QRandomGenerator::global()->bounded(1000, 60000));
    call.state.agentExecs().insert(pid, result);
    return SimResult::ok(QJsonObject{{QStringLiteral("pid"), pid}});
}

SimResult execStatus(SimCall &call)
{
    auto guest = agentGuest(call);
    if (!guest)
        return SimResult::fail(500, guest.error().message);
    const int pid = static_cast<int>(call.integer(QStringLiteral("pid")));
    if (!call.state.agentExecs().contains(pid))
        return SimResult::fail(500, QStringLiteral("Agent error: Invalid parameter 'pid'"));
    return SimResult::ok(call.state.agentExecs().value(pid));
}

} // namespace

void SimAgentRoutes::install(SimRouter &router)
{
    const QString base = QStringLiteral("/nodes/{node}/qemu/{vmid}/agent/");
    router.add("POST", base + QStringLiteral("ping"), ping);
    router.add("GET", base + QStringLiteral("network-get-interfaces"), interfaces);
    router.add("POST", base + QStringLiteral("exec"), exec);
    router.add("GET", base + QStringLiteral("exec-status"), execStatus);
}

} // namespace pmcp
