#pragma once

#include "shared/core/Result.h"
#include "server/http/HttpRequest.h"
#include "server/simulator/SimResult.h"

#include <QHash>
#include <QObject>
#include <QSslCertificate>

#include <memory>
#include <optional>

namespace pmcp {

class HttpReply;
struct HttpResponse;
class SimState;
class SimTasks;

// A Proxmox VE simulator for the tests and `proxmox-mcpd demo`: HTTPS with a certificate made
// at start, the real /api2/json paths the tools use, stateful guests, storage, snapshots,
// backups and tasks with real UPIDs, token and ticket auth, Proxmox's error bodies, and fault
// injection. Not a Proxmox: it answers as one for the calls this project makes.
class PveSimulator final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PveSimulator)
public:
    struct Options {
        quint16 port = 0;          // 0: the system picks
        int nodes = 3;             // pve1, pve2, pve3
        bool demoCluster = true;   // about a dozen guests, storage with backups
        double timeScale = 1.0;    // task durations are multiplied by it (tests use 0.05)
        bool legacyErrors = false; // PVE <= 8.2: no "message" in error bodies
    };

    explicit PveSimulator(Options options, QObject *parent = nullptr);
    ~PveSimulator() override;

    Result<quint16> start();
    quint16 port() const;
    QSslCertificate certificate() const;
    QString fingerprintSha256() const; // "AB:CD:..." as Proxmox shows it

    // Credentials that work: root@pam with password "demo-password", and the token
    // root@pam!mcp with the secret below.
    static QString tokenUser() { return QStringLiteral("root@pam"); }
    static QString tokenName() { return QStringLiteral("mcp"); }
    QString tokenSecret() const;
    static QString password() { return QStringLiteral("demo-password"); }

    SimState &state();
    SimTasks &tasks();

    // One API call in process, as root@pam and without HTTP (the demo's simulated shell uses it
    // for pvesh and the qm/pct commands): the same routing, node, permission and parameter
    // checks and handlers as over HTTPS, without latency or injected failures.
    SimResult dispatch(const QByteArray &method, const QString &apiPath,
                       QHash<QString, QString> params = {});

    // Fault injection for tests.
    void setLatencyMs(int ms);
    void setNodeDown(const QString &node, bool down);
    // The next `count` requests whose path starts with prefix fail with this HTTP status.
    void failNext(const QString &pathPrefix, int status, int count = 1);

signals:
    void requestServed(const QByteArray &method, const QString &path, int status);

private:
    void installRoutes();
    void handle(HttpRequest request, std::shared_ptr<HttpReply> reply);
    void respond(const HttpRequest &request, const std::shared_ptr<HttpReply> &reply);
    SimResult process(const HttpRequest &request, const QString &apiPath);
    SimResult route(const QByteArray &method, const QString &apiPath,
                    QHash<QString, QString> params, const QString &authId, bool token);
    std::optional<SimResult> injectedFailure(const QString &apiPath);
    std::optional<SimResult> checkNode(const QString &name);
    SimResult login(const QHash<QString, QString> &params);
    HttpResponse render(const SimResult &result) const;

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace pmcp
