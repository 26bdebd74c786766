#pragma once

#include "server/cli/Cli.h"

#include <QByteArray>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <optional>

// What TestCli needs around Cli: a run with captured output, and scoped environment variables.
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
