#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>

namespace pmcp {

// One `proxmox-mcpd SUBCOMMAND`: its name, summary, usage text and options, and what it does.
// run() parses every subcommand's command line the same way (QCommandLineParser): --help, the
// common --config FILE, and one shape for unknown options and missing values (exit 2).
class Subcommand {
public:
    // A parsed command line: the options, the arguments that are not options (an action
    // first, for subcommands that have actions), and the configuration file to use.
    struct Arguments {
        const QCommandLineParser &options;
        QStringList positional;
        QString configPath; // --config FILE, else $PMCP_CONFIG or the system-wide file
        bool configGiven = false;
    };

    Subcommand(QTextStream &out, QTextStream &err);
    virtual ~Subcommand() = default;
    Q_DISABLE_COPY_MOVE(Subcommand)

    virtual QString name() const = 0;
    // One line for the overview of `proxmox-mcpd --help`.
    virtual QString summary() const = 0;
    // What both `proxmox-mcpd help NAME` and `proxmox-mcpd NAME --help` print.
    virtual QString usage() const = 0;
    // Whether the common option --config FILE applies.
    virtual bool takesConfig() const { return true; }
    // The subcommand's own options, beyond --help and --config.
    virtual QList<QCommandLineOption> options() const { return {}; }

    // arguments: what follows the subcommand's name. Returns the process exit code.
    int run(const QStringList &arguments);

protected:
    virtual int execute(const Arguments &arguments) = 0;

    // "proxmox-mcpd NAME: message" on err; returns code.
    int fail(const QString &message, int code);
    // A mistake on the command line (exit 2), pointing at `proxmox-mcpd help NAME`.
    int usageError(const QString &message);
    int unexpectedArgument(const QString &argument);
    QTextStream &out() const { return m_out; }
    QTextStream &err() const { return m_err; }

private:
    int parseError(const QCommandLineParser &parser, const QStringList &arguments,
                   const QList<QCommandLineOption> &declared);

    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace pmcp
