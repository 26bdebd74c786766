#pragma once

#include "shared/core/Result.h"

#include <QJsonObject>
#include <QString>

#include <functional>

namespace pmcp {

class ProxmoxClient;

// What a change to a guest affects, for dry runs and confirmations: its name, status, lock,
// protection flag and disks, read from status/current and config.
class GuestFacts final {
public:
    using Callback = std::function<void(Result<QJsonObject>)>;

    static void fetch(ProxmoxClient *client, const QString &node, const QString &type, qint64 vmid,
                      Callback done);
    static QJsonObject summarize(const QString &type, const QString &node, qint64 vmid,
                                 const QJsonObject &status, const QJsonObject &config);
    static bool isDiskKey(const QString &type, const QString &key);
    // The disk keys in a config "delete" list ("scsi1,unused0;net0" -> scsi1, unused0).
    static QStringList diskKeysIn(const QString &type, const QString &deleteList);
};

} // namespace pmcp
