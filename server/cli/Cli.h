#pragma once

#include <QStringList>
#include <QTextStream>

#include <optional>

namespace pmcp {

class Config;

// proxmox-mcpd's command line: parses the subcommand and its options, runs it, and returns
// the process exit code. Output goes to the given streams so that tests can read it.
class Cli final {
public:
    Cli(QTextStream &out, QTextStream &err);

    // arguments without the program name, e.g. {"clients", "create", "laptop"}
    int run(QStringList arguments);

    static QString defaultConfigPath();
    static QString usage();
    static QString usage(const QString &subcommand);

private:
    int serve(const QStringList &arguments);
    int stdio(const QStringList &arguments);
    int checkConfig(const QStringList &arguments);
    int clients(const QStringList &arguments);
    int help(const QStringList &arguments);
    // Takes --config FILE (or --config=FILE) out of the arguments; the default path when the
    // option is absent, nothing when it is given without a FILE.
    std::optional<QString> takeConfigPath(QStringList &arguments);
    bool loadConfig(const QString &path, bool requireValid, Config &config);
    int fail(const QString &message, int code = 2);

    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace pmcp
