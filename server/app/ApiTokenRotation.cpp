#include "server/app/ApiTokenRotation.h"

#include "server/app/RotationRecord.h"
#include "server/proxmox/ProxmoxClient.h"
#include "server/proxmox/ProxmoxTargets.h"
#include "shared/config/ConfigEditor.h"

#include <QJsonArray>
#include <QPointer>
#include <QRegularExpression>
#include <QTimer>
#include <QUrl>

namespace pmcp {

namespace {

// The stamp a rotated token's name carries (token ids allow letters, digits, ".", "-", "_").
const QString kStampFormat = QStringLiteral("yyyyMMddHHmmss");
const QRegularExpression kStampSuffix(QStringLiteral("-\\d{14}$"));

QString tokenPath(const QString &user, const QString &token)
{
    // Path arguments as one segment each: "@" and "!" stay as Proxmox's own clients send them.
    return QStringLiteral("/access/users/%1/token/%2")
        .arg(QString::fromUtf8(QUrl::toPercentEncoding(user, "@")),
             QString::fromUtf8(QUrl::toPercentEncoding(token)));
}

} // namespace

QList<ApiTokenRotation::Step> ApiTokenRotation::steps()
{
    return {Step::Inspect, Step::Create, Step::CopyAcl, Step::Prove, Step::Switch, Step::Revoke};
}

QString ApiTokenRotation::stepName(Step step)
{
    switch (step) {
    case Step::Inspect:
        return QStringLiteral("inspect");
    case Step::Create:
        return QStringLiteral("create");
    case Step::CopyAcl:
        return QStringLiteral("copy-acl");
    case Step::Prove:
        return QStringLiteral("prove");
    case Step::Switch:
        return QStringLiteral("switch");
    case Step::Revoke:
        return QStringLiteral("revoke");
    }
    return {};
}

ApiTokenRotation::ApiTokenRotation(Config config, QString configPath, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_configPath(std::move(configPath))
    , m_now([] { return QDateTime::currentDateTimeUtc(); })
{}

ApiTokenRotation::~ApiTokenRotation() = default;

Result<void> ApiTokenRotation::prepare()
{
    // The new secret would go into the file, which the credential overrides for the service.
    if (const QString credential = m_config.string(ConfigKey::ProxmoxTokenCredential);
        !credential.isEmpty())
        return Error::invalid(
            QStringLiteral("PROXMOX_TOKEN_CREDENTIAL is set: the service reads the token secret "
                           "from the systemd credential %1, which rotation cannot change; make "
                           "a new token in Proxmox, put its secret in /etc/credstore/%1 and "
                           "restart the service (docs/INSTALL.md \"Secrets as credentials\")")
                .arg(credential));
    const auto target = ProxmoxTargets::defaultTarget(m_config);
    if (!target)
        return Error::invalid(QStringLiteral("PROXMOX_HOST is not set: there is no API token to "
                                             "rotate"));
    if (!target->usesToken() || target->tokenSecret.isEmpty())
        return Error::invalid(QStringLiteral("PROXMOX_TOKEN_NAME and PROXMOX_TOKEN_VALUE are not "
                                             "set: the daemon does not log in with a token"));
    m_target = *target;
    QString base = m_target.tokenName;
    base.remove(kStampSuffix);
    m_newName = base + u'-' + m_now().toUTC().toString(kStampFormat);
    if (m_newName == m_target.tokenName)
        return Error{ErrorCode::Conflict, QStringLiteral("rotate again in a second")};
    m_outcome.oldTokenId = m_target.user + u'!' + m_target.tokenName;
    m_outcome.newTokenId = m_target.user + u'!' + m_newName;
    return {};
}

QString ApiTokenRotation::describe(Step step) const
{
    switch (step) {
    case Step::Inspect:
        return QStringLiteral("read %1's privilege separation, expiry and ACL rows")
            .arg(m_outcome.oldTokenId);
    case Step::Create:
        return QStringLiteral("create %1 with the same privilege separation and expiry")
            .arg(m_outcome.newTokenId);
    case Step::CopyAcl:
        return QStringLiteral("give it the old token's ACL rows (PUT /access/acl)");
    case Step::Prove:
        return QStringLiteral("call GET /access/permissions with the new token; it must answer "
                              "what the old token's call answers");
    case Step::Switch:
        return QStringLiteral("set PROXMOX_TOKEN_NAME=%1 and PROXMOX_TOKEN_VALUE in %2 and tell "
                              "the daemon to reload")
            .arg(m_newName, m_configPath);
    case Step::Revoke:
        return QStringLiteral("delete %1").arg(m_outcome.oldTokenId);
    }
    return {};
}

Result<QStringList> ApiTokenRotation::plan() const
{
    ApiTokenRotation copy(m_config, m_configPath);
    copy.m_now = m_now;
    if (const auto prepared = copy.prepare(); !prepared.ok())
        return prepared.error();
    QStringList lines;
    for (const Step step : steps())
        lines.append(QStringLiteral("%1: %2").arg(stepName(step), copy.describe(step)));
    return lines;
}

void ApiTokenRotation::report(Step step, const QString &state, const QString &detail) const
{
    if (m_progress)
        m_progress(step, state, detail);
}

void ApiTokenRotation::run(Progress progress, Done done)
{
    m_progress = std::move(progress);
    m_done = std::move(done);
    if (const auto prepared = prepare(); !prepared.ok()) {
        QTimer::singleShot(0, this, [this, error = prepared.error()] { m_done(error); });
        return;
    }
    m_old = std::make_unique<ProxmoxClient>(m_target);
    QTimer::singleShot(0, this, [this] { runStep(0); });
}

void ApiTokenRotation::runStep(int index)
{
    if (index >= steps().size()) {
        RotationRecord(m_config.string(ConfigKey::StateDir))
            .recordApiToken(m_outcome.newTokenId, m_now().toUTC());
        m_done(m_outcome);
        return;
    }
    const Step step = steps().at(index);
    report(step, QStringLiteral("running"), describe(step));
    const auto next = [this, step, index](const Result<void> &result) {
        if (!result.ok()) {
            report(step, QStringLiteral("failed"), result.error().message);
            rollBack(result.error());
            return;
        }
        report(step, QStringLiteral("done"));
        runStep(index + 1);
    };
    if (const auto fault = m_fault ? m_fault(step) : std::nullopt) {
        next(*fault);
        return;
    }
    perform(step, next);
}

void ApiTokenRotation::perform(Step step, const Next &next)
{
    switch (step) {
    case Step::Inspect:
        return inspect(next);
    case Step::Create:
        return create(next);
    case Step::CopyAcl:
        m_copied = 0;
        // Taken back row by row (delete=1), whatever deleting the token would do by itself.
        m_undo.append({step, [this](const Next &undone) { uncopyAcl(0, undone); }});
        return copyAcl(0, next);
    case Step::Prove:
        return prove(next);
    case Step::Switch:
        return switchConfig(next);
    case Step::Revoke:
        return revoke(next);
    }
}

void ApiTokenRotation::call(ProxmoxClient &client, const QByteArray &method, const QString &path,
                            const QJsonObject &params,
                            std::function<void(const Result<QJsonValue> &)> done)
{
    ProxmoxRequest request;
    request.method = method;
    request.path = path;
    request.params = params;
    request.idempotent = method == "GET";
    QPointer<ApiTokenRotation> self(this);
    client.request(request, [self, done = std::move(done)](const ProxmoxResult &result) {
        if (!self)
            return;
        if (const auto *reply = std::get_if<ProxmoxReply>(&result))
            done(reply->data);
        else
            done(std::get<ProxmoxError>(result).toError());
    });
}

void ApiTokenRotation::inspect(const Next &next)
{
    call(*m_old, "GET", tokenPath(m_target.user, m_target.tokenName), {},
         [this, next](const Result<QJsonValue> &info) {
             if (!info.ok())
                 return next(info.error());
             const QJsonObject token = info.value().toObject();
             m_privsep = token.value(QStringLiteral("privsep")).toVariant().toInt() != 0 ||
                         !token.contains(QStringLiteral("privsep"));
             m_expire = token.value(QStringLiteral("expire")).toVariant().toLongLong();
             call(*m_old, "GET", QStringLiteral("/access/acl"), {},
                  [this, next](const Result<QJsonValue> &acl) {
                      if (!acl.ok())
                          return next(acl.error());
                      m_rows.clear();
                      for (const QJsonValue &value : acl.value().toArray()) {
                          const QJsonObject row = value.toObject();
                          if (row.value(QStringLiteral("type")).toString() ==
                                  QLatin1String("token") &&
                              row.value(QStringLiteral("ugid")).toString() == m_outcome.oldTokenId)
                              m_rows.append(AclRow{
                                  row.value(QStringLiteral("path")).toString(),
                                  row.value(QStringLiteral("roleid")).toString(),
                                  row.value(QStringLiteral("propagate")).toVariant().toInt() != 0});
                      }
                      m_outcome.aclRows = int(m_rows.size());
                      next({});
                  });
         });
}

void ApiTokenRotation::create(const Next &next)
{
    QJsonObject params{{QStringLiteral("privsep"), m_privsep ? 1 : 0},
                       {QStringLiteral("comment"),
                        QStringLiteral("proxmox-mcp, rotated from %1 on %2")
                            .arg(m_target.tokenName, m_now().toUTC().toString(Qt::ISODate))}};
    if (m_expire > 0)
        params.insert(QStringLiteral("expire"), m_expire);
    call(*m_old, "POST", tokenPath(m_target.user, m_newName), params,
         [this, next](const Result<QJsonValue> &created) {
             if (!created.ok())
                 return next(created.error());
             m_newSecret = created.value().toObject().value(QStringLiteral("value")).toString();
             // Deleting the new token also removes its ACL rows.
             m_undo.append({Step::Create, [this](const Next &undone) {
                                call(*m_old, "DELETE", tokenPath(m_target.user, m_newName), {},
                                     [undone](const Result<QJsonValue> &r) {
                                         undone(r.ok() ? Result<void>{} : r.error());
                                     });
                            }});
             if (m_newSecret.isEmpty())
                 return next(Error::internal(QStringLiteral("Proxmox created %1 without "
                                                            "showing its secret")
                                                 .arg(m_outcome.newTokenId)));
             ProxmoxTarget fresh = m_target;
             fresh.tokenName = m_newName;
             fresh.tokenSecret = m_newSecret;
             m_new = std::make_unique<ProxmoxClient>(fresh);
             next({});
         });
}

void ApiTokenRotation::copyAcl(int row, const Next &next)
{
    if (row >= m_rows.size())
        return next({});
    const AclRow &acl = m_rows.at(row);
    call(*m_old, "PUT", QStringLiteral("/access/acl"),
         {{QStringLiteral("path"), acl.path},
          {QStringLiteral("roles"), acl.roleid},
          {QStringLiteral("tokens"), m_outcome.newTokenId},
          {QStringLiteral("propagate"), acl.propagate ? 1 : 0}},
         [this, row, next](const Result<QJsonValue> &copied) {
             if (!copied.ok())
                 return next(copied.error());
             ++m_copied;
             copyAcl(row + 1, next);
         });
}

void ApiTokenRotation::uncopyAcl(int row, const Next &undone)
{
    if (row >= m_copied)
        return undone({});
    const AclRow &acl = m_rows.at(row);
    call(*m_old, "PUT", QStringLiteral("/access/acl"),
         {{QStringLiteral("path"), acl.path},
          {QStringLiteral("roles"), acl.roleid},
          {QStringLiteral("tokens"), m_outcome.newTokenId},
          {QStringLiteral("delete"), 1}},
         [this, row, undone](const Result<QJsonValue> &removed) {
             if (!removed.ok())
                 return undone(removed.error());
             uncopyAcl(row + 1, undone);
         });
}

void ApiTokenRotation::prove(const Next &next)
{
    call(*m_new, "GET", QStringLiteral("/access/permissions"), {},
         [this, next](const Result<QJsonValue> &fresh) {
             if (!fresh.ok())
                 return next(
                     Error{fresh.error().code, QStringLiteral("the new token does not work: ") +
                                                   fresh.error().message});
             call(*m_old, "GET", QStringLiteral("/access/permissions"), {},
                  [next, fresh = fresh.value()](const Result<QJsonValue> &old) {
                      if (!old.ok())
                          return next(old.error());
                      if (old.value() != fresh)
                          return next(Error{ErrorCode::Conflict,
                                            QStringLiteral("the new token's permissions differ "
                                                           "from the old token's")});
                      next({});
                  });
         });
}

void ApiTokenRotation::switchConfig(const Next &next)
{
    const QString stateDir = m_config.string(ConfigKey::StateDir);
    const auto write = [this, stateDir](const QString &name, const QString &secret,
                                        const QString &by) -> Result<int> {
        ConfigEditor editor(m_configPath, stateDir);
        const auto applied = editor.apply({{configKeyName(ConfigKey::ProxmoxTokenName), name},
                                           {configKeyName(ConfigKey::ProxmoxTokenValue), secret}},
                                          by);
        if (!applied.ok())
            return applied.error();
        return applied.value().version.number;
    };
    const auto applied = write(m_newName, m_newSecret, QStringLiteral("rotate"));
    if (!applied.ok())
        return next(applied.error());
    m_outcome.configVersion = applied.value();
    const QString oldName = m_target.tokenName;
    const QString oldSecret = m_target.tokenSecret;
    m_undo.append({Step::Switch, [this, write, oldName, oldSecret](const Next &undone) {
                       const auto restored =
                           write(oldName, oldSecret, QStringLiteral("rotate (undone)"));
                       if (!restored.ok())
                           return undone(restored.error());
                       undone(m_reload ? m_reload() : Result<void>{});
                   }});
    // The file may be overridden by the environment: then the switch did nothing.
    const Config switched = Config::load(m_configPath);
    if (switched.string(ConfigKey::ProxmoxTokenName) != m_newName)
        return next(Error::invalid(QStringLiteral("PROXMOX_TOKEN_NAME is set in the daemon's "
                                                  "environment; the file cannot change it")));
    next(m_reload ? m_reload() : Result<void>{});
}

void ApiTokenRotation::revoke(const Next &next)
{
    call(*m_new, "DELETE", tokenPath(m_target.user, m_target.tokenName), {},
         [next](const Result<QJsonValue> &deleted) {
             next(deleted.ok() ? Result<void>{} : deleted.error());
         });
}

void ApiTokenRotation::rollBack(const Error &error)
{
    if (m_undo.isEmpty()) {
        m_done(error);
        return;
    }
    // Not a structured binding: clang 14 (the fuzz tree) cannot capture one in a lambda.
    const auto undo = m_undo.takeLast();
    const auto step = undo.first;
    undo.second([this, step, error](const Result<void> &undone) {
        report(step, undone.ok() ? QStringLiteral("undone") : QStringLiteral("failed"),
               undone.ok() ? QString()
                           : QStringLiteral("could not be undone: ") + undone.error().message);
        rollBack(error);
    });
}

} // namespace pmcp
