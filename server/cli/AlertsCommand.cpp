#include "server/cli/AlertsCommand.h"

#include "server/alerts/AlertChannel.h"
#include "server/alerts/AlertMessage.h"
#include "server/alerts/AlertService.h"
#include "server/alerts/AlertStore.h"
#include "server/alerts/CurlTransport.h"
#include "server/cli/ConfigLoader.h"

#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace pmcp {

QString AlertsCommand::summary() const
{
    return QStringLiteral("send a test alert to a channel, or list recent alerts");
}

QString AlertsCommand::usage() const
{
    return QStringLiteral(
        "Usage: proxmox-mcpd alerts test CHANNEL [--config FILE]\n"
        "       proxmox-mcpd alerts list [--json] [--config FILE]\n"
        "test sends a test alert to CHANNEL now (slack, discord, webhook or email, as the\n"
        "ALERT_* keys configure them); exit 0 when the channel accepted it, 1 with the reason\n"
        "when not, 2 when the channel is not configured.\n"
        "list prints the configured channels, the active conditions, the recent alerts with\n"
        "what became of each delivery, and how many deliveries wait for a retry, as the daemon\n"
        "last recorded them in STATE_DIR/alerts/alerts.json. --json prints that file's view as\n"
        "GET /api/admin/alerts answers it.\n");
}

QList<QCommandLineOption> AlertsCommand::options() const
{
    return {QCommandLineOption(QStringLiteral("json"))};
}

int AlertsCommand::execute(const Arguments &arguments)
{
    QStringList rest = arguments.positional;
    const QString action = rest.isEmpty() ? QString() : rest.takeFirst();
    if (action != QLatin1String("test") && action != QLatin1String("list"))
        return usageError(QStringLiteral("alerts needs an action: test CHANNEL or list"));
    if (action == QLatin1String("test") && rest.isEmpty())
        return usageError(QStringLiteral("alerts test needs a CHANNEL: %1")
                              .arg(AlertChannel::allNames().join(QStringLiteral(", "))));
    const QString channel = action == QLatin1String("test") ? rest.takeFirst() : QString();
    if (!rest.isEmpty())
        return unexpectedArgument(rest.first());
    const auto config =
        ConfigLoader(err()).load(arguments.configPath, ConfigLoader::Check::NoErrors);
    if (!config.ok())
        return fail(config.error().message, 2);
    if (action == QLatin1String("test"))
        return test(config.value(), channel);
    return list(config.value(), arguments.options.isSet(QStringLiteral("json")));
}

int AlertsCommand::test(const Config &config, const QString &name)
{
    const QList<AlertChannel> channels = AlertChannel::fromConfig(config);
    const auto channel = AlertChannel::find(channels, name);
    if (!channel) {
        QStringList configured;
        for (const AlertChannel &c : channels)
            configured.append(c.name);
        return fail(QStringLiteral("no alert channel %1 is configured (configured: %2)")
                        .arg(name, configured.isEmpty() ? QStringLiteral("none")
                                                        : configured.join(QStringLiteral(", "))),
                    2);
    }
    Alert alert;
    alert.id = Alert::newId();
    alert.key = QStringLiteral("test");
    alert.kind = Alert::Kind::Test;
    alert.severity = Alert::Severity::Info;
    alert.title = QStringLiteral("Test alert from proxmox-mcp");
    alert.message = QStringLiteral("This is a test of the %1 alert channel, sent by `proxmox-mcpd "
                                   "alerts test`: it works.")
                        .arg(name);
    alert.time = QDateTime::currentDateTimeUtc();
    CurlTransport::initialize();
    const auto sent =
        CurlTransport::send(AlertMessage::render(*channel, alert, QHostInfo::localHostName(),
                                                 alert.time.toSecsSinceEpoch()),
                            AlertService::kTransferTimeoutMs);
    if (!sent.ok())
        return fail(QStringLiteral("the %1 channel did not take the test alert: %2")
                        .arg(name, sent.error().message),
                    1);
    out() << "sent a test alert to " << name << " (" << alert.id << ")\n";
    out().flush();
    return 0;
}

int AlertsCommand::list(const Config &config, bool json)
{
    const AlertStore store(config.string(ConfigKey::StateDir));
    const auto state = store.load();
    if (!state.ok())
        return fail(state.error().message, 1);
    QStringList channels;
    for (const AlertChannel &channel : AlertChannel::fromConfig(config))
        channels.append(channel.name);
    if (json) {
        QJsonArray active, recent;
        for (const Alert &alert : state.value().active)
            active.append(alert.toJson());
        for (auto it = state.value().recent.crbegin(); it != state.value().recent.crend(); ++it) {
            QJsonObject entry = it->alert.toJson();
            QJsonObject deliveries;
            for (auto d = it->channels.begin(); d != it->channels.end(); ++d)
                deliveries.insert(d.key(), d.value());
            entry.insert(QStringLiteral("deliveries"), deliveries);
            recent.append(entry);
        }
        const QJsonObject root{{QStringLiteral("channels"), QJsonArray::fromStringList(channels)},
                               {QStringLiteral("active"), active},
                               {QStringLiteral("recent"), recent},
                               {QStringLiteral("queued"), int(state.value().queue.size())},
                               {QStringLiteral("dropped"), state.value().dropped}};
        out() << QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
        out().flush();
        return 0;
    }
    out() << "channels: "
          << (channels.isEmpty() ? QStringLiteral("none configured")
                                 : channels.join(QStringLiteral(", ")))
          << "\n";
    out() << "active conditions: " << state.value().active.size() << "\n";
    for (const Alert &alert : state.value().active)
        out() << "  " << Alert::severityName(alert.severity) << "  " << alert.key << "  "
              << alert.title << " (since " << alert.time.toString(Qt::ISODate) << ")\n";
    out() << "recent alerts: " << state.value().recent.size() << "\n";
    for (auto it = state.value().recent.crbegin(); it != state.value().recent.crend(); ++it) {
        QStringList deliveries;
        for (auto d = it->channels.begin(); d != it->channels.end(); ++d)
            deliveries.append(d.key() + QStringLiteral(" ") + d.value());
        out() << "  " << it->alert.time.toString(Qt::ISODate) << "  "
              << Alert::kindName(it->alert.kind) << "  " << it->alert.title
              << (deliveries.isEmpty()
                      ? QString()
                      : QStringLiteral("  [") + deliveries.join(QStringLiteral("; ")) +
                            QStringLiteral("]"))
              << "\n";
    }
    out() << "queued deliveries: " << state.value().queue.size()
          << ", dropped (queue full): " << state.value().dropped << "\n";
    out().flush();
    return 0;
}

} // namespace pmcp
