#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace pmcp {

// One shell word as the lexer saw it: the text after quote removal (expansions kept as
// written) and what the shell would still do to it at run time.
struct ShellWord final {
    QString raw;               // the source text of the word
    QString text;              // quotes removed; $VAR, $(...) and `...` kept as written
    QByteArray active;         // one byte per char of text: 1 where the char is unquoted
    bool dynamic = false;      // contains a parameter, command or arithmetic expansion
    bool ifs = false;          // contains an expansion of IFS
    bool glob = false;         // contains an unquoted *, ? or [
    bool quoted = false;       // some part of it was quoted or escaped
    bool literalCode = false;  // quoted or escaped text that is code if evaluated: "$(" or "`"
    QStringList substitutions; // bodies of $(...), `...`, <(...): scripts run by the shell

    void append(QChar c, bool isActive)
    {
        text.append(c);
        active.append(isActive ? '\1' : '\0');
    }
    void appendQuoted(const QString &s)
    {
        for (const QChar c : s)
            append(c, false);
    }
};

// A word after brace expansion, as a program or argument the policy judges.
struct CommandWord final {
    QString text;
    bool dynamic = false; // only known at run time (expansion, IFS, unresolved glob)
    bool ifs = false;
    bool glob = false;
};

} // namespace pmcp
