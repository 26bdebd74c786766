#include "server/app/StateCheck.h"

#include "server/alerts/AlertStore.h"
#include "server/app/RotationRecord.h"
#include "server/audit/AuditLog.h"
#include "server/auth/AdminTokenStore.h"
#include "server/auth/ClientStore.h"
#include "server/oauth/OAuthStore.h"

#include <QFileInfo>

namespace pmcp {

namespace {

StateCheckItem tokens(TokenFile &store, const QString &what, const QString &noun)
{
    StateCheckItem item{what, store.filePath(), {}, {}};
    const auto records = store.list();
    if (!records.ok())
        item.problem = records.error().message;
    else
        item.detail = QStringLiteral("%1 %2(s)").arg(records.value().size()).arg(noun);
    return item;
}

} // namespace

QList<StateCheckItem> StateCheck::run(const QString &stateDir)
{
    const QFileInfo folder(stateDir);
    if (!folder.isDir()) {
        return {{QStringLiteral("state folder"),
                 stateDir,
                 folder.exists() ? QStringLiteral("%1 is not a folder").arg(stateDir)
                                 : QStringLiteral("there is no state folder %1").arg(stateDir),
                 {}}};
    }
    QList<StateCheckItem> items;
    ClientStore clients(stateDir);
    items.append(tokens(clients, QStringLiteral("client store"), QStringLiteral("client token")));
    AdminTokenStore admins(stateDir);
    items.append(
        tokens(admins, QStringLiteral("admin token store"), QStringLiteral("admin token")));

    const OAuthStore oauth(stateDir);
    StateCheckItem grants{QStringLiteral("OAuth store"), oauth.filePath(), {}, {}};
    if (const auto state = oauth.read(); !state.ok())
        grants.problem = state.error().message;
    else
        grants.detail = QStringLiteral("%1 client(s), %2 access request(s), %3 grant(s)")
                            .arg(state.value().clients.size())
                            .arg(state.value().requests.size())
                            .arg(state.value().grants.size());
    items.append(grants);

    const QString auditDir = AuditLog::directoryIn(stateDir);
    StateCheckItem audit{QStringLiteral("audit log"), auditDir, {}, {}};
    if (const auto head = AuditLog::head(auditDir, AuditLog::keyPathIn(stateDir)); !head.ok())
        audit.problem = head.error().message;
    else
        audit.detail = QStringLiteral("chain head at entry %1").arg(head.value());
    items.append(audit);

    const RotationRecord rotation(stateDir);
    StateCheckItem rotated{QStringLiteral("rotation record"), rotation.path(), {}, {}};
    if (const auto checked = rotation.check(); !checked.ok())
        rotated.problem = checked.error().message;
    else
        rotated.detail = QFileInfo::exists(rotation.path()) ? QStringLiteral("read")
                                                            : QStringLiteral("none yet");
    items.append(rotated);

    const AlertStore alerts(stateDir);
    StateCheckItem queued{QStringLiteral("alert store"), alerts.path(), {}, {}};
    if (const auto state = alerts.load(); !state.ok())
        queued.problem = state.error().message;
    else
        queued.detail = QStringLiteral("%1 queued deliveries, %2 active condition(s)")
                            .arg(state.value().queue.size())
                            .arg(state.value().active.size());
    items.append(queued);
    return items;
}

} // namespace pmcp
