#pragma once

#include <QHash>
#include <QString>

namespace pmcp {

class SimState;
class SimTasks;

// One API call as a route handler sees it: the merged parameters (path, query, body), who
// makes it, and the simulator's state and workers.
struct SimCall final {
    QByteArray method;
    QString path; // below /api2/json
    QHash<QString, QString> params;
    QString authId; // root@pam or root@pam!mcp
    SimState &state;
    SimTasks &tasks;

    bool has(const QString &name) const { return params.contains(name); }
    QString str(const QString &name, const QString &fallback = {}) const
    {
        return params.value(name, fallback);
    }
    qint64 integer(const QString &name, qint64 fallback = 0) const
    {
        bool ok = false;
        const qint64 value = params.value(name).toLongLong(&ok);
        return ok ? value : fallback;
    }
    bool flag(const QString &name) const
    {
        const QString v = params.value(name).toLower();
        return v == QLatin1String("1") || v == QLatin1String("true") || v == QLatin1String("yes") ||
               v == QLatin1String("on");
    }
    QString node() const { return str(QStringLiteral("node")); }
    int vmid() const { return static_cast<int>(integer(QStringLiteral("vmid"))); }
};

} // namespace pmcp
