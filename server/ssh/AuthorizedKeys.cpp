#include "server/ssh/AuthorizedKeys.h"

#include "server/ssh/SshKeyPair.h"

#include <QRegularExpression>

namespace pmcp::AuthorizedKeys {

namespace {

// awk's test for "a line holds the blob": any whitespace-separated field equal to it, so a line
// with options before the key type (command="…", from="…") is found too.
constexpr const char *kCopySuffix = ".pmcp-before";

const QString kHasBlob = QStringLiteral("for(i=1;i<=NF;i++) if($i==b) hit=1");

bool isPlainWord(const QString &text, const QRegularExpression &pattern)
{
    return pattern.match(text).hasMatch();
}

Result<void> checkKey(const QString &type, const QString &blob, const QString &comment)
{
    static const QRegularExpression typePattern(QStringLiteral("^[a-z0-9@.-]{1,64}$"));
    static const QRegularExpression commentPattern(QStringLiteral("^[A-Za-z0-9._:@+-]{0,128}$"));
    if (!isPlainWord(type, typePattern))
        return Error::invalid(QStringLiteral("\"%1\" is not an SSH key type").arg(type));
    if (!SshKeyPair::isValidBlob(blob))
        return Error::invalid(QStringLiteral("the public key is not a base64 blob"));
    if (!isPlainWord(comment, commentPattern))
        return Error::invalid(QStringLiteral("the key comment \"%1\" has characters other than "
                                             "letters, digits and ._:@+-")
                                  .arg(comment));
    return {};
}

} // namespace

Result<QString> checkPath(const QString &path)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9._/][A-Za-z0-9._/-]*$"));
    if (!isPlainWord(path, pattern) || path.contains(QStringLiteral("..")) || path.endsWith(u'/'))
        return Error::invalid(
            QStringLiteral("SSH_AUTHORIZED_KEYS \"%1\" is not a plain file path (letters, digits "
                           "and ._-/, no \"..\"; relative to SSH_USER's home unless absolute)")
                .arg(path));
    return path;
}

Result<QString> addCommand(const QString &path, const QString &type, const QString &blob,
                           const QString &comment)
{
    const auto file = checkPath(path);
    if (!file.ok())
        return file.error();
    if (const auto key = checkKey(type, blob, comment); !key.ok())
        return key.error();
    const QString line = comment.isEmpty() ? QStringLiteral("%1 %2").arg(type, blob)
                                           : QStringLiteral("%1 %2 %3").arg(type, blob, comment);
    // A last line without its newline gets one first, so the new key starts a line of its own.
    return QStringLiteral(
               "f='%1'; b='%2'; umask 077; mkdir -p \"$(dirname \"$f\")\" && touch \"$f\" || exit "
               "1; "
               "awk -v b=\"$b\" '{%3} END{exit !hit}' \"$f\" && exit 0; t=\"$f.pmcp-new\"; "
               "{ cat \"$f\"; [ -n \"$(tail -c 1 \"$f\")\" ] && echo; printf '%s\\n' '%4'; } "
               "> \"$t\" && chmod 600 \"$t\" && mv -f \"$t\" \"$f\"")
        .arg(file.value(), blob, kHasBlob, line);
}

Result<QString> removeCommand(const QString &path, const QString &blob, bool keepCopy)
{
    const auto file = checkPath(path);
    if (!file.ok())
        return file.error();
    if (!SshKeyPair::isValidBlob(blob))
        return Error::invalid(QStringLiteral("the public key is not a base64 blob"));
    const QString copy =
        keepCopy
            ? QStringLiteral("cp -p \"$f\" \"$f%1\" || exit 1; ").arg(QLatin1String(kCopySuffix))
            : QString();
    return QStringLiteral("f='%1'; b='%2'; umask 077; [ -e \"$f\" ] || exit 0; %4"
                          "t=\"$f.pmcp-new\"; awk -v b=\"$b\" '{hit=0; %3} !hit' \"$f\" > \"$t\" "
                          "&& chmod 600 \"$t\" && mv -f \"$t\" \"$f\"")
        .arg(file.value(), blob, kHasBlob, copy);
}

Result<QString> restoreCommand(const QString &path)
{
    const auto file = checkPath(path);
    if (!file.ok())
        return file.error();
    return QStringLiteral("f='%1'; mv -f \"$f%2\" \"$f\"")
        .arg(file.value(), QLatin1String(kCopySuffix));
}

Result<QString> dropCopyCommand(const QString &path)
{
    const auto file = checkPath(path);
    if (!file.ok())
        return file.error();
    return QStringLiteral("f='%1'; rm -f \"$f%2\"").arg(file.value(), QLatin1String(kCopySuffix));
}

} // namespace pmcp::AuthorizedKeys
