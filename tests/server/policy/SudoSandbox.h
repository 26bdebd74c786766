#pragma once

#include "shared/core/Result.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QList>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <unistd.h>

namespace pmcp {

// Asks the real sudo whether a user may run commands under a given sudoers text, without
// touching the machine: in a private mount namespace (unshare -m, as root) copies of
// /etc/passwd, /etc/group and /etc/shadow with a throwaway user and the sudoers text are
// bind-mounted over the originals, and stub programs are overlaid on /usr/sbin and /usr/bin so
// that every command exists. `sudo -l -U USER COMMAND` then exits 0 exactly when sudo's own
// matching allows it.
class SudoSandbox final {
public:
    // Empty when usable; otherwise why not (for QSKIP).
    static QString unavailableReason()
    {
        if (::geteuid() != 0)
            return QStringLiteral("needs root for unshare -m and bind mounts");
        for (const auto &tool :
             {QStringLiteral("unshare"), QStringLiteral("sudo"), QStringLiteral("mount")}) {
            if (QStandardPaths::findExecutable(tool).isEmpty())
                return QStringLiteral("%1 is not installed").arg(tool);
        }
        return {};
    }

    // For each command (absolute path and arguments, split at spaces): allowed or not.
    static Result<QList<bool>> check(const QString &sudoers, const QString &user,
                                     const QStringList &commands)
    {
        QTemporaryDir dir;
        if (!dir.isValid())
            return Error::internal(QStringLiteral("no temporary folder"));
        const QString base = dir.path();
        if (!writeIdentities(base, user) || !write(base + QStringLiteral("/sudoers"),
                                                   "root ALL=(ALL:ALL) ALL\n" + sudoers.toUtf8()))
            return Error::internal(QStringLiteral("cannot write the sandbox files"));
        QFile::setPermissions(base + QStringLiteral("/sudoers"),
                              QFileDevice::ReadOwner | QFileDevice::ReadGroup);
        for (const auto &command : commands) {
            const QString program = command.section(QLatin1Char(' '), 0, 0);
            const QString stubDir =
                base + (program.startsWith(QLatin1String("/usr/sbin/")) ? QStringLiteral("/sbin")
                                                                        : QStringLiteral("/bin"));
            QDir().mkpath(stubDir);
            const QString stub = stubDir + QLatin1Char('/') + QFileInfo(program).fileName();
            write(stub, "#!/bin/sh\nexit 0\n");
            QFile::setPermissions(stub, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                            QFileDevice::ExeOwner | QFileDevice::ExeOther);
        }
        QDir().mkpath(base + QStringLiteral("/sbin"));
        QDir().mkpath(base + QStringLiteral("/bin"));
        write(base + QStringLiteral("/commands"), commands.join(QLatin1Char('\n')).toUtf8() + '\n');

        const QString script = QStringLiteral(
            "set -ef; B=\"$1\"; U=\"$2\"\n"
            "for f in passwd group shadow sudoers; do mount --bind \"$B/$f\" /etc/$f; done\n"
            "mount -t overlay overlay -o lowerdir=\"$B/sbin\":/usr/sbin /usr/sbin\n"
            "mount -t overlay overlay -o lowerdir=\"$B/bin\":/usr/bin /usr/bin\n"
            "while IFS= read -r line; do\n"
            "  if sudo -n -l -U \"$U\" $line >/dev/null 2>&1; then echo 0; else echo 1; fi\n"
            "done < \"$B/commands\"\n");
        QProcess process;
        process.start(QStringLiteral("unshare"),
                      {QStringLiteral("--mount"), QStringLiteral("--propagation"),
                       QStringLiteral("private"), QStringLiteral("sh"), QStringLiteral("-c"),
                       script, QStringLiteral("sandbox"), base, user});
        if (!process.waitForFinished(120000) || process.exitCode() != 0)
            return Error::internal(QStringLiteral("the sudo sandbox failed: %1")
                                       .arg(QString::fromUtf8(process.readAllStandardError())));
        const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
        if (lines.size() != commands.size())
            return Error::internal(QStringLiteral("the sudo sandbox answered %1 of %2 commands")
                                       .arg(lines.size())
                                       .arg(commands.size()));
        QList<bool> allowed;
        for (const auto &line : lines)
            allowed.append(line == "0");
        return allowed;
    }

private:
    static bool write(const QString &path, const QByteArray &content)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
               file.write(content) == content.size();
    }

    static bool append(const QString &from, const QString &to, const QByteArray &extra)
    {
        QFile source(from);
        if (!source.open(QIODevice::ReadOnly))
            return false;
        return write(to, source.readAll() + extra);
    }

    static bool writeIdentities(const QString &base, const QString &user)
    {
        const QByteArray name = user.toUtf8();
        return append(QStringLiteral("/etc/passwd"), base + QStringLiteral("/passwd"),
                      name + ":x:64123:64123::/nonexistent:/usr/sbin/nologin\n") &&
               append(QStringLiteral("/etc/group"), base + QStringLiteral("/group"),
                      name + ":x:64123:\n") &&
               append(QStringLiteral("/etc/shadow"), base + QStringLiteral("/shadow"),
                      name + ":!:19000::::::\n");
    }
};

} // namespace pmcp
