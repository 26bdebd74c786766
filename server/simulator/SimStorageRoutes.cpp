#include "server/simulator/SimStorageRoutes.h"

#include "server/simulator/SimGuestRoutes.h"
#include "server/simulator/SimRouter.h"
#include "server/simulator/SimState.h"
#include "server/simulator/SimTasks.h"
#include "server/simulator/SimViews.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUrl>

namespace pmcp {

namespace {

Result<const SimStorage *> storageOf(SimCall &call)
{
    const QString id = call.str(QStringLiteral("storage"));
    const SimStorage *storage = call.state.storage(id);
    if (!storage)
        return Error::notFound(QStringLiteral("storage '%1' does not exist").arg(id));
    return storage;
}

SimResult list(SimCall &call)
{
    const QString content = call.str(QStringLiteral("content"));
    QJsonArray rows;
    for (const SimStorage &s : call.state.storages()) {
        if (!content.isEmpty() && !s.content.contains(content))
            continue;
        if (call.state.hasPrivilege(call.authId, QStringLiteral("/storage/") + s.id,
                                    QStringLiteral("Datastore.Audit")))
            rows.append(SimViews::storageRow(s, call.state, call.node()));
    }
    return SimResult::ok(rows);
}

SimResult status(SimCall &call)
{
    auto storage = storageOf(call);
    if (!storage)
        return SimResult::fail(500, storage.error().message);
    QJsonObject row = SimViews::storageRow(*storage.value(), call.state, call.node());
    row.remove(QStringLiteral("storage"));
    return SimResult::ok(row);
}

SimResult content(SimCall &call)
{
    auto storage = storageOf(call);
    if (!storage)
        return SimResult::fail(500, storage.error().message);
    const QString filter = call.str(QStringLiteral("content"));
    const int vmid = static_cast<int>(call.integer(QStringLiteral("vmid")));
    QJsonArray rows;
    for (const SimVolume &v : call.state.volumes(storage.value()->id, call.node())) {
        if ((filter.isEmpty() || v.content == filter) && (vmid == 0 || v.vmid == vmid))
            rows.append(SimViews::volumeRow(v));
    }
    return SimResult::ok(rows);
}

SimResult deleteVolume(SimCall &call)
{
    auto storage = storageOf(call);
    if (!storage)
        return SimResult::fail(500, storage.error().message);
    QString volid = call.str(QStringLiteral("volume"));
    if (!volid.contains(u':'))
        volid = storage.value()->id + u':' + volid;
    const SimVolume *volume = call.state.volume(call.node(), volid);
    if (!volume)
        return SimResult::fail(500, QStringLiteral("volume '%1' does not exist").arg(volid));
    if (volume->vmid > 0 && call.state.guest(volume->vmid) &&
        (volume->content == QLatin1String("images") || volume->content == QLatin1String("rootdir")))
        return SimResult::fail(500, QStringLiteral("unable to delete '%1' - volume is still in "
                                                   "use by guest %2")
                                        .arg(volid)
                                        .arg(volume->vmid));
    SimState *state = &call.state;
    const QString node = call.node();
    SimTasks::Spec spec{node, QStringLiteral("imgdel"), volid, call.authId, 800, {}, {}, {}};
    spec.work = [state, node, volid]() -> Result<QStringList> {
        if (!state->removeVolume(node, volid))
            return Error::notFound(QStringLiteral("volume '%1' does not exist").arg(volid));
        return QStringList{QStringLiteral("Removed volume '%1'").arg(volid)};
    };
    return SimResult::ok(call.tasks.start(std::move(spec)));
}

SimResult downloadUrl(SimCall &call)
{
    auto storage = storageOf(call);
    if (!storage)
        return SimResult::fail(500, storage.error().message);
    const QString kind = call.str(QStringLiteral("content"));
    if (!storage.value()->content.contains(kind))
        return SimResult::fail(500, QStringLiteral("storage '%1' does not support '%2' content")
                                        .arg(storage.value()->id, kind));
    const QString filename = call.str(QStringLiteral("filename"));
    const QString url = call.str(QStringLiteral("url"));
    const QUrl parsed(url);
    if (!parsed.isValid() ||
        (parsed.scheme() != QLatin1String("https") && parsed.scheme() != QLatin1String("http")))
        return SimResult::paramError(QStringLiteral("url"), QStringLiteral("invalid URL"));
    SimVolume volume;
    volume.storage = storage.value()->id;
    volume.node = call.node();
    volume.volid = QStringLiteral("%1:%2/%3").arg(volume.storage, kind, filename);
    volume.content = kind;
    volume.format =
        kind == QLatin1String("iso") ? QStringLiteral("iso") : filename.section(u'.', -2);
    volume.size = kind == QLatin1String("iso") ? qint64(658505728) : qint64(126877696);
    SimState *state = &call.state;
    SimTasks::Spec spec{call.node(),
                        QStringLiteral("download"),
                        filename,
                        call.authId,
                        10000,
                        {QStringLiteral("downloading %1 to %2").arg(url, volume.volid),
                         QStringLiteral("100% [=====================================>]")},
                        {},
                        {}};
    spec.work = [state, volume]() mutable -> Result<QStringList> {
        volume.ctime = QDateTime::currentSecsSinceEpoch();
        state->removeVolume(volume.node, volume.volid);
        state->addVolume(volume);
        return QStringList{QStringLiteral("download of '%1' finished").arg(volume.volid)};
    };
    return SimResult::ok(call.tasks.start(std::move(spec)));
}

} // namespace

void SimStorageRoutes::install(SimRouter &router)
{
    const QString base = QStringLiteral("/nodes/{node}/storage");
    router.add("GET", base, list);
    router.add("GET", base + QStringLiteral("/{storage}/status"), status);
    router.add("GET", base + QStringLiteral("/{storage}/content"), content);
    router.add("DELETE", base + QStringLiteral("/{storage}/content/{volume}"), deleteVolume);
    router.add("POST", base + QStringLiteral("/{storage}/download-url"), downloadUrl);
}

} // namespace pmcp
