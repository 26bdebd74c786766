#include "server/tools/proxmox/StorageTools.h"

#include "server/tools/proxmox/ProxmoxToolKit.h"

#include <QJsonArray>

namespace pmcp {

namespace {

const QString kCategory = QStringLiteral("storage");

ApiToolSpec storageList()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("storage_list"), QStringLiteral("List storage"), kCategory,
        QStringLiteral("/storage"),
        QStringLiteral("List the storage of one node or of all nodes, with usage, type and "
                       "content types."));
    spec.input.node(false).string(QStringLiteral("content"),
                                  QStringLiteral("Only storage that holds this content type."));
    spec.pathFor = [](const QJsonObject &arguments) {
        return arguments.contains(QLatin1String("node")) ? QStringLiteral("/nodes/{node}/storage")
                                                         : QStringLiteral("/cluster/resources");
    };
    spec.adjustParams = [](QJsonObject &params, const QJsonObject &arguments) {
        if (!arguments.contains(QLatin1String("node")))
            params.insert(QStringLiteral("type"), QStringLiteral("storage"));
    };
    spec.output = ApiToolSpec::Output::List;
    spec.filters = {QStringLiteral("type")};
    spec.input.listControls(spec.filters);
    spec.columns = {QStringLiteral("storage"), QStringLiteral("node"),   QStringLiteral("type"),
                    QStringLiteral("content"), QStringLiteral("active"), QStringLiteral("total"),
                    QStringLiteral("used"),    QStringLiteral("avail"),  QStringLiteral("shared")};
    // /cluster/resources has no content filter: apply it here for both forms.
    spec.transform = [](const QJsonValue &data, const QJsonObject &arguments) -> QJsonValue {
        const QString content = arguments.value(QLatin1String("content")).toString();
        if (content.isEmpty())
            return data;
        QJsonArray rows;
        for (const QJsonValue &row : data.toArray()) {
            const QStringList held =
                row.toObject().value(QLatin1String("content")).toString().split(QLatin1Char(','));
            if (held.contains(content))
                rows.append(row);
        }
        return rows;
    };
    spec.localArgs = {QStringLiteral("content")};
    spec.shortList = true;
    return spec;
}

ApiToolSpec storageStatus()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("storage_status"), QStringLiteral("Storage status"), kCategory,
        QStringLiteral("/nodes/{node}/storage/{storage}/status"),
        QStringLiteral("Show one storage of a node: usage, state, content types."));
    spec.input.node().string(QStringLiteral("storage"), QStringLiteral("Storage id."), true);
    return spec;
}

ApiToolSpec storageContent()
{
    ApiToolSpec spec = ApiToolSpec::read(
        QStringLiteral("storage_content"), QStringLiteral("Storage content"), kCategory,
        QStringLiteral("/nodes/{node}/storage/{storage}/content"),
        QStringLiteral("List the volumes on a storage: ISO images, templates, backups, guest "
                       "disks."));
    spec.input.node()
        .string(QStringLiteral("storage"), QStringLiteral("Storage id."), true)
        .choice(QStringLiteral("content"),
                {QStringLiteral("iso"), QStringLiteral("vztmpl"), QStringLiteral("backup"),
                 QStringLiteral("images"), QStringLiteral("rootdir"), QStringLiteral("snippets"),
                 QStringLiteral("import")},
                QStringLiteral("Only this content type."))
        .vmid(false);
    spec.output = ApiToolSpec::Output::List;
    spec.filters = {QStringLiteral("format")};
    spec.input.listControls(spec.filters);
    spec.columns = {QStringLiteral("volid"), QStringLiteral("content"), QStringLiteral("format"),
                    QStringLiteral("size"), QStringLiteral("vmid")};
    return spec;
}

ApiToolSpec storageDownload()
{
    ApiToolSpec spec = ApiToolSpec::change(
        QStringLiteral("storage_download_url"), QStringLiteral("Download to storage"), kCategory,
        "POST", QStringLiteral("/nodes/{node}/storage/{storage}/download-url"),
        QStringLiteral("Download an ISO image or container template from a URL onto a storage. "
                       "Returns the task's UPID at once."),
        false, false);
    spec.annotations.openWorld = true;
    spec.input.node()
        .string(QStringLiteral("storage"), QStringLiteral("Storage id (must hold the content)."),
                true)
        .property(QStringLiteral("url"),
                  QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                              {QStringLiteral("pattern"), QStringLiteral("^https?://")},
                              {QStringLiteral("description"), QStringLiteral("http(s) URL.")}},
                  true)
        .choice(QStringLiteral("content"),
                {QStringLiteral("iso"), QStringLiteral("vztmpl"), QStringLiteral("import")},
                QStringLiteral("What the file is."), true)
        .string(QStringLiteral("filename"), QStringLiteral("File name on the storage."), true)
        .string(QStringLiteral("checksum"), QStringLiteral("Expected checksum."))
        .choice(QStringLiteral("checksum_algorithm"),
                {QStringLiteral("md5"), QStringLiteral("sha1"), QStringLiteral("sha224"),
                 QStringLiteral("sha256"), QStringLiteral("sha384"), QStringLiteral("sha512")},
                QStringLiteral("Algorithm of the checksum."))
        .boolean(QStringLiteral("verify_certificates"),
                 QStringLiteral("Check the server's TLS certificate."))
        .wait(false);
    spec.waitByDefault = false;
    spec.wireNames = {
        {QStringLiteral("checksum_algorithm"), QStringLiteral("checksum-algorithm")},
        {QStringLiteral("verify_certificates"), QStringLiteral("verify-certificates")}};
    return spec;
}

} // namespace

void StorageTools::registerAll(ToolRegistry &registry, const std::shared_ptr<ProxmoxToolKit> &kit)
{
    for (ApiToolSpec spec : {storageList(), storageStatus(), storageContent(), storageDownload()})
        kit->add(registry, std::move(spec));
}

} // namespace pmcp
