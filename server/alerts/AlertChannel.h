#pragma once

#include "shared/config/Config.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace pmcp {

// One place alerts go, as the configuration names it (the ALERT_* keys, docs/ALERTS.md):
// slack, discord, webhook (generic JSON, optionally signed) or email (SMTP).
struct AlertChannel final {
    enum class Kind { Slack, Discord, Webhook, Email };
    Kind kind = Kind::Webhook;
    QString name;                   // slack, discord, webhook, email
    QString url;                    // the webhook URL, or smtp(s)://host:port
    QByteArray secret;              // webhook: the HMAC key ("" = unsigned)
    QString user, password, caFile; // email
    QString from;
    QStringList to;

    // Every channel the configuration sets up, in the order above.
    static QList<AlertChannel> fromConfig(const Config &config);
    static std::optional<AlertChannel> find(const QList<AlertChannel> &channels,
                                            const QString &name);
    static QStringList allNames(); // slack, discord, webhook, email
};

} // namespace pmcp
