#pragma once

#include "shared/core/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace pmcp {

// The .env codec: reads and writes KEY=VALUE files as docker-compose and systemd users write
// them, keeping comments, blank lines and order so an edited file still reads like the original.
//
// Syntax: `KEY=VALUE`, an optional `export ` prefix, blank lines, `#` comment lines and ` #`
// comments after unquoted values (a `#` preceded by a space or tab). Unquoted values are trimmed.
// 'single quotes' are literal; "double quotes" understand \" \\ \n \r \t \$ (any other backslash
// stays as written). Keys match [A-Za-z_][A-Za-z0-9_]*. The last of duplicate keys wins. CRLF
// line ends and a UTF-8 byte order mark are accepted and kept. There is deliberately no variable
// expansion: "$HOME" is five characters, so a value means the same to every reader.
class EnvFile final {
public:
    struct Entry {
        QString key;
        QString value;
        int line = 0; // 1-based; 0 for an entry added by set() and not yet serialized
    };

    // A line that is not KEY=VALUE, a comment or blank: its number and why (never the line
    // itself: it may hold a secret).
    struct SyntaxError {
        int line = 0;
        QString reason;
    };

    // The error names the line number and why; it never quotes the line (it may hold a secret).
    // *errorLine receives the failing line number (0 when the error is not about a line).
    static Result<EnvFile> parse(const QByteArray &text, int *errorLine = nullptr);
    // A missing or unreadable file is an error naming the path.
    static Result<EnvFile> load(const QString &path, int *errorLine = nullptr);
    // Reads every line it can: lines with a syntax error are kept as they are (serialize()
    // writes them back) but define nothing, and each is reported in *errors, so a checker can
    // name every problem of a file rather than the first.
    static EnvFile parseLenient(const QByteArray &text, QList<SyntaxError> *errors);
    // A missing, unreadable or oversized file is still an error naming the path.
    static Result<EnvFile> loadLenient(const QString &path, QList<SyntaxError> *errors);

    // One entry per key (its effective, last value), in the order of the lines that define them.
    QList<Entry> entries() const;
    // Earlier definitions of keys that are defined again later (and so have no effect).
    QList<Entry> shadowed() const;
    bool contains(const QString &key) const;
    QString value(const QString &key, const QString &fallback = {}) const;
    // Updates the effective line in place (keeping `export ` and its comment) or appends a line.
    void set(const QString &key, const QString &value);
    // Removes every line defining key.
    void remove(const QString &key);
    // Keeps comments, blank lines and order of the original; untouched lines come back byte for
    // byte; values are quoted when needed.
    QByteArray serialize() const;

    // How serialize() writes a value: bare when it is plain, otherwise double-quoted and escaped.
    static QByteArray encodeValue(const QString &value);

private:
    struct Line {
        QByteArray text;    // the line as read (or as rebuilt after set()), without line end
        QByteArray eol;     // "\n", "\r\n" or "" for a last line without one
        QString key;        // empty for blank and comment lines
        QString value;      // decoded value
        QByteArray prefix;  // what precedes the value: indentation, "export ", "KEY="
        QByteArray comment; // what follows the value: whitespace and "# comment", or ""
        int number = 0;     // 1-based line number in the parsed text, 0 for appended lines
    };

    int lastIndexOf(const QString &key) const;

    QList<Line> m_lines;
    bool m_byteOrderMark = false;
};

} // namespace pmcp
