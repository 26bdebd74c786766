#include "server/simulator/PveSimulator.h"

#include "server/http/HttpListener.h"
#include "server/simulator/SelfSignedCertificate.h"
#include "server/simulator/SimAccessRoutes.h"
#include "server/simulator/SimAgentRoutes.h"
#include "server/simulator/SimAuth.h"
#include "server/simulator/SimBackupRoutes.h"
#include "server/simulator/SimClusterRoutes.h"
#include "server/simulator/SimDemoCluster.h"
#include "server/simulator/SimGuestConfigRoutes.h"
#include "server/simulator/SimGuestCreateRoutes.h"
#include "server/simulator/SimGuestMoveRoutes.h"
#include "server/simulator/SimGuestRoutes.h"
#include "server/simulator/SimNodeRoutes.h"
#include "server/simulator/SimRequestParser.h"
#include "server/simulator/SimRouter.h"
#include "server/simulator/SimSnapshotRoutes.h"
#include "server/simulator/SimState.h"
#include "server/simulator/SimStorageRoutes.h"
#include "server/simulator/SimTaskRoutes.h"
#include "server/simulator/SimTasks.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>
#include <QTimer>

namespace pmcp {

namespace {

constexpr qint64 kMaxPostBytes = 64 * 1024;

QString injectedMessage(int status)
{
    switch (status) {
    case 595:
        return QStringLiteral("Errors during connection establishment, proxy handshake: No route "
                              "to host");
    case 596:
        return QStringLiteral("Errors during TLS negotiation, request sending and header "
                              "processing: Connection timed out");
    case 503:
        return QStringLiteral("Service Unavailable");
    default:
        return QStringLiteral("simulated failure");
    }
}

} // namespace

struct PveSimulator::Private {
    struct Failure {
        QString prefix;
        int status;
        int count;
    };

    explicit Private(Options opts, PveSimulator *owner)
        : options(opts)
        , tasks(opts.timeScale)
        , auth(state)
    {
        SimDemoCluster::populate(state, tasks, options.nodes, options.demoCluster);
        listener = std::make_unique<HttpListener>(
            [owner](HttpRequest request, std::shared_ptr<HttpReply> reply) {
                owner->handle(std::move(request), std::move(reply));
            },
            kMaxPostBytes, owner);
    }

    Options options;
    SimState state;
    SimTasks tasks;
    SimAuth auth;
    SimRouter router;
    std::unique_ptr<HttpListener> listener;
    QSslCertificate certificate;
    QString fingerprint;
    int latencyMs = 0;
    QList<Failure> failures;
    bool routesInstalled = false;
};

PveSimulator::PveSimulator(Options options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(options, this))
{}

PveSimulator::~PveSimulator() = default;

Result<quint16> PveSimulator::start()
{
    auto cert = SelfSignedCertificate::generate(QStringLiteral("127.0.0.1"), 3650);
    if (!cert)
        return cert.error();
    d->certificate = cert.value().certificate;
    d->fingerprint =
        QString::fromLatin1(d->certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
    installRoutes();
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(d->certificate);
    tls.setPrivateKey(cert.value().key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    return d->listener->listen(QHostAddress::LocalHost, d->options.port, tls);
}

void PveSimulator::installRoutes()
{
    if (d->routesInstalled)
        return;
    d->routesInstalled = true;
    SimClusterRoutes::install(d->router);
    SimNodeRoutes::install(d->router, d->fingerprint);
    SimGuestRoutes::install(d->router);
    SimGuestCreateRoutes::install(d->router);
    SimGuestConfigRoutes::install(d->router);
    SimGuestMoveRoutes::install(d->router);
    SimSnapshotRoutes::install(d->router);
    SimAgentRoutes::install(d->router);
    SimStorageRoutes::install(d->router);
    SimBackupRoutes::install(d->router);
    SimTaskRoutes::install(d->router);
    SimAccessRoutes::install(d->router);
}

quint16 PveSimulator::port() const
{
    return d->listener->port();
}

QSslCertificate PveSimulator::certificate() const
{
    return d->certificate;
}

QString PveSimulator::fingerprintSha256() const
{
    return d->fingerprint;
}

QString PveSimulator::tokenSecret() const
{
    return d->state.token(tokenUser() + u'!' + tokenName())->secret;
}

SimState &PveSimulator::state()
{
    return d->state;
}

SimTasks &PveSimulator::tasks()
{
    return d->tasks;
}

void PveSimulator::setLatencyMs(int ms)
{
    d->latencyMs = std::max(0, ms);
}

void PveSimulator::setNodeDown(const QString &node, bool down)
{
    if (SimNode *found = d->state.node(node))
        found->online = !down;
}

void PveSimulator::failNext(const QString &pathPrefix, int status, int count)
{
    d->failures.append({pathPrefix, status, count});
}

void PveSimulator::handle(HttpRequest request, std::shared_ptr<HttpReply> reply)
{
    if (d->latencyMs <= 0) {
        respond(request, reply);
        return;
    }
    QTimer::singleShot(d->latencyMs, this,
                       [this, request = std::move(request), reply] { respond(request, reply); });
}

void PveSimulator::respond(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply)
{
    static const QString prefix = QStringLiteral("/api2/json");
    QString apiPath = request.path;
    SimResult result;
    if (!apiPath.startsWith(prefix + u'/') && apiPath != prefix) {
        result = SimResult::fail(501, QStringLiteral("Method '%1 %2' not implemented")
                                          .arg(QString::fromLatin1(request.method), apiPath));
    } else {
        apiPath = apiPath.mid(prefix.size());
        result = process(request, apiPath);
    }
    reply->send(render(result));
    emit requestServed(request.method, apiPath, result.status);
}

std::optional<SimResult> PveSimulator::injectedFailure(const QString &apiPath)
{
    for (auto it = d->failures.begin(); it != d->failures.end(); ++it) {
        if (!apiPath.startsWith(it->prefix))
            continue;
        const int status = it->status;
        if (--it->count <= 0)
            d->failures.erase(it);
        return SimResult::fail(status, injectedMessage(status));
    }
    return std::nullopt;
}

SimResult PveSimulator::process(const HttpRequest &request, const QString &apiPath)
{
    if (auto failure = injectedFailure(apiPath))
        return *failure;
    auto params = SimRequestParser::parameters(request);
    if (!params)
        return SimResult::fail(params.error().code == ErrorCode::Unsupported ? 506 : 400,
                               params.error().message);
    if (request.method == "POST" && apiPath == QLatin1String("/access/ticket"))
        return login(params.value());
    auto identity = d->auth.authenticate(request);
    if (!identity)
        return SimResult::fail(401, identity.error().message);
    return route(request.method, apiPath, std::move(params).value(), identity.value().authId,
                 identity.value().token);
}

SimResult PveSimulator::dispatch(const QByteArray &method, const QString &apiPath,
                                 QHash<QString, QString> params)
{
    installRoutes(); // before start() the node rows carry no fingerprint
    return route(method, apiPath, std::move(params), tokenUser(), false);
}

SimResult PveSimulator::route(const QByteArray &method, const QString &apiPath,
                              QHash<QString, QString> params, const QString &authId, bool token)
{
    const auto match = d->router.match(method, apiPath);
    if (!match)
        return SimResult::fail(501, QStringLiteral("Method '%1 %2' not implemented")
                                        .arg(QString::fromLatin1(method), apiPath));
    if (token && !d->router.allowsToken(match->key))
        return SimResult::fail(403, QStringLiteral("Permission check failed (URI '%1' not "
                                                   "available with API token, need proper "
                                                   "ticket.)")
                                        .arg(apiPath));
    for (auto it = match->pathParams.begin(); it != match->pathParams.end(); ++it)
        params.insert(it.key(), it.value());
    if (auto unreachable = checkNode(match->pathParams.value(QStringLiteral("node"))))
        return *unreachable;
    if (const auto perm = d->router.permission(match->key, params);
        perm && !d->state.hasPrivilege(authId, perm->first, perm->second))
        return SimResult::fail(
            403, QStringLiteral("Permission check failed (%1, %2)").arg(perm->first, perm->second));
    const QJsonObject errors = d->router.validate(match->key, params);
    if (!errors.isEmpty())
        return SimResult::paramError(errors);
    SimCall call{method, apiPath, params, authId, d->state, d->tasks};
    return (*match->handler)(call);
}

std::optional<SimResult> PveSimulator::checkNode(const QString &name)
{
    if (name.isEmpty())
        return std::nullopt;
    const SimNode *node = d->state.node(name);
    if (!node)
        return SimResult::fail(500, QStringLiteral("hostname lookup '%1' failed - failed to get "
                                                   "address info for: %1: Name or service not "
                                                   "known")
                                        .arg(name));
    if (!node->online)
        return SimResult::fail(595, injectedMessage(595));
    return std::nullopt;
}

SimResult PveSimulator::login(const QHash<QString, QString> &params)
{
    const QString username = params.value(QStringLiteral("username"));
    const QString password = params.value(QStringLiteral("password"));
    if (username.isEmpty() || password.isEmpty()) {
        QJsonObject errors;
        if (username.isEmpty())
            errors.insert(QStringLiteral("username"),
                          QStringLiteral("property is missing and it is not optional"));
        if (password.isEmpty())
            errors.insert(QStringLiteral("password"),
                          QStringLiteral("property is missing and it is not optional"));
        return SimResult::paramError(errors);
    }
    QString user = username;
    const QString realm = params.value(QStringLiteral("realm"));
    if (!realm.isEmpty() && !user.contains(u'@'))
        user += u'@' + realm;
    auto ticket = d->auth.login(user, password);
    if (!ticket)
        return SimResult::fail(401, ticket.error().message);
    return SimResult::ok(ticket.value());
}

HttpResponse PveSimulator::render(const SimResult &result) const
{
    QJsonObject body{{QStringLiteral("data"), result.status == 200 ? result.data : QJsonValue()}};
    if (result.total >= 0)
        body.insert(QStringLiteral("total"), result.total);
    if (!result.errors.isEmpty())
        body.insert(QStringLiteral("errors"), result.errors);
    if (result.status != 200 && !d->options.legacyErrors) {
        // die() messages end with a line feed; the router's 501 text does not.
        const bool newline = result.status != 501 && result.status < 595;
        body.insert(QStringLiteral("message"), newline ? result.message + u'\n' : result.message);
    }
    HttpResponse response = HttpResponse::json(result.status, body);
    response.headers = {{"Content-Type", "application/json;charset=UTF-8"},
                        {"Server", "pve-api-daemon/3.0"},
                        {"Cache-Control", "max-age=0"},
                        {"Pragma", "no-cache"},
                        {"Expires", QLocale::c()
                                        .toString(QDateTime::currentDateTimeUtc(),
                                                  QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
                                        .toLatin1()}};
    if (result.status != 200)
        response.reason = result.message.section(u'\n', 0, 0).toUtf8();
    return response;
}

} // namespace pmcp
