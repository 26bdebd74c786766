#include "server/app/DailyHealthChecks.h"

#include "server/app/RotationRecord.h"
#include "server/audit/AuditLog.h"
#include "server/backup/BackupOperations.h"
#include "server/ops/AuthFailureHistory.h"
#include "shared/config/EnvFile.h"
#include "tests/support/LoopbackSshd.h"
#include "tests/support/SampleState.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QTest>

using namespace pmcp;

using Status = DailyCheck::Status;

namespace {

// What the probes show: a calm machine, a healthy daemon, everything reachable.
struct World {
    QString health = QStringLiteral(R"({"status":"healthy","checks":{"audit":{"status":"ok"}}})");
    bool daemonUp = true;
    QByteArray metrics = "pmcp_auth_failures_total{reason=\"unknown_token\"} 3\n";
    int metricsStatus = 200;
    double load = 0.3;
    qint64 memoryAvailable = 8LL << 30;
    qint64 diskAvailable = 40LL << 30;
    QStringList downHosts;
    QByteArray sshBanner = "SSH-2.0-OpenSSH_9.2p1\r\n";
    CommandResult visudo = [] {
        CommandResult r;
        r.status = CommandResult::Status::Success;
        r.exitStatus = 0;
        return r;
    }();
    QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList sshCommands;

    DailyHealthChecks::Probes probes()
    {
        DailyHealthChecks::Probes p;
        p.httpGet = [this](const QUrl &url) {
            DailyHealthChecks::HttpAnswer answer;
            if (!daemonUp) {
                answer.error = QStringLiteral("Connection refused");
                return answer;
            }
            if (url.path() == QLatin1String("/metrics")) {
                answer.status = metricsStatus;
                answer.body = metrics;
            } else {
                answer.status = 200;
                answer.body = health.toUtf8();
            }
            return answer;
        };
        p.connect = [this](const QString &host, quint16, QByteArray *banner) {
            if (downHosts.contains(host))
                return QStringLiteral("Connection refused");
            if (banner)
                *banner = sshBanner;
            return QString();
        };
        p.runOverSsh = [this](const Config &, const QString &command) {
            sshCommands.append(command);
            return visudo;
        };
        p.machine = [this] {
            return DailyHealthChecks::Machine{16LL << 30, memoryAvailable, load, 4};
        };
        p.diskSpace = [this](const QString &) { return std::pair(diskAvailable, 100LL << 30); };
        p.now = [this] { return now; };
        return p;
    }
};

Config configOf(const test::SampleState &state, bool withBackends)
{
    Config config =
        Config::fromSources(EnvFile::load(state.configPath()).value(), QProcessEnvironment());
    if (withBackends) {
        config.set(ConfigKey::EnableProxmoxApi, QStringLiteral("true"));
        config.set(ConfigKey::ProxmoxHost, QStringLiteral("pve1,pve2"));
        config.set(ConfigKey::EnableSsh, QStringLiteral("true"));
        config.set(ConfigKey::SshHost, QStringLiteral("pve1"));
    }
    return config;
}

DailyCheck named(const DailyHealthReport &report, const QString &name)
{
    for (const DailyCheck &check : report.checks()) {
        if (check.name == name)
            return check;
    }
    return {QStringLiteral("missing"), Status::Failed, name + QStringLiteral(" was not checked")};
}

} // namespace

class TestDailyHealthChecks final : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        m_state = std::make_unique<test::SampleState>(5);
        QVERIFY(m_state->isValid());
        QVERIFY(BackupOperations(configOf(*m_state, false), m_state->configPath()).create().ok());
    }

    void cleanup() { m_state.reset(); }

    void aHealthyDeploymentIsAllOk()
    {
        World world;
        recordAuthFailures(world.now, 3);
        const DailyHealthReport report =
            DailyHealthChecks::run(configOf(*m_state, true), world.probes());
        for (const DailyCheck &check : report.checks())
            QVERIFY2(check.status == Status::Ok,
                     qPrintable(check.name + QStringLiteral(": ") + check.sentence));
        QCOMPARE(report.exitCode(), 0);
        const QStringList expected{
            QStringLiteral("service"),  QStringLiteral("auth"),    QStringLiteral("memory"),
            QStringLiteral("disk"),     QStringLiteral("load"),    QStringLiteral("audit"),
            QStringLiteral("refusals"), QStringLiteral("ssh_key"), QStringLiteral("api_token"),
            QStringLiteral("backup"),   QStringLiteral("proxmox"), QStringLiteral("ssh"),
            QStringLiteral("sudoers")};
        QStringList names;
        for (const DailyCheck &check : report.checks())
            names.append(check.name);
        QCOMPARE(names, expected);
        QVERIFY(named(report, QStringLiteral("audit"))
                    .sentence.contains(QStringLiteral("5 entries verified")));
        QVERIFY(
            named(report, QStringLiteral("auth")).sentence.startsWith(QStringLiteral("3 failed")));
        QVERIFY(
            named(report, QStringLiteral("backup")).sentence.contains(QStringLiteral("verified")));
        QCOMPARE(world.sshCommands, QStringList{QStringLiteral("sudo -n visudo -c")});
    }

    // Each row changes one thing of the healthy world or state; that check gets the verdict.
    void oneProblemGivesItsVerdict_data()
    {
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QString>("check");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("words");
        QTest::newRow("daemon down") << "down"
                                     << "service" << int(Status::Failed) << "nothing answers";
        QTest::newRow("daemon degraded") << "degraded"
                                         << "service" << int(Status::Warning) << "clients warn";
        QTest::newRow("low memory") << "memory"
                                    << "memory" << int(Status::Warning) << "available";
        QTest::newRow("disk nearly full") << "disk"
                                          << "disk" << int(Status::Failed) << "50 MiB free";
        QTest::newRow("overloaded") << "load"
                                    << "load" << int(Status::Failed) << "load average 20.00";
        QTest::newRow("audit edited") << "audit"
                                      << "audit" << int(Status::Failed) << "line 2";
        QTest::newRow("no backup") << "no-backup"
                                   << "backup" << int(Status::Warning) << "no backup";
        QTest::newRow("old backup") << "old-backup"
                                    << "backup" << int(Status::Warning) << "days old";
        QTest::newRow("bad backup") << "bad-backup"
                                    << "backup" << int(Status::Failed) << "does not verify";
        QTest::newRow("old key") << "old-key"
                                 << "ssh_key" << int(Status::Warning) << "rotate it";
        QTest::newRow("old token") << "old-token"
                                   << "api_token" << int(Status::Warning) << "91 days old";
        QTest::newRow("token age unknown") << "new-token"
                                           << "api_token" << int(Status::Ok) << "unknown";
        QTest::newRow("key missing") << "no-key"
                                     << "ssh_key" << int(Status::Failed) << "missing";
        QTest::newRow("one node down") << "pve2"
                                       << "proxmox" << int(Status::Warning) << "pve2";
        QTest::newRow("all nodes down") << "pve-all"
                                        << "proxmox" << int(Status::Failed) << "pve1";
        QTest::newRow("ssh down") << "ssh"
                                  << "ssh" << int(Status::Failed) << "no SSH server";
        QTest::newRow("sudoers broken") << "sudoers"
                                        << "sudoers" << int(Status::Failed) << "parse error";
        QTest::newRow("many auth failures") << "auth"
                                            << "auth" << int(Status::Warning) << "250 failed";
    }

    void oneProblemGivesItsVerdict()
    {
        QFETCH(QString, problem);
        QFETCH(QString, check);
        QFETCH(int, status);
        QFETCH(QString, words);
        World world;
        const QDir state(m_state->stateDir());
        if (problem == QLatin1String("down"))
            world.daemonUp = false;
        if (problem == QLatin1String("degraded"))
            world.health =
                QStringLiteral(R"({"status":"degraded","checks":{"clients":{"status":"warn"}}})");
        if (problem == QLatin1String("memory"))
            world.memoryAvailable = 1LL << 30;
        if (problem == QLatin1String("disk"))
            world.diskAvailable = 50LL << 20;
        if (problem == QLatin1String("load"))
            world.load = 20;
        if (problem == QLatin1String("audit")) {
            QFile file(state.filePath(QStringLiteral("audit/audit-000001.jsonl")));
            QVERIFY(file.open(QIODevice::ReadOnly));
            QByteArray content = file.readAll();
            file.close();
            const qsizetype second = content.indexOf('\n') + 1;
            content.replace(content.indexOf("list_vms", second), 8, "stop_vm!");
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(content);
        }
        const BackupStore store(m_state->backupDir());
        if (problem == QLatin1String("no-backup"))
            QVERIFY(QFile::remove(store.list().first().path));
        if (problem == QLatin1String("old-backup"))
            world.now = world.now.addDays(3);
        if (problem == QLatin1String("bad-backup")) {
            BackupCheck bad;
            bad.reason = QStringLiteral("cut short");
            store.recordVerification(store.list().first().path, bad);
        }
        if (problem == QLatin1String("old-key"))
            world.now = world.now.addDays(91); // ROTATION_DAYS: 90 by default
        if (problem == QLatin1String("no-key"))
            QVERIFY(QFile::remove(m_state->keyPath()));
        if (problem == QLatin1String("pve2"))
            world.downHosts = {QStringLiteral("pve2")};
        if (problem == QLatin1String("pve-all") || problem == QLatin1String("ssh"))
            world.downHosts = {QStringLiteral("pve1"), QStringLiteral("pve2")};
        if (problem == QLatin1String("sudoers")) {
            world.visudo.status = CommandResult::Status::NonZeroExit;
            world.visudo.exitStatus = 1;
            world.visudo.stderrData =
                ">>> /etc/sudoers.d/claude-user: syntax error near line 3 <<<\nparse error in "
                "/etc/sudoers.d/claude-user near line 3\n";
        }
        if (problem == QLatin1String("auth"))
            recordAuthFailures(world.now, 250);
        Config config = configOf(*m_state, true);
        if (problem.endsWith(QLatin1String("-token"))) {
            config.set(ConfigKey::ProxmoxUser, QStringLiteral("mcp@pve"));
            config.set(ConfigKey::ProxmoxTokenName, QStringLiteral("mcp-1"));
        }
        if (problem == QLatin1String("old-token"))
            QVERIFY(RotationRecord(m_state->stateDir())
                        .recordApiToken(QStringLiteral("mcp@pve!mcp-1"), world.now.addDays(-91))
                        .ok());
        const DailyHealthReport report = DailyHealthChecks::run(config, world.probes());
        const DailyCheck found = named(report, check);
        QVERIFY2(int(found.status) == status,
                 qPrintable(found.name + QStringLiteral(": ") + found.sentence));
        QVERIFY2(found.sentence.contains(words), qPrintable(found.sentence));
        QCOMPARE(report.exitCode(), int(report.worst()));
        QVERIFY(report.exitCode() >= status);
    }

    void refusedCommandsOfTheLastDayAreCounted()
    {
        AuditLog log(AuditLog::directoryIn(m_state->stateDir()),
                     AuditLog::keyPathIn(m_state->stateDir()));
        QVERIFY(log.open().ok());
        for (int i = 0; i < 12; ++i) {
            AuditEntry entry;
            entry.client = QStringLiteral("bob");
            entry.tool = QStringLiteral("execute_command");
            entry.decision = QStringLiteral("denied:core-rm-root");
            entry.outcome = QStringLiteral("denied");
            QVERIFY(log.append(entry).ok());
        }
        log.sync();
        World world;
        const DailyCheck now =
            named(DailyHealthChecks::run(configOf(*m_state, false), world.probes()),
                  QStringLiteral("refusals"));
        QCOMPARE(now.status, Status::Warning);
        QVERIFY2(now.sentence.startsWith(QStringLiteral("12 command(s) refused")),
                 qPrintable(now.sentence));
        QVERIFY(now.sentence.contains(QStringLiteral("core-rm-root by bob")));
        world.now = world.now.addDays(2); // two days later they are out of the window
        const DailyCheck later =
            named(DailyHealthChecks::run(configOf(*m_state, false), world.probes()),
                  QStringLiteral("refusals"));
        QCOMPARE(later.status, Status::Ok);
        QCOMPARE(later.sentence, QStringLiteral("no command was refused in the last 24 h"));
    }

    void withoutBackendsNothingIsDialled()
    {
        World world;
        const DailyHealthReport report =
            DailyHealthChecks::run(configOf(*m_state, false), world.probes());
        QVERIFY(world.sshCommands.isEmpty());
        QCOMPARE(named(report, QStringLiteral("proxmox")).status, Status::Ok);
        QCOMPARE(named(report, QStringLiteral("sudoers")).sentence,
                 QStringLiteral("SSH is off: no sudoers to check"));
    }

    // The daemon's hourly counts in STATE_DIR: what a restart kept, and only the last 24 h.
    void authFailuresOfTheLastDayAreCounted()
    {
        World world;
        QCOMPARE(named(DailyHealthChecks::run(configOf(*m_state, false), world.probes()),
                       QStringLiteral("auth"))
                     .sentence,
                 QStringLiteral("no failed authentication in the last 24 h"));
        recordAuthFailures(world.now.addSecs(-30 * 3600), 100); // yesterday's, before that
        recordAuthFailures(world.now.addSecs(-5 * 3600), 15);
        recordAuthFailures(world.now, 10);
        const DailyCheck now =
            named(DailyHealthChecks::run(configOf(*m_state, false), world.probes()),
                  QStringLiteral("auth"));
        QCOMPARE(now.status, Status::Warning); // 25, more than 20
        QVERIFY2(now.sentence.startsWith(QStringLiteral("25 failed authentication(s) in the last "
                                                        "24 h")),
                 qPrintable(now.sentence));
        world.now = world.now.addSecs(20 * 3600); // the 15 are out of the window, the 10 are not
        const DailyCheck later =
            named(DailyHealthChecks::run(configOf(*m_state, false), world.probes()),
                  QStringLiteral("auth"));
        QCOMPARE(later.status, Status::Ok);
        QVERIFY2(later.sentence.startsWith(QStringLiteral("10 failed")),
                 qPrintable(later.sentence));

        QFile damaged(AuthFailureHistory(m_state->stateDir()).path());
        QVERIFY(damaged.open(QIODevice::WriteOnly | QIODevice::Truncate));
        damaged.write("not json");
        damaged.close();
        const DailyCheck unreadable =
            named(DailyHealthChecks::run(configOf(*m_state, false), world.probes()),
                  QStringLiteral("auth"));
        QCOMPARE(unreadable.status, Status::Warning);
        QVERIFY(unreadable.sentence.contains(QStringLiteral("not counted")));
    }

    // visudo -c over a real SSH login to the loopback sshd of the SSH tests, on a throwaway
    // sudoers file (the machine's own is not the test's to break): a valid file, then a broken
    // one.
    void sudoersAreCheckedWithVisudoOverSsh()
    {
        if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
            QSKIP("OpenSSH server (/usr/sbin/sshd) is not installed");
        if (!QFile::exists(QStringLiteral("/usr/sbin/visudo")))
            QSKIP("visudo (Debian's sudo) is not installed");
        LoopbackSshd sshd;
        QVERIFY2(sshd.start(), qPrintable(sshd.error()));
        QVERIFY(sshd.addClientKey(QStringLiteral("id_ed25519"), QStringLiteral("ed25519")));
        Config config = configOf(*m_state, false);
        config.set(ConfigKey::EnableSsh, QStringLiteral("true"));
        config.set(ConfigKey::SshHost, QStringLiteral("127.0.0.1"));
        config.set(ConfigKey::SshPort, QString::number(sshd.port()));
        config.set(ConfigKey::SshUser, LoopbackSshd::userName());
        config.set(ConfigKey::SshKeyPath, sshd.path(QStringLiteral("id_ed25519")));
        config.set(ConfigKey::SshHostKeyFingerprint, sshd.hostKeyFingerprint());
        DailyHealthChecks::Probes probes = DailyHealthChecks::systemProbes(5000);
        probes.sudoersFile = sshd.path(QStringLiteral("sudoers-proxmox-mcp"));
        const auto write = [&](const QByteArray &text) {
            QFile file(probes.sudoersFile);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(text);
            file.close();
            QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::ReadGroup));
        };

        write("claude-user ALL=(root) NOPASSWD: /usr/sbin/qm list\n");
        DailyHealthReport report = DailyHealthChecks::run(config, probes);
        QCOMPARE(named(report, QStringLiteral("ssh")).status, Status::Ok);
        DailyCheck sudoers = named(report, QStringLiteral("sudoers"));
        QVERIFY2(sudoers.status == Status::Ok, qPrintable(sudoers.sentence));
        QVERIFY2(sudoers.sentence.contains(QStringLiteral("is valid (visudo -c)")),
                 qPrintable(sudoers.sentence));

        write("claude-user ALL=(root NOPASSWD /usr/sbin/qm list\n");
        report = DailyHealthChecks::run(config, probes);
        sudoers = named(report, QStringLiteral("sudoers"));
        QVERIFY2(sudoers.status == Status::Failed, qPrintable(sudoers.sentence));
        QVERIFY2(sudoers.sentence.contains(QStringLiteral("finds an error")),
                 qPrintable(sudoers.sentence));
        QCOMPARE(report.exitCode(), 2);

        // A path that would not survive a command line is not put on one.
        probes.sudoersFile = QStringLiteral("/etc/sudoers.d/it's");
        sudoers = named(DailyHealthChecks::run(config, probes), QStringLiteral("sudoers"));
        QCOMPARE(sudoers.status, Status::Warning);
        QVERIFY(sudoers.sentence.contains(QStringLiteral("was not checked")));
    }

private:
    void recordAuthFailures(const QDateTime &when, qint64 count)
    {
        AuthFailureHistory history(m_state->stateDir(), [when] { return when; });
        QVERIFY(history.load().ok());
        history.record(count);
        QVERIFY(history.save().ok());
    }

    std::unique_ptr<test::SampleState> m_state;
};

QTEST_GUILESS_MAIN(TestDailyHealthChecks)
#include "TestDailyHealthChecks.moc"
