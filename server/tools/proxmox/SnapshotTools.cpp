#include "server/tools/proxmox/SnapshotTools.h"

#include "server/tools/proxmox/ProxmoxToolKit.h"

#include <QJsonArray>

namespace pmcp {

namespace {

const QString kCategory = QStringLiteral("snapshots");
const QString kBase = QStringLiteral("/nodes/{node}/{type}/{vmid}/snapshot");

QJsonObject withDefaultType(QJsonObject arguments, ProxmoxClient *)
{
    if (!arguments.contains(QLatin1String("type")))
        arguments.insert(QStringLiteral("type"), QStringLiteral("qemu"));
    return arguments;
}

ApiToolSpec snapshotList()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("snapshot_list"), QStringLiteral("List snapshots"), kCategory, kBase,
        QStringLiteral("List a guest's snapshots, oldest first: name, time, parent, "
                       "description."));
    spec.input.node().vmid().guestType();
    spec.prepare = withDefaultType;
    spec.output = ApiToolSpec::Output::List;
    spec.filters = {QStringLiteral("name")};
    spec.input.listControls(spec.filters);
    spec.columns = {QStringLiteral("name"), QStringLiteral("snaptime"), QStringLiteral("parent"),
                    QStringLiteral("vmstate"), QStringLiteral("description")};
    // Proxmox appends a pseudo-entry "current" (You are here!) that is no snapshot.
    spec.transform = [](const QJsonValue &data, const QJsonObject &) -> QJsonValue {
        QJsonArray rows;
        for (const QJsonValue &row : data.toArray()) {
            if (row.toObject().value(QLatin1String("name")).toString() != QLatin1String("current"))
                rows.append(row);
        }
        return rows;
    };
    spec.shortList = true;
    return spec;
}

ApiToolSpec snapshotCreate()
{
    ApiToolSpec spec = ApiToolSpec::change(
        QStringLiteral("snapshot_create"), QStringLiteral("Create snapshot"), kCategory, "POST",
        kBase,
        QStringLiteral("Take a snapshot of a guest, e.g. before an upgrade. Returns the task's "
                       "UPID and exit status."),
        false, false);
    spec.input.node()
        .vmid()
        .guestType()
        .property(QStringLiteral("snapname"),
                  QJsonObject{
                      {QStringLiteral("type"), QStringLiteral("string")},
                      {QStringLiteral("pattern"), QStringLiteral("^[A-Za-z][A-Za-z0-9_-]{1,39}$")},
                      {QStringLiteral("description"),
                       QStringLiteral("Name: a letter, then letters, digits, - or _.")}},
                  true)
        .string(QStringLiteral("description"), QStringLiteral("What the snapshot is for."))
        .boolean(QStringLiteral("vmstate"), QStringLiteral("qemu: include the memory state."))
        .wait(true);
    spec.prepare = withDefaultType;
    return spec;
}

ApiToolSpec snapshotRollback()
{
    ApiToolSpec spec = ApiToolSpec::change(
        QStringLiteral("snapshot_rollback"), QStringLiteral("Roll back to snapshot"), kCategory,
        "POST", kBase + QStringLiteral("/{snapname}/rollback"),
        QStringLiteral("Return a guest to a snapshot; everything since is lost. Needs "
                       "confirmation."),
        true, false);
    spec.input.node()
        .vmid()
        .guestType()
        .string(QStringLiteral("snapname"), QStringLiteral("Snapshot name."), true)
        .boolean(QStringLiteral("start"), QStringLiteral("Start the guest after the rollback."))
        .wait(true)
        .confirmation();
    spec.prepare = withDefaultType;
    spec.confirm = true;
    return spec;
}

ApiToolSpec snapshotDelete()
{
    ApiToolSpec spec = ApiToolSpec::change(
        QStringLiteral("snapshot_delete"), QStringLiteral("Delete snapshot"), kCategory, "DELETE",
        kBase + QStringLiteral("/{snapname}"),
        QStringLiteral("Delete a snapshot of a guest for good. Needs confirmation."), true, true);
    spec.input.node()
        .vmid()
        .guestType()
        .string(QStringLiteral("snapname"), QStringLiteral("Snapshot name."), true)
        .boolean(QStringLiteral("force"),
                 QStringLiteral("Drop the entry even if removing disk snapshots fails."))
        .wait(true)
        .confirmation();
    spec.prepare = withDefaultType;
    spec.confirm = true;
    return spec;
}

} // namespace

void SnapshotTools::registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit)
{
    for (ApiToolSpec spec :
         {snapshotList(), snapshotCreate(), snapshotRollback(), snapshotDelete()})
        kit->add(registry, std::move(spec));
}

} // namespace pmcp
