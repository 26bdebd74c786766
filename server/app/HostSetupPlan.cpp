#include "server/app/HostSetupPlan.h"

#include "server/policy/SudoersGenerator.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace pmcp {

QString HostSetupPlan::shellQuote(const QString &text)
{
    QString quoted = text;
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}

QString HostSetupPlan::authorizedKeyLine(const Inputs &inputs)
{
    // No forwarding of any kind: the daemon only runs commands.
    QString options = QStringLiteral("no-agent-forwarding,no-port-forwarding,no-X11-forwarding");
    if (!inputs.fromAddress.isEmpty())
        options.prepend(QStringLiteral("from=\"%1\",").arg(inputs.fromAddress));
    return options + u' ' + inputs.publicKey.trimmed();
}

Result<QList<HostSetupStep>> HostSetupPlan::make(const Inputs &inputs)
{
    if (!SudoersGenerator::isValidUserName(inputs.user))
        return Error::invalid(
            QStringLiteral("SSH_USER: \"%1\" is not a user name").arg(inputs.user));
    static const QRegularExpression keyLine(QStringLiteral(
        "^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) [A-Za-z0-9+/=]+( [^\\n]*)?$"));
    if (!keyLine.match(inputs.publicKey.trimmed()).hasMatch())
        return Error::invalid(QStringLiteral("the daemon's public key is not one OpenSSH line"));
    if (!inputs.fromAddress.isEmpty()) {
        // An address or a CIDR range: what sshd's from= matches, and nothing a quote could end.
        const auto range = QHostAddress::parseSubnet(inputs.fromAddress);
        if (QHostAddress(inputs.fromAddress).isNull() && range.first.isNull())
            return Error::invalid(QStringLiteral("--from: %1 is not an address or CIDR range")
                                      .arg(inputs.fromAddress));
    }
    if (!inputs.root.isEmpty() && !inputs.root.startsWith(u'/'))
        return Error::invalid(QStringLiteral("--root must be an absolute path"));

    // Every command starts by naming its inputs, so that each one reads on its own.
    const QString prelude =
        QStringLiteral("R=%1; U=%2; ").arg(shellQuote(inputs.root), shellQuote(inputs.user));
    const QString home =
        QStringLiteral("H=$(awk -F: -v u=\"$U\" '$1 == u { print $6 }' \"$R/etc/passwd\"); ");
    const QString ids = QStringLiteral(
        "ID=$(awk -F: -v u=\"$U\" '$1 == u { print $3 \":\" $4 }' \"$R/etc/passwd\"); ");
    const QString marker = QStringLiteral("M=\"$R%1/created-user-$U\"; ").arg(markerFolder());
    QList<HostSetupStep> steps;

    HostSetupStep user;
    user.name = QStringLiteral("user");
    user.summary = QStringLiteral("the restricted user %1").arg(inputs.user);
    user.check = prelude + QStringLiteral("grep -q \"^$U:\" \"$R/etc/passwd\"");
    user.apply = prelude + marker +
                 QStringLiteral("useradd ${R:+--prefix \"$R\"} --user-group --create-home "
                                "--shell /bin/bash --comment 'proxmox-mcp restricted user' \"$U\" "
                                "&& mkdir -p \"${M%/*}\" && touch \"$M\"");
    // Only a user this command created is deleted, with its home.
    user.undoCheck = prelude + marker + QStringLiteral("[ -e \"$M\" ]");
    user.undo =
        prelude + marker +
        // userdel leaves the user's own group where login.defs does not say USERGROUPS_ENAB.
        QStringLiteral("userdel ${R:+--prefix \"$R\"} --remove \"$U\" 2>/dev/null; "
                       "if grep -q \"^$U:\" \"$R/etc/group\"; then "
                       "groupdel ${R:+--prefix \"$R\"} \"$U\"; fi; "
                       "if grep -q \"^$U:\" \"$R/etc/passwd\"; then exit 1; fi; rm -f \"$M\"");
    steps.append(user);

    HostSetupStep key;
    key.name = QStringLiteral("key");
    key.summary = inputs.fromAddress.isEmpty()
                      ? QStringLiteral("the daemon's public key for %1").arg(inputs.user)
                      : QStringLiteral("the daemon's public key for %1, from %2 only")
                            .arg(inputs.user, inputs.fromAddress);
    const QString keyPrelude = prelude + home +
                               QStringLiteral("F=\"$R$H/.ssh/authorized_keys\"; L=%1; ")
                                   .arg(shellQuote(authorizedKeyLine(inputs)));
    key.check = keyPrelude + QStringLiteral("[ -f \"$F\" ] && grep -qxF \"$L\" \"$F\"");
    key.apply =
        keyPrelude + ids +
        QStringLiteral("[ -n \"$H\" ] && mkdir -p \"$R$H/.ssh\" && printf '%s\\n' \"$L\" >> \"$F\" "
                       "&& chown \"$ID\" \"$R$H/.ssh\" \"$F\" && chmod 700 \"$R$H/.ssh\" "
                       "&& chmod 600 \"$F\"");
    // Undo takes out every line with this key, whatever its options (another --from).
    const QString blob = inputs.publicKey.trimmed().section(u' ', 0, 1);
    const QString undoPrelude = keyPrelude + QStringLiteral("K=%1; ").arg(shellQuote(blob));
    key.undoCheck = undoPrelude + QStringLiteral("[ -f \"$F\" ] && grep -qF \"$K\" \"$F\"");
    key.undo = undoPrelude + ids +
               QStringLiteral("{ grep -vF \"$K\" \"$F\" || true; } > \"$F.new\" && chown \"$ID\" "
                              "\"$F.new\" && chmod 600 \"$F.new\" && mv \"$F.new\" \"$F\"");
    steps.append(key);

    HostSetupStep sudoers;
    sudoers.name = QStringLiteral("sudoers");
    sudoers.summary = QStringLiteral("/etc/sudoers.d/proxmox-mcp for %1").arg(inputs.user);
    const QString sudoersPrelude =
        prelude + QStringLiteral("D=\"$R/etc/sudoers.d/proxmox-mcp\"; B=%1; ")
                      .arg(shellQuote(QString::fromLatin1(inputs.sudoers.toUtf8().toBase64())));
    sudoers.check =
        sudoersPrelude +
        QStringLiteral("[ -f \"$D\" ] && printf '%s' \"$B\" | base64 -d | cmp -s - \"$D\"");
    // visudo checks the file before it goes where sudo reads it: a broken sudoers.d file would
    // lock out sudo for everyone on the host.
    sudoers.apply = sudoersPrelude +
                    QStringLiteral("T=$(mktemp) && printf '%s' \"$B\" | base64 -d > \"$T\" "
                                   "&& visudo -c -q -f \"$T\" && mkdir -p \"$R/etc/sudoers.d\" "
                                   "&& install -m 0440 \"$T\" \"$D\"; S=$?; rm -f \"$T\"; exit $S");
    // Ours: it carries the generator's first line.
    sudoers.undoCheck =
        sudoersPrelude + QStringLiteral("[ -f \"$D\" ] && grep -q '^# Generated by `proxmox-mcpd "
                                        "sudoers`' \"$D\"");
    sudoers.undo = sudoersPrelude + QStringLiteral("rm -f \"$D\"");
    steps.append(sudoers);
    return steps;
}

} // namespace pmcp
