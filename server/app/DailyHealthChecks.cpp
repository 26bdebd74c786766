#include "server/app/DailyHealthChecks.h"

#include "server/app/CommandBackend.h"
#include "server/app/RotationRecord.h"
#include "server/audit/AuditLog.h"
#include "server/backup/BackupSchedule.h"
#include "server/backup/BackupStore.h"
#include "server/ops/AuthFailureHistory.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QStorageInfo>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

namespace pmcp {

namespace {

using Status = DailyCheck::Status;

DailyCheck check(const char *name, Status status, const QString &sentence)
{
    return {QLatin1String(name), status, sentence};
}

QString bytes(qint64 n)
{
    if (n >= qint64(1) << 30)
        return QStringLiteral("%1 GiB").arg(double(n) / double(qint64(1) << 30), 0, 'f', 1);
    return QStringLiteral("%1 MiB").arg(double(n) / double(1 << 20), 0, 'f', 0);
}

QString age(qint64 seconds)
{
    if (seconds < 2 * 3600)
        return QStringLiteral("%1 min").arg(qMax<qint64>(0, seconds / 60));
    if (seconds < 3 * 86400)
        return QStringLiteral("%1 h").arg(seconds / 3600);
    return QStringLiteral("%1 days").arg(seconds / 86400);
}

QString baseUrl(const Config &config)
{
    QString host = config.string(ConfigKey::McpHost);
    if (host == QLatin1String("0.0.0.0") || host == QLatin1String("::") || host.isEmpty())
        host = QStringLiteral("127.0.0.1");
    if (host.contains(QLatin1Char(':')) && !host.startsWith(QLatin1Char('[')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    const bool tls = !config.string(ConfigKey::McpTlsCert).isEmpty();
    return QStringLiteral("%1://%2:%3")
        .arg(tls ? QStringLiteral("https") : QStringLiteral("http"), host)
        .arg(config.integer(ConfigKey::McpPort));
}

// The service and, when it answers, the authentication failures it counted.
void service(const Config &config, const DailyHealthChecks::Probes &probes,
             DailyHealthReport &report)
{
    const QUrl url(baseUrl(config) + QStringLiteral("/health"));
    const auto answer = probes.httpGet(url);
    if (answer.status == 0) {
        report.add(check("service", Status::Failed,
                         QStringLiteral("nothing answers on %1 (%2); is the daemon running? "
                                        "(systemctl status proxmox-mcp)")
                             .arg(url.toString(), answer.error)));
        return;
    }
    const QJsonObject health = QJsonDocument::fromJson(answer.body).object();
    const QString status = health[QLatin1String("status")].toString();
    QStringList notOk;
    const QJsonObject checks = health[QLatin1String("checks")].toObject();
    for (auto it = checks.begin(); it != checks.end(); ++it) {
        const QString value = it.value()[QLatin1String("status")].toString();
        if (value != QLatin1String("ok") && value != QLatin1String("disabled"))
            notOk.append(it.key() + QLatin1Char(' ') + value);
    }
    const QString detail =
        notOk.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(notOk.join(QStringLiteral(", ")));
    if (status == QLatin1String("healthy"))
        report.add(check("service", Status::Ok,
                         QStringLiteral("the daemon answers on %1: healthy").arg(url.toString())));
    else if (status == QLatin1String("degraded"))
        report.add(check("service", Status::Warning,
                         QStringLiteral("the daemon answers on %1 but is degraded%2")
                             .arg(url.toString(), detail)));
    else
        report.add(
            check("service", Status::Failed,
                  QStringLiteral("the daemon answers on %1 but is %2%3")
                      .arg(url.toString(),
                           status.isEmpty() ? QStringLiteral("not healthy") : status, detail)));
}

// Failed authentications in the last 24 h, as the daemon counts them per hour in
// STATE_DIR/auth-failures.json: a refused token is no audit entry, and the count must survive a
// restart of the daemon (its own last hour is in memory only).
void authFailures(const Config &config, const DailyHealthChecks::Probes &probes,
                  DailyHealthReport &report)
{
    AuthFailureHistory history(config.string(ConfigKey::StateDir), probes.now);
    if (const auto loaded = history.load(); !loaded.ok()) {
        report.add(check(
            "auth", Status::Warning,
            QStringLiteral("failed authentications not counted: %1").arg(loaded.error().message)));
        return;
    }
    const qint64 failures = history.lastDay();
    report.add(check(
        "auth", failures > DailyHealthChecks::kAuthFailuresWarning ? Status::Warning : Status::Ok,
        failures == 0 ? QStringLiteral("no failed authentication in the last 24 h")
                      : QStringLiteral("%1 failed authentication(s) in the last 24 h (refused "
                                       "bearer tokens)")
                            .arg(failures)));
}

void resources(const Config &config, const DailyHealthChecks::Probes &probes,
               DailyHealthReport &report)
{
    const auto machine = probes.machine();
    if (machine.memoryTotal > 0) {
        const double free = double(machine.memoryAvailable) / double(machine.memoryTotal);
        report.add(check("memory",
                         free < 0.03   ? Status::Failed
                         : free < 0.10 ? Status::Warning
                                       : Status::Ok,
                         QStringLiteral("%1 of %2 available (%3 %)")
                             .arg(bytes(machine.memoryAvailable), bytes(machine.memoryTotal))
                             .arg(int(free * 100))));
    }
    QString path = config.string(ConfigKey::StateDir);
    while (!QFileInfo::exists(path) && path.size() > 1)
        path = QFileInfo(path).absolutePath();
    const auto [available, total] = probes.diskSpace(path);
    if (total > 0) {
        const double share = double(available) / double(total);
        const Status status = (available < (qint64(100) << 20) || share < 0.02) ? Status::Failed
                              : (available < (qint64(1) << 30) || share < 0.10) ? Status::Warning
                                                                                : Status::Ok;
        report.add(
            check("disk", status,
                  QStringLiteral("%1 free of %2 on the file system of %3 (%4 %)")
                      .arg(bytes(available), bytes(total), config.string(ConfigKey::StateDir))
                      .arg(int(share * 100))));
    }
    const double perCpu = machine.load1 / qMax(1, machine.cpus);
    report.add(check("load",
                     perCpu > 4     ? Status::Failed
                     : perCpu > 1.5 ? Status::Warning
                                    : Status::Ok,
                     QStringLiteral("load average %1 on %2 CPU(s)")
                         .arg(machine.load1, 0, 'f', 2)
                         .arg(machine.cpus)));
}

// The audit chain, and the commands the policy refused in the last 24 hours.
void audit(const Config &config, const DailyHealthChecks::Probes &probes, DailyHealthReport &report)
{
    const QString stateDir = config.string(ConfigKey::StateDir);
    const QString directory = AuditLog::directoryIn(stateDir);
    if (!QFileInfo(directory).isDir()) {
        report.add(check("audit", Status::Warning,
                         QStringLiteral("no audit log in %1 yet").arg(directory)));
        return;
    }
    const AuditVerification verified = AuditLog::verify(directory, AuditLog::keyPathIn(stateDir));
    if (!verified.ok)
        report.add(check("audit", Status::Failed,
                         QStringLiteral("the audit chain breaks at %1 line %2: %3 (proxmox-mcpd "
                                        "audit verify)")
                             .arg(verified.firstBadFile)
                             .arg(verified.firstBadLine)
                             .arg(verified.reason)));
    else
        report.add(check("audit", Status::Ok,
                         QStringLiteral("%1 entries verified").arg(verified.entriesChecked)));

    const QDateTime since = probes.now().toUTC().addDays(-1);
    int refused = 0;
    QString latest;
    QStringList files = QDir(directory).entryList({QStringLiteral("audit-*.jsonl")}, QDir::Files,
                                                  QDir::Name | QDir::Reversed);
    for (const QString &name : files) {
        QFile file(QDir(directory).filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        bool older = false;
        while (!file.atEnd()) {
            const QJsonObject entry = QJsonDocument::fromJson(file.readLine()).object();
            const QDateTime time =
                QDateTime::fromString(entry[QLatin1String("time")].toString(), Qt::ISODateWithMs);
            if (time.isValid() && time < since) {
                older = true;
                continue;
            }
            const QString decision = entry[QLatin1String("decision")].toString();
            if (decision.startsWith(QLatin1String("denied"))) {
                ++refused;
                latest = QStringLiteral("%1 by %2")
                             .arg(decision.mid(7), entry[QLatin1String("client")].toString());
            }
        }
        if (older)
            break; // older files hold only older entries
    }
    if (refused == 0)
        report.add(check("refusals", Status::Ok,
                         QStringLiteral("no command was refused in the last 24 h")));
    else
        report.add(
            check("refusals",
                  refused > DailyHealthChecks::kRefusalsWarning ? Status::Warning : Status::Ok,
                  QStringLiteral("%1 command(s) refused in the last 24 h, the latest %2 "
                                 "(proxmox-mcpd audit tail)")
                      .arg(refused)
                      .arg(latest)));
}

void sshKey(const Config &config, const DailyHealthChecks::Probes &probes,
            DailyHealthReport &report)
{
    const bool ssh = config.boolean(ConfigKey::EnableSsh);
    const QString key = config.string(ConfigKey::SshKeyPath);
    if (key.isEmpty()) {
        if (!ssh)
            report.add(
                check("ssh_key", Status::Ok, QStringLiteral("SSH is off and no key is set")));
        else
            report.add(check("ssh_key", Status::Warning,
                             QStringLiteral("no SSH_KEY_PATH: SSH logs in with a password; a key "
                                            "is safer")));
        return;
    }
    const QFileInfo info(key);
    if (!info.isFile()) {
        report.add(check("ssh_key", ssh ? Status::Failed : Status::Warning,
                         QStringLiteral("the SSH key %1 is missing").arg(key)));
        return;
    }
    // Made by `rotate ssh-key` (STATE_DIR/rotation.json), else the file's modification time.
    const int days = RotationRecord::ageDays(
        RotationRecord(config.string(ConfigKey::StateDir)).sshKeyCreated(config), probes.now());
    const int rotationDays = int(config.integer(ConfigKey::RotationDays));
    if (info.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther))
        report.add(
            check("ssh_key", Status::Warning,
                  QStringLiteral("the SSH key %1 is readable by others: chmod 600 %1").arg(key)));
    else if (days > rotationDays)
        report.add(check("ssh_key", Status::Warning,
                         QStringLiteral("the SSH key %1 is %2 days old; rotate it (every %3 days, "
                                        "ROTATION_DAYS): proxmox-mcpd rotate ssh-key")
                             .arg(key)
                             .arg(days)
                             .arg(rotationDays)));
    else
        report.add(
            check("ssh_key", Status::Ok,
                  QStringLiteral("the SSH key %1 is present, %2 days old").arg(key).arg(days)));
}

void apiToken(const Config &config, const DailyHealthChecks::Probes &probes,
              DailyHealthReport &report)
{
    const QString name = config.string(ConfigKey::ProxmoxTokenName);
    if (!config.boolean(ConfigKey::EnableProxmoxApi) || name.isEmpty()) {
        report.add(
            check("api_token", Status::Ok, QStringLiteral("no Proxmox API token is configured")));
        return;
    }
    const QString id = config.string(ConfigKey::ProxmoxUser) + u'!' + name;
    // Only `rotate api-token` records when a token was made (STATE_DIR/rotation.json).
    const int days = RotationRecord::ageDays(
        RotationRecord(config.string(ConfigKey::StateDir)).apiTokenCreated(config), probes.now());
    const int rotationDays = int(config.integer(ConfigKey::RotationDays));
    if (days < 0)
        report.add(check("api_token", Status::Ok,
                         QStringLiteral("the age of %1 is unknown (made outside proxmox-mcpd); "
                                        "proxmox-mcpd rotate api-token starts counting")
                             .arg(id)));
    else if (days > rotationDays)
        report.add(check("api_token", Status::Warning,
                         QStringLiteral("the API token %1 is %2 days old; rotate it (every %3 "
                                        "days, ROTATION_DAYS): proxmox-mcpd rotate api-token")
                             .arg(id)
                             .arg(days)
                             .arg(rotationDays)));
    else
        report.add(check("api_token", Status::Ok,
                         QStringLiteral("the API token %1 is %2 days old").arg(id).arg(days)));
}

void backups(const Config &config, const DailyHealthChecks::Probes &probes,
             DailyHealthReport &report)
{
    const BackupStore store(BackupStore::directoryFor(config));
    const auto entries = store.list();
    if (entries.isEmpty()) {
        report.add(check("backup", Status::Warning,
                         QStringLiteral("no backup in %1 yet (proxmox-mcpd backup create, or set "
                                        "BACKUP_SCHEDULE)")
                             .arg(store.directory())));
        return;
    }
    const BackupEntry &newest = entries.first();
    const qint64 seconds = newest.created.secsTo(probes.now());
    const bool weekly = config.string(ConfigKey::BackupSchedule)
                            .trimmed()
                            .toLower()
                            .startsWith(QLatin1String("weekly"));
    const qint64 allowed = (weekly ? 8 : 2) * 86400;
    if (newest.verification == QLatin1String("failed"))
        report.add(check("backup", Status::Failed,
                         QStringLiteral("the newest backup %1 does not verify: %2")
                             .arg(newest.name, newest.verifyMessage)));
    else if (seconds > allowed)
        report.add(
            check("backup", Status::Warning,
                  QStringLiteral("the newest backup %1 is %2 old").arg(newest.name, age(seconds))));
    else
        report.add(check("backup", Status::Ok,
                         QStringLiteral("the newest backup %1 is %2 old, %3")
                             .arg(newest.name, age(seconds),
                                  newest.verification == QLatin1String("verified")
                                      ? QStringLiteral("verified")
                                      : QStringLiteral("not verified yet"))));
}

void reachability(const Config &config, const DailyHealthChecks::Probes &probes,
                  DailyHealthReport &report)
{
    if (!config.boolean(ConfigKey::EnableProxmoxApi) ||
        config.list(ConfigKey::ProxmoxHost).isEmpty()) {
        report.add(
            check("proxmox", Status::Ok, QStringLiteral("the Proxmox API is not configured")));
    } else {
        const auto port = quint16(config.integer(ConfigKey::ProxmoxPort));
        QStringList down;
        const QStringList hosts = config.list(ConfigKey::ProxmoxHost);
        for (const QString &host : hosts) {
            if (const QString why = probes.connect(host, port, nullptr); !why.isEmpty())
                down.append(QStringLiteral("%1:%2 (%3)").arg(host).arg(port).arg(why));
        }
        if (down.isEmpty())
            report.add(check("proxmox", Status::Ok,
                             QStringLiteral("the Proxmox API port is reachable on %1")
                                 .arg(hosts.join(QStringLiteral(", ")))));
        else
            report.add(
                check("proxmox", down.size() == hosts.size() ? Status::Failed : Status::Warning,
                      QStringLiteral("unreachable: %1").arg(down.join(QStringLiteral(", ")))));
    }
    if (!config.boolean(ConfigKey::EnableSsh) || config.string(ConfigKey::SshHost).isEmpty()) {
        report.add(check("ssh", Status::Ok, QStringLiteral("SSH is not configured")));
        report.add(check("sudoers", Status::Ok, QStringLiteral("SSH is off: no sudoers to check")));
        return;
    }
    const QString host = config.string(ConfigKey::SshHost);
    const auto port = quint16(config.integer(ConfigKey::SshPort));
    QByteArray banner;
    const QString why = probes.connect(host, port, &banner);
    if (!why.isEmpty() || !banner.startsWith("SSH-")) {
        report.add(check("ssh", Status::Failed,
                         QStringLiteral("no SSH server answers on %1:%2 (%3)")
                             .arg(host)
                             .arg(port)
                             .arg(why.isEmpty() ? QStringLiteral("no SSH banner") : why)));
        report.add(
            check("sudoers", Status::Warning, QStringLiteral("not checked: SSH is unreachable")));
        return;
    }
    report.add(check("ssh", Status::Ok,
                     QStringLiteral("%1:%2 answers (%3)")
                         .arg(host)
                         .arg(port)
                         .arg(QString::fromLatin1(banner.trimmed()))));
    const auto command = DailyHealthChecks::sudoersCommand(probes.sudoersFile);
    if (!command.ok()) {
        report.add(check("sudoers", Status::Warning, command.error().message));
        return;
    }
    const CommandResult visudo = probes.runOverSsh(config, command.value());
    const QString output = QString::fromUtf8(visudo.stdoutData + visudo.stderrData)
                               .trimmed()
                               .section(QLatin1Char('\n'), 0, 1);
    const QString what = probes.sudoersFile.isEmpty()
                             ? QStringLiteral("the sudoers files")
                             : QStringLiteral("the sudoers file %1").arg(probes.sudoersFile);
    // What visudo -c says of a file sudo would refuse (sudo 1.9: "syntax error", older: "parse
    // error"), as opposed to not being able to run it at all.
    static const QRegularExpression broken(
        QStringLiteral("syntax error|parse error|bad permissions|wrong owner"));
    if (visudo.status == CommandResult::Status::Success)
        report.add(check(
            "sudoers", Status::Ok,
            QStringLiteral("%1 on %2 %3 valid (visudo -c)")
                .arg(what, host,
                     probes.sudoersFile.isEmpty() ? QStringLiteral("are") : QStringLiteral("is"))));
    else if (visudo.status == CommandResult::Status::NonZeroExit && output.contains(broken))
        report.add(check("sudoers", Status::Failed,
                         QStringLiteral("visudo -c on %1 finds an error: %2").arg(host, output)));
    else
        report.add(check("sudoers", Status::Warning,
                         QStringLiteral("could not run visudo -c on %1 as %2: %3")
                             .arg(host, config.string(ConfigKey::SshUser),
                                  visudo.error.isEmpty() ? output : visudo.error)));
}

DailyHealthChecks::Machine readMachine()
{
    DailyHealthChecks::Machine machine;
    QFile meminfo(QStringLiteral("/proc/meminfo"));
    if (meminfo.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : meminfo.readAll().split('\n')) {
            const QList<QByteArray> words = line.simplified().split(' ');
            if (words.size() < 2)
                continue;
            if (words.first() == "MemTotal:")
                machine.memoryTotal = words.at(1).toLongLong() * 1024;
            else if (words.first() == "MemAvailable:")
                machine.memoryAvailable = words.at(1).toLongLong() * 1024;
        }
    }
    QFile loadavg(QStringLiteral("/proc/loadavg"));
    if (loadavg.open(QIODevice::ReadOnly))
        machine.load1 = loadavg.readAll().split(' ').value(0).toDouble();
    machine.cpus = QThread::idealThreadCount();
    return machine;
}

} // namespace

Result<QString> DailyHealthChecks::sudoersCommand(const QString &file)
{
    if (file.isEmpty())
        return QStringLiteral("sudo -n visudo -c");
    static const QRegularExpression safe(QStringLiteral("^/[A-Za-z0-9._/-]+$"));
    if (!safe.match(file).hasMatch() || file.contains(QLatin1String("..")))
        return Error::invalid(QStringLiteral("the sudoers file %1 was not checked: only an "
                                             "absolute path of letters, digits and ._-/ is put "
                                             "on a command line")
                                  .arg(file));
    return QStringLiteral("PATH=\"$PATH:/usr/sbin:/sbin\" visudo -c -f '%1'").arg(file);
}

DailyHealthReport DailyHealthChecks::run(const Config &config, const Probes &probes)
{
    DailyHealthReport report;
    service(config, probes, report);
    authFailures(config, probes, report);
    resources(config, probes, report);
    audit(config, probes, report);
    sshKey(config, probes, report);
    apiToken(config, probes, report);
    backups(config, probes, report);
    reachability(config, probes, report);
    return report;
}

DailyHealthChecks::Probes DailyHealthChecks::systemProbes(int timeoutMs)
{
    Probes probes;
    probes.httpGet = [timeoutMs](const QUrl &url) {
        QNetworkAccessManager network;
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        request.setTransferTimeout(timeoutMs);
        QNetworkReply *reply = network.get(request);
        // The daemon's own certificate may be self-signed; only its status is read.
        QObject::connect(
            reply, &QNetworkReply::sslErrors, reply,
            [reply](const QList<QSslError> &errors) { reply->ignoreSslErrors(errors); });
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        HttpAnswer answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        answer.error = reply->errorString();
        delete reply;
        return answer;
    };
    probes.connect = [timeoutMs](const QString &host, quint16 port, QByteArray *banner) {
        QTcpSocket socket;
        socket.connectToHost(host, port);
        if (!socket.waitForConnected(timeoutMs))
            return socket.errorString();
        if (banner) {
            if (!socket.canReadLine())
                socket.waitForReadyRead(timeoutMs);
            *banner = socket.readLine(256);
        }
        return QString();
    };
    probes.runOverSsh = [timeoutMs](const Config &config, const QString &command) {
        CommandResult result;
        result.status = CommandResult::Status::ConnectionFailure;
        const auto executor = CommandBackend::executorFromConfig(config);
        if (!executor) {
            result.error = QStringLiteral("SSH is not configured");
            return result;
        }
        QEventLoop loop;
        bool done = false;
        executor->run(command, timeoutMs * 4, [&](const CommandResult &finished) {
            result = finished;
            done = true;
            loop.quit();
        });
        if (!done)
            loop.exec();
        return result;
    };
    probes.machine = &readMachine;
    probes.diskSpace = [](const QString &path) {
        const QStorageInfo storage(path);
        return storage.isValid() ? std::pair(storage.bytesAvailable(), storage.bytesTotal())
                                 : std::pair(qint64(0), qint64(0));
    };
    probes.now = [] { return QDateTime::currentDateTimeUtc(); };
    return probes;
}

} // namespace pmcp
