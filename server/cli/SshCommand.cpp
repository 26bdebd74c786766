#include "server/cli/SshCommand.h"

#include "server/cli/Cli.h"
#include "shared/config/Config.h"
#include "server/ssh/HostKeyTrust.h"
#include "server/ssh/SshConfig.h"

#include <QFileInfo>

#include <cstdio>

namespace pmcp {

SshCommand::SshCommand(QTextStream &out, QTextStream &err, QTextStream *in)
    : m_out(out)
    , m_err(err)
    , m_in(in)
{}

QString SshCommand::usage()
{
    return QStringLiteral(
        "Usage: proxmox-mcpd ssh trust [--config FILE] [--yes]\n"
        "Connects to SSH_HOST:SSH_PORT without logging in, prints the host key's SHA-256\n"
        "fingerprint and, after you confirm it (or with --yes), writes it to SSH_KNOWN_HOSTS\n"
        "(default STATE_DIR/known_hosts), replacing an older entry for that host. Compare the\n"
        "fingerprint with `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` on the host.\n");
}

int SshCommand::fail(const QString &message, int code)
{
    m_err << "proxmox-mcpd ssh: " << message << Qt::endl;
    return code;
}

int SshCommand::run(QStringList arguments)
{
    if (arguments.isEmpty() || arguments.takeFirst() != QLatin1String("trust"))
        return fail(QStringLiteral("ssh needs an action: trust\n\n") + usage(), 2);
    QString configPath = Cli::defaultConfigPath();
    bool assumeYes = false;
    while (!arguments.isEmpty()) {
        const QString option = arguments.takeFirst();
        if (option == QLatin1String("--yes") || option == QLatin1String("-y")) {
            assumeYes = true;
        } else if (option == QLatin1String("--config")) {
            if (arguments.isEmpty() || arguments.first().isEmpty())
                return fail(QStringLiteral("--config needs a FILE"), 2);
            configPath = arguments.takeFirst();
        } else if (option.startsWith(QLatin1String("--config="))) {
            configPath = option.mid(9);
            if (configPath.isEmpty())
                return fail(QStringLiteral("--config needs a FILE"), 2);
        } else {
            return fail(QStringLiteral("unexpected argument \"%1\"\n\n%2").arg(option, usage()), 2);
        }
    }
    return trust(configPath, assumeYes);
}

int SshCommand::trust(const QString &configPath, bool assumeYes)
{
    if (!QFileInfo::exists(configPath))
        return fail(QStringLiteral("cannot read the configuration %1").arg(configPath), 1);
    const SshConfig ssh = SshConfig::fromConfig(Config::load(configPath));
    if (ssh.host.isEmpty())
        return fail(QStringLiteral("SSH_HOST is not set in %1").arg(configPath), 1);
    const auto fingerprint = HostKeyTrust::fetchFingerprint(ssh.host, ssh.port);
    if (!fingerprint.ok())
        return fail(fingerprint.error().message, 1);
    m_out << "The SSH host key of " << ssh.host << ":" << ssh.port << " has the fingerprint\n  "
          << fingerprint.value() << "\n";
    if (!assumeYes) {
        m_out << "Trust it and write it to " << ssh.knownHostsPath << "? [y/N] " << Qt::flush;
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
    m_out << "Trusted: " << ssh.knownHostsPath << " now holds this key for "
          << HostKeyTrust::hostPattern(ssh.host, ssh.port) << "." << Qt::endl;
    return 0;
}

} // namespace pmcp
