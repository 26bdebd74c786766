#include "server/alerts/AlertChannel.h"

namespace pmcp {

QList<AlertChannel> AlertChannel::fromConfig(const Config &config)
{
    QList<AlertChannel> channels;
    const auto webhook = [&](Kind kind, const char *name, ConfigKey key) {
        const QString url = config.string(key).trimmed();
        if (url.isEmpty())
            return;
        AlertChannel channel;
        channel.kind = kind;
        channel.name = QString::fromLatin1(name);
        channel.url = url;
        if (kind == Kind::Webhook)
            channel.secret = config.string(ConfigKey::AlertWebhookSecret).toUtf8();
        channels.append(channel);
    };
    webhook(Kind::Slack, "slack", ConfigKey::AlertSlackWebhook);
    webhook(Kind::Discord, "discord", ConfigKey::AlertDiscordWebhook);
    webhook(Kind::Webhook, "webhook", ConfigKey::AlertWebhookUrl);
    const QString smtp = config.string(ConfigKey::AlertSmtpUrl).trimmed();
    if (!smtp.isEmpty()) {
        AlertChannel email;
        email.kind = Kind::Email;
        email.name = QStringLiteral("email");
        email.url = smtp;
        email.user = config.string(ConfigKey::AlertSmtpUser);
        email.password = config.string(ConfigKey::AlertSmtpPassword);
        email.caFile = config.string(ConfigKey::AlertSmtpCaFile);
        email.from = config.string(ConfigKey::AlertEmailFrom).trimmed();
        email.to = config.list(ConfigKey::AlertEmailTo);
        channels.append(email);
    }
    return channels;
}

std::optional<AlertChannel> AlertChannel::find(const QList<AlertChannel> &channels,
                                               const QString &name)
{
    for (const AlertChannel &channel : channels) {
        if (channel.name == name)
            return channel;
    }
    return std::nullopt;
}

QStringList AlertChannel::allNames()
{
    return {QStringLiteral("slack"), QStringLiteral("discord"), QStringLiteral("webhook"),
            QStringLiteral("email")};
}

} // namespace pmcp
