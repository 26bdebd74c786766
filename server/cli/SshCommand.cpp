#include "server/cli/SshCommand.h"

#include "server/cli/ConfigLoader.h"
#include "server/ssh/HostKeyTrust.h"
#include "server/ssh/SshConfig.h"

#include <cstdio>

namespace pmcp {

SshCommand::SshCommand(QTextStream &out, QTextStream &err, QTextStream *in)
    : Subcommand(out, err)
    , m_in(in)
{}

QString SshCommand::summary() const
{
    return QStringLiteral("show the Proxmox host's SSH key fingerprint and trust it (ssh trust)");
}

QString SshCommand::usage() const
{
    return QStringLiteral(
        "Usage: proxmox-mcpd ssh trust [--config FILE] [--yes]\n"
        "Connects to SSH_HOST:SSH_PORT without logging in, prints the host key's SHA-256\n"
        "fingerprint and, after you confirm it (or with --yes), writes it to SSH_KNOWN_HOSTS\n"
        "(default STATE_DIR/known_hosts), replacing an older entry for that host. Compare the\n"
        "fingerprint with `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` on the host.\n");
}

QList<QCommandLineOption> SshCommand::options() const
{
    return {QCommandLineOption(QStringList{QStringLiteral("y"), QStringLiteral("yes")})};
}

int SshCommand::execute(const Arguments &arguments)
{
    const QStringList &rest = arguments.positional;
    if (rest.isEmpty() || rest.first() != QLatin1String("trust"))
        return fail(QStringLiteral("ssh needs an action: trust\n\n") + usage(), 2);
    if (rest.size() > 1)
        return unexpectedArgument(rest.at(1));
    return trust(arguments.configPath, arguments.options.isSet(QStringLiteral("yes")));
}

int SshCommand::trust(const QString &configPath, bool assumeYes)
{
    const auto config = ConfigLoader(err()).load(configPath, ConfigLoader::Check::Exists);
    if (!config.ok())
        return fail(config.error().message, 1);
    const SshConfig ssh = SshConfig::fromConfig(config.value());
    if (ssh.host.isEmpty())
        return fail(QStringLiteral("SSH_HOST is not set in %1").arg(configPath), 1);
    const auto fingerprint = HostKeyTrust::fetchFingerprint(ssh.host, ssh.port);
    if (!fingerprint.ok())
        return fail(fingerprint.error().message, 1);
    out() << "The SSH host key of " << ssh.host << ":" << ssh.port << " has the fingerprint\n  "
          << fingerprint.value() << "\n";
    if (!assumeYes) {
        out() << "Trust it and write it to " << ssh.knownHostsPath << "? [y/N] " << Qt::flush;
        QTextStream standardInput(stdin);
        QTextStream &in = m_in ? *m_in : standardInput;
        const QString answer = in.readLine().trimmed().toLower();
        if (answer != QLatin1String("y") && answer != QLatin1String("yes"))
            return fail(QStringLiteral("not trusted; nothing was written"), 1);
    }
    const auto trusted =
        HostKeyTrust::trust(ssh.host, ssh.port, ssh.knownHostsPath, fingerprint.value());
    if (!trusted.ok())
        return fail(trusted.error().message, 1);
    out() << "Trusted: " << ssh.knownHostsPath << " now holds this key for "
          << HostKeyTrust::hostPattern(ssh.host, ssh.port) << "." << Qt::endl;
    return 0;
}

} // namespace pmcp
