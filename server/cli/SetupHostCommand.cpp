#include "server/cli/SetupHostCommand.h"

#include "server/app/CommandBackend.h"
#include "server/app/HostSetup.h"
#include "server/app/HostSetupPlan.h"
#include "server/cli/ConfigLoader.h"
#include "server/exec/LocalExecutor.h"
#include "server/policy/CommandPolicy.h"
#include "server/policy/SudoersGenerator.h"
#include "server/ssh/HostKeyTrust.h"
#include "server/ssh/SshConfig.h"
#include "server/ssh/SshExecutor.h"
#include "shared/config/Config.h"
#include "shared/core/AtomicFile.h"

#include <QFile>
#include <QTemporaryDir>

#include <memory>

namespace pmcp {

QString SetupHostCommand::summary() const
{
    return QStringLiteral("prepare the Proxmox host: restricted SSH user, key, sudoers, host key");
}

QString SetupHostCommand::usage() const
{
    return QStringLiteral(
        "Usage: proxmox-mcpd setup-host [--config FILE] [--host HOST] [--port N]\n"
        "                               [--login root] --identity KEY [--from ADDRESS]\n"
        "                               [--fingerprint SHA256:... | --yes] [--dry-run] [--undo]\n"
        "       proxmox-mcpd setup-host --local [--config FILE] [--from ADDRESS] [--dry-run] "
        "[--undo]\n"
        "Over SSH as root (KEY: root's private key; HOST and N default to SSH_HOST and\n"
        "SSH_PORT), or on this machine as root with --local, it makes what the daemon needs on\n"
        "the Proxmox host, and reports each step:\n"
        "  host key  trusts the host's key in SSH_KNOWN_HOSTS (the fingerprint must equal\n"
        "            --fingerprint, or --yes accepts the one shown; not with --local)\n"
        "  user      creates SSH_USER (useradd, a home, /bin/bash)\n"
        "  key       adds SSH_KEY_PATH.pub to its authorized_keys, with from=ADDRESS when given\n"
        "            and no forwarding\n"
        "  sudoers   installs the file `proxmox-mcpd sudoers` prints as\n"
        "            /etc/sudoers.d/proxmox-mcp (0440), after `visudo -c` accepted it\n"
        "A step already in place is left alone: a second run changes nothing. --dry-run only\n"
        "checks and says what would change. --undo removes what setup-host added: the sudoers\n"
        "file it wrote, the key line, the user if setup-host created it, the host key entry.\n"
        "--root DIR works on a copy of a host's files in DIR instead (useradd --prefix).\n"
        "Exit 0 when every step is in place (or would be), 1 at the first failed step.\n");
}

QList<QCommandLineOption> SetupHostCommand::options() const
{
    return {
        QCommandLineOption(QStringLiteral("host"), QString(), QStringLiteral("HOST")),
        QCommandLineOption(QStringLiteral("port"), QString(), QStringLiteral("N")),
        QCommandLineOption(QStringLiteral("login"), QString(), QStringLiteral("root")),
        QCommandLineOption(QStringLiteral("identity"), QString(), QStringLiteral("KEY")),
        QCommandLineOption(QStringLiteral("from"), QString(), QStringLiteral("ADDRESS")),
        QCommandLineOption(QStringLiteral("fingerprint"), QString(), QStringLiteral("SHA256:...")),
        QCommandLineOption(QStringLiteral("root"), QString(), QStringLiteral("DIR")),
        QCommandLineOption(QStringLiteral("yes")),
        QCommandLineOption(QStringLiteral("local")),
        QCommandLineOption(QStringLiteral("dry-run")),
        QCommandLineOption(QStringLiteral("undo"))};
}

void SetupHostCommand::report(const QString &name, const QString &summary, const QString &state)
{
    out() << QStringLiteral("%1 %2: %3").arg(name, -9).arg(summary, state) << Qt::endl;
}

namespace {

Result<QByteArray> readFile(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return QByteArray();
    if (!file.open(QIODevice::ReadOnly))
        return Error::internal(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    return file.readAll();
}

} // namespace

bool SetupHostCommand::trustHostKey(const Target &target, const Arguments &arguments, bool dryRun,
                                    QTemporaryDir *scratch, QString *loginKnownHosts, bool forUndo)
{
    const QString name = QStringLiteral("host key");
    const QString where =
        QStringLiteral("%1:%2 in %3").arg(target.host).arg(target.port).arg(target.knownHosts);
    const auto fingerprint = HostKeyTrust::fetchFingerprint(target.host, target.port);
    if (!fingerprint.ok()) {
        report(name, where, QStringLiteral("FAILED: ") + fingerprint.error().message);
        return false;
    }
    const QString summary = where + QStringLiteral(" (%1)").arg(fingerprint.value());
    // Whether it is trusted already: the same trust applied to a copy changes nothing.
    const auto before = readFile(target.knownHosts);
    const QString copy = scratch->filePath(QStringLiteral("known_hosts"));
    if (!before.ok() || !scratch->isValid() ||
        !AtomicFile::write(copy, before.value(), QFileDevice::ReadOwner | QFileDevice::WriteOwner)
             .ok()) {
        report(name, summary, QStringLiteral("FAILED: cannot read %1").arg(target.knownHosts));
        return false;
    }
    const auto onCopy = HostKeyTrust::trust(target.host, target.port, copy, fingerprint.value());
    if (onCopy.ok() && readFile(copy).value() == before.value()) {
        if (!forUndo)
            report(name, summary, HostSetup::stateName(HostSetup::Outcome::State::Unchanged));
        return true;
    }
    const QString expected = arguments.options.value(QStringLiteral("fingerprint"));
    if (!expected.isEmpty()) {
        const auto wanted = SshFingerprint::parse(expected);
        const auto got = SshFingerprint::parse(fingerprint.value());
        if (!wanted.ok() || !got.ok() || wanted.value() != got.value()) {
            report(name, summary,
                   QStringLiteral("FAILED: the host presents another key than --fingerprint %1")
                       .arg(expected));
            return false;
        }
    } else if (!arguments.options.isSet(QStringLiteral("yes")) && !dryRun) {
        report(name, summary,
               QStringLiteral("FAILED: compare it with `ssh-keygen -lf "
                              "/etc/ssh/ssh_host_ed25519_key.pub` on the host, then run again "
                              "with --fingerprint %1 (or --yes)")
                   .arg(fingerprint.value()));
        return false;
    }
    if (dryRun) {
        if (!forUndo)
            report(name, summary, HostSetup::stateName(HostSetup::Outcome::State::WouldDo));
        if (onCopy.ok())
            *loginKnownHosts = copy;
        return onCopy.ok();
    }
    const auto trusted =
        HostKeyTrust::trust(target.host, target.port, target.knownHosts, fingerprint.value());
    if (!trusted.ok()) {
        report(name, summary, QStringLiteral("FAILED: ") + trusted.error().message);
        return false;
    }
    report(name, summary, HostSetup::stateName(HostSetup::Outcome::State::Done));
    return true;
}

bool SetupHostCommand::untrustHostKey(const Target &target, bool dryRun)
{
    const QString name = QStringLiteral("host key");
    const QString summary =
        QStringLiteral("%1:%2 in %3").arg(target.host).arg(target.port).arg(target.knownHosts);
    const auto before = readFile(target.knownHosts);
    if (!before.ok()) {
        report(name, summary, QStringLiteral("FAILED: ") + before.error().message);
        return false;
    }
    const QByteArray prefix = HostKeyTrust::hostPattern(target.host, target.port).toUtf8() + ' ';
    QList<QByteArray> kept;
    bool found = false;
    for (const QByteArray &line : before.value().split('\n')) {
        if (line.startsWith(prefix))
            found = true;
        else
            kept.append(line);
    }
    if (!found) {
        report(name, summary, HostSetup::stateName(HostSetup::Outcome::State::NothingToUndo));
        return true;
    }
    if (dryRun) {
        report(name, summary, HostSetup::stateName(HostSetup::Outcome::State::WouldUndo));
        return true;
    }
    const auto written = AtomicFile::write(target.knownHosts, kept.join('\n'),
                                           QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!written.ok()) {
        report(name, summary, QStringLiteral("FAILED: ") + written.error().message);
        return false;
    }
    report(name, summary, HostSetup::stateName(HostSetup::Outcome::State::Undone));
    return true;
}

int SetupHostCommand::execute(const Arguments &arguments)
{
    if (!arguments.positional.isEmpty())
        return unexpectedArgument(arguments.positional.first());
    const auto &options = arguments.options;
    const bool local = options.isSet(QStringLiteral("local"));
    const bool dryRun = options.isSet(QStringLiteral("dry-run"));
    const bool undo = options.isSet(QStringLiteral("undo"));
    if (!local && !options.isSet(QStringLiteral("identity")))
        return usageError(QStringLiteral("--identity KEY (root's SSH key for the host) or --local "
                                         "is required"));
    const auto loaded = ConfigLoader(err()).load(arguments.configPath, ConfigLoader::Check::Exists);
    if (!loaded.ok())
        return fail(loaded.error().message, 1);
    const Config &config = loaded.value();
    const SshConfig ssh = SshConfig::fromConfig(config);

    HostSetupPlan::Inputs inputs;
    inputs.user = config.string(ConfigKey::SshUser);
    inputs.fromAddress = options.value(QStringLiteral("from"));
    inputs.root = options.value(QStringLiteral("root"));
    {
        if (ssh.keyPath.isEmpty())
            return fail(QStringLiteral("SSH_KEY_PATH is not set: make the daemon's key with "
                                       "ssh-keygen -t ed25519 -N '' -f PATH and set it"),
                        1);
        const auto publicKey = readFile(ssh.keyPath + QStringLiteral(".pub"));
        if (!publicKey.ok() || publicKey.value().isEmpty())
            return fail(QStringLiteral("no public key at %1.pub (ssh-keygen -y -f %1 > %1.pub)")
                            .arg(ssh.keyPath),
                        1);
        inputs.publicKey = QString::fromUtf8(publicKey.value()).trimmed();
    }
    const auto policy = CommandBackend::policyFromConfig(config);
    if (!policy.ok())
        return fail(policy.error().message, 1);
    const auto sudoers =
        SudoersGenerator(*policy.value(), config.boolean(ConfigKey::EnableDangerousCommands))
            .generate(inputs.user);
    if (!sudoers.ok())
        return fail(sudoers.error().message, 1);
    inputs.sudoers = sudoers.value();
    const auto steps = HostSetupPlan::make(inputs);
    if (!steps.ok())
        return fail(steps.error().message, 1);

    Target target;
    target.host =
        options.isSet(QStringLiteral("host")) ? options.value(QStringLiteral("host")) : ssh.host;
    target.port = ssh.port;
    if (options.isSet(QStringLiteral("port"))) {
        bool ok = false;
        const uint port = options.value(QStringLiteral("port")).toUInt(&ok);
        if (!ok || port == 0 || port > 65535)
            return usageError(QStringLiteral("--port: not a port number"));
        target.port = quint16(port);
    }
    target.knownHosts = ssh.knownHostsPath;
    if (!local && target.host.isEmpty())
        return usageError(QStringLiteral("no host: give --host or set SSH_HOST"));

    std::unique_ptr<CommandExecutor> executor;
    if (local) {
        executor = std::make_unique<LocalExecutor>();
    } else {
        // The host key first: the root login below checks it strictly. A dry run trusts nothing:
        // its checks (which change nothing) log in with the key shown, in a scratch copy.
        QString loginKnownHosts = target.knownHosts;
        // An undo after the entry is gone (a second undo) logs in as a dry run does: with the
        // key shown, once --fingerprint or --yes confirms it.
        if (!trustHostKey(target, arguments, dryRun || undo, &m_scratch, &loginKnownHosts, undo))
            return 1;
        SshConfig root;
        root.host = target.host;
        root.port = target.port;
        root.user = options.isSet(QStringLiteral("login")) ? options.value(QStringLiteral("login"))
                                                           : QStringLiteral("root");
        root.keyPath = options.value(QStringLiteral("identity"));
        root.knownHostsPath = loginKnownHosts;
        executor = std::make_unique<SshExecutor>(root);
    }
    const HostSetup::Mode mode =
        undo ? (dryRun ? HostSetup::Mode::UndoDryRun : HostSetup::Mode::Undo)
             : (dryRun ? HostSetup::Mode::DryRun : HostSetup::Mode::Apply);
    bool ok = true;
    for (const HostSetup::Outcome &outcome : HostSetup(*executor).run(steps.value(), mode)) {
        const QString state = outcome.state == HostSetup::Outcome::State::Failed
                                  ? QStringLiteral("FAILED: ") + outcome.error
                                  : HostSetup::stateName(outcome.state);
        report(outcome.name, outcome.summary, state);
        ok = ok && outcome.state != HostSetup::Outcome::State::Failed;
    }
    if (ok && undo && !local)
        ok = untrustHostKey(target, dryRun);
    return ok ? 0 : 1;
}

} // namespace pmcp
