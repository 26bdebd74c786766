#pragma once

#include "server/exec/CommandExecutor.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <optional>

namespace pmcp {

class PveSimulator;

// The demo's shell on one simulated Proxmox node: runs simple commands (qm, pct, pvesh, pvesm,
// pvecm, pveversion, uptime, df, free, hostname, echo) against the simulator, through its own
// API handlers so that the shell and the REST API show one state, and prints what the real
// tools print. `pct exec VMID -- CMD` runs CMD in a simulated container (SimContainerShell);
// pipes into grep, head, tail, wc and sort work (SimShellFilters). Lists, redirections,
// substitutions, variables and globs are refused with a message naming what is not supported.
class SimShell final : public QObject, public CommandExecutor {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimShell)
public:
    explicit SimShell(PveSimulator *simulator, QString node = QStringLiteral("pve1"),
                      QObject *parent = nullptr);

    void run(const QString &commandLine, int timeoutMs, Callback callback) override;
    QString describe() const override;

    // The words of a simple command (quotes and backslashes removed), or nothing when the line
    // holds more than one: pipes, lists, redirections, substitutions, globs or variables.
    static std::optional<QStringList> splitSimple(const QString &commandLine);
    // The stages of a pipeline (`a | b | c`), each a simple command; nothing when a stage is not
    // simple or a stage is empty.
    static std::optional<QList<QStringList>> splitPipeline(const QString &commandLine);
    // What in a command line the demo shell does not run, in words: "redirections (<, >)".
    static QString unsupportedPart(const QString &commandLine);

private:
    struct Output {
        int exitStatus = 0;
        QByteArray out;
        QByteArray err;
        bool timedOut = false;
    };
    using Reply = std::function<void(Output)>;

    void execute(QStringList words, int timeoutMs, const Reply &reply);
    Output system(const QString &program, const QStringList &args);
    void guestCommand(const QString &type, const QStringList &args, int timeoutMs,
                      const Reply &reply);
    Output containerExec(const QStringList &args);
    Output guestQuery(const QString &type, const QString &verb, const QStringList &args);
    void pvesh(const QStringList &args, int timeoutMs, const Reply &reply);
    Output pvesm(const QStringList &args);
    Output pvecm(const QStringList &args);
    // Follows a worker in the foreground: its log on stdout, its error on stderr.
    void followTask(const QString &upid, int timeoutMs, QByteArray trailer, const Reply &reply);
    Output nodeStatusCommand(const std::function<QByteArray(const QJsonObject &)> &render);

    QPointer<PveSimulator> m_simulator;
    QString m_node;
};

} // namespace pmcp
