#pragma once

#include <QJsonObject>
#include <QString>

namespace pmcp {

struct SimGuest;
struct SimNode;
struct SimStorage;
struct SimVolume;
class SimState;

// The JSON rows Proxmox shows for guests, nodes and storage, with live-looking figures
// derived from the state (uptime, cpu, memory, traffic).
class SimViews final {
public:
    static QJsonObject guestListRow(const SimGuest &guest);
    static QJsonObject guestStatus(const SimGuest &guest);
    static QJsonObject guestResource(const SimGuest &guest, bool nodeOnline);
    static QJsonObject nodeRow(const SimNode &node, const QString &fingerprint);
    static QJsonObject nodeStatus(const SimNode &node, const SimState &state);
    static QJsonObject nodeResource(const SimNode &node);
    static QJsonObject storageRow(const SimStorage &storage, const SimState &state,
                                  const QString &node);
    static QJsonObject storageResource(const SimStorage &storage, const SimState &state,
                                       const QString &node);
    static QJsonObject volumeRow(const SimVolume &volume);
    static qint64 nodeMemUsed(const SimNode &node, const SimState &state);
    static double nodeCpu(const SimNode &node, const SimState &state);
};

} // namespace pmcp
