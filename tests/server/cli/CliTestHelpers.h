#pragma once

#include "server/cli/Cli.h"

#include <QByteArray>
#include <QFile>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QTextStream>

#include <optional>

// What the tests of server/cli need around Cli: a run with captured output, configuration files
// in a temporary folder, and scoped environment variables.
namespace pmcp::test {

struct Outcome {
    int code = -1;
    QString out;
    QString err;
};

inline Outcome runCli(const QStringList &arguments)
{
    Outcome outcome;
    {
        QTextStream out(&outcome.out);
        QTextStream err(&outcome.err);
        Cli cli(out, err);
        outcome.code = cli.run(arguments);
    }
    return outcome;
}

// The subcommands Cli registers, in its order.
inline QStringList registeredSubcommands()
{
    QString ignored;
    QTextStream out(&ignored);
    const Cli cli(out, out);
    QStringList names;
    for (const auto &command : cli.subcommands())
        names.append(command->name());
    return names;
}

// Writes dir/proxmox-mcp.env (readable by its owner only); its path, or "" on failure.
inline QString writeConfig(const QTemporaryDir &dir, const QString &content)
{
    const QString path = dir.filePath(QStringLiteral("proxmox-mcp.env"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(content.toUtf8());
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return path;
}

// A valid configuration with STATE_DIR=dir/state, no backends and the OS picking the port.
inline QString writeValidConfig(const QTemporaryDir &dir)
{
    return writeConfig(dir, QStringLiteral("STATE_DIR=%1\nMCP_PORT=0\nENABLE_PROXMOX_API=false\n"
                                           "ENABLE_SSH=false\n")
                                .arg(dir.filePath(QStringLiteral("state"))));
}

inline QString describe(const Outcome &outcome)
{
    return QStringLiteral("exit %1\n--- stdout\n%2--- stderr\n%3")
        .arg(outcome.code)
        .arg(outcome.out, outcome.err);
}

// Sets an environment variable for one scope and puts back what was there.
class EnvGuard final {
public:
    EnvGuard(const char *name, const QByteArray &value)
        : m_name(name)
    {
        if (qEnvironmentVariableIsSet(name))
            m_previous = qgetenv(name);
        qputenv(name, value);
    }
    ~EnvGuard()
    {
        if (m_previous)
            qputenv(m_name, *m_previous);
        else
            qunsetenv(m_name);
    }
    Q_DISABLE_COPY_MOVE(EnvGuard)

private:
    const char *m_name;
    std::optional<QByteArray> m_previous;
};

inline const QRegularExpression kToken(QStringLiteral("^pmcp_[A-Za-z0-9_-]{43}$"));

} // namespace pmcp::test
