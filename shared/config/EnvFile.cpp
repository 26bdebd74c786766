#include "shared/config/EnvFile.h"

#include "shared/config/ConfigLogCategory.h"

#include <QFile>
#include <QHash>
#include <QStringDecoder>

namespace pmcp {

namespace {

constexpr qint64 kMaximumFileSize = 1024 * 1024; // a configuration file, not a data file
const QByteArray kByteOrderMark("\xEF\xBB\xBF");

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}
bool isKeyStart(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool isKeyChar(char c)
{
    return isKeyStart(c) || (c >= '0' && c <= '9');
}

bool isValidKey(const QString &key)
{
    if (key.isEmpty() || key.front().unicode() >= 128 || !isKeyStart(char(key.front().unicode())))
        return false;
    for (const QChar c : key) {
        if (c.unicode() >= 128 || !isKeyChar(char(c.unicode())))
            return false;
    }
    return true;
}

bool isPlain(const QString &value)
{
    for (const QChar c : value) {
        const char16_t u = c.unicode();
        const bool plain = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') ||
                           (u >= '0' && u <= '9') || QStringView(u"_./:@,+=%^~-").contains(c);
        if (!plain)
            return false;
    }
    return true;
}

bool hasControlCharacter(const QString &value)
{
    for (const QChar c : value) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    }
    return false;
}

// Like QString::fromUtf8, but a value starting with U+FEFF keeps it (fromUtf8 drops it).
QString decodeUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
    return decoder.decode(bytes);
}

struct ParsedLine {
    QString key;
    QString value;
    qsizetype valueStart = 0; // where the value's text starts (after "KEY=" and blanks)
    qsizetype valueEnd = 0;   // where the value's text ends (the comment starts)
};

// The value at text[i] is quoted: '...' is literal, "..." understands a few escapes.
QString parseQuotedValue(const QByteArray &text, qsizetype i, ParsedLine &out)
{
    const qsizetype n = text.size();
    const char quote = text[i];
    QByteArray value;
    qsizetype k = i + 1;
    bool closed = false;
    while (k < n) {
        const char c = text[k];
        if (c == quote) {
            closed = true;
            break;
        }
        if (quote == '"' && c == '\\' && k + 1 < n) {
            const char next = text[k + 1];
            switch (next) {
            case 'n':
                value += '\n';
                break;
            case 'r':
                value += '\r';
                break;
            case 't':
                value += '\t';
                break;
            case '"':
            case '\\':
            case '$':
            case '`':
                value += next;
                break;
            default: // not an escape: keep it as written
                value += c;
                value += next;
            }
            k += 2;
            continue;
        }
        value += c;
        ++k;
    }
    if (!closed) {
        return quote == '\'' ? QStringLiteral("unterminated single quote")
                             : QStringLiteral("unterminated double quote (a value cannot span "
                                              "lines; write \\n for a line break)");
    }
    out.value = decodeUtf8(value);
    out.valueEnd = k + 1;
    qsizetype rest = out.valueEnd;
    while (rest < n && isBlank(text[rest]))
        ++rest;
    if (rest < n && text[rest] != '#')
        return QStringLiteral(
            "unexpected text after the closing quote (put a comment after \" #\")");
    return {};
}

// Parses one line without its line end. Returns "" on success, else why it is not valid.
QString parseLine(const QByteArray &text, ParsedLine &out)
{
    if (text.contains('\0'))
        return QStringLiteral("contains a NUL byte");
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString decoded = decoder.decode(text);
    if (decoder.hasError())
        return QStringLiteral("is not valid UTF-8");
    Q_UNUSED(decoded)

    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n && isBlank(text[i]))
        ++i;
    if (i == n || text[i] == '#')
        return {}; // blank or comment line
    const QByteArray exportWord("export");
    if (text.mid(i).startsWith(exportWord) && i + exportWord.size() < n &&
        isBlank(text[i + exportWord.size()])) {
        i += exportWord.size();
        while (i < n && isBlank(text[i]))
            ++i;
    }
    const qsizetype keyStart = i;
    while (i < n && isKeyChar(text[i]))
        ++i;
    const QByteArray key = text.mid(keyStart, i - keyStart);
    while (i < n && isBlank(text[i]))
        ++i;
    if (!text.mid(keyStart).contains('='))
        return QStringLiteral("expected KEY=VALUE (no \"=\" found)");
    if (key.isEmpty() || !isKeyStart(key[0]) || i == n || text[i] != '=')
        return QStringLiteral("invalid variable name before \"=\" (letters, digits and _, not "
                              "starting with a digit)");
    ++i; // '='
    while (i < n && isBlank(text[i]))
        ++i;
    out.key = QString::fromLatin1(key);
    out.valueStart = i;

    if (i < n && (text[i] == '\'' || text[i] == '"'))
        return parseQuotedValue(text, i, out);

    // Unquoted: a '#' after a blank starts a comment; the value is trimmed.
    qsizetype end = i;
    while (end < n && !(text[end] == '#' && end > 0 && isBlank(text[end - 1])))
        ++end;
    while (end > i && isBlank(text[end - 1]))
        --end;
    out.value = decodeUtf8(text.mid(i, end - i));
    out.valueEnd = end;
    return {};
}

// The whole file, or why not: unreadable, or too large to be a configuration file.
Result<QByteArray> readConfigurationFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::notFound(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const QByteArray text = file.read(kMaximumFileSize + 1);
    if (text.size() > kMaximumFileSize)
        return Error::invalid(QStringLiteral("%1: larger than %2 bytes, not a configuration file")
                                  .arg(path)
                                  .arg(kMaximumFileSize));
    return text;
}

} // namespace

Result<EnvFile> EnvFile::parse(const QByteArray &input, int *errorLine)
{
    if (errorLine)
        *errorLine = 0;
    QList<SyntaxError> errors;
    EnvFile file = parseLenient(input, &errors);
    if (!errors.isEmpty()) {
        if (errorLine)
            *errorLine = errors.first().line;
        return Error::invalid(
            QStringLiteral("line %1: %2").arg(errors.first().line).arg(errors.first().reason));
    }
    return file;
}

EnvFile EnvFile::parseLenient(const QByteArray &input, QList<SyntaxError> *errors)
{
    EnvFile file;
    QByteArray text = input;
    if (text.startsWith(kByteOrderMark)) {
        file.m_byteOrderMark = true;
        text.remove(0, kByteOrderMark.size());
    }
    qsizetype start = 0;
    int number = 0;
    while (start < text.size()) {
        ++number;
        const qsizetype newline = text.indexOf('\n', start);
        Line line;
        line.number = number;
        if (newline < 0) {
            line.text = text.mid(start);
            start = text.size();
        } else {
            line.text = text.mid(start, newline - start);
            line.eol = "\n";
            if (line.text.endsWith('\r')) {
                line.text.chop(1);
                line.eol = "\r\n";
            }
            start = newline + 1;
        }
        ParsedLine parsed;
        const QString reason = parseLine(line.text, parsed);
        if (!reason.isEmpty()) {
            if (errors)
                errors->append({number, reason});
        } else if (!parsed.key.isEmpty()) {
            line.key = parsed.key;
            line.value = parsed.value;
            line.prefix = line.text.left(parsed.valueStart);
            line.comment = line.text.mid(parsed.valueEnd);
        }
        file.m_lines.append(line);
    }
    return file;
}

Result<EnvFile> EnvFile::loadLenient(const QString &path, QList<SyntaxError> *errors)
{
    const auto text = readConfigurationFile(path);
    if (!text)
        return text.error();
    return parseLenient(text.value(), errors);
}

Result<EnvFile> EnvFile::load(const QString &path, int *errorLine)
{
    if (errorLine)
        *errorLine = 0;
    const auto text = readConfigurationFile(path);
    if (!text)
        return text.error();
    auto parsed = parse(text.value(), errorLine);
    if (!parsed)
        return Error::invalid(path + QStringLiteral(": ") + parsed.error().message);
    return parsed;
}

QList<EnvFile::Entry> EnvFile::entries() const
{
    QHash<QString, qsizetype> last;
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        if (!m_lines[i].key.isEmpty())
            last.insert(m_lines[i].key, i);
    }
    QList<Entry> result;
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        const Line &line = m_lines[i];
        if (!line.key.isEmpty() && last.value(line.key) == i)
            result.append({line.key, line.value, line.number});
    }
    return result;
}

QList<EnvFile::Entry> EnvFile::shadowed() const
{
    QList<Entry> result;
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        const Line &line = m_lines[i];
        if (!line.key.isEmpty() && lastIndexOf(line.key) != i)
            result.append({line.key, line.value, line.number});
    }
    return result;
}

int EnvFile::lastIndexOf(const QString &key) const
{
    for (qsizetype i = m_lines.size() - 1; i >= 0; --i) {
        if (m_lines[i].key == key)
            return int(i);
    }
    return -1;
}

bool EnvFile::contains(const QString &key) const
{
    return !key.isEmpty() && lastIndexOf(key) >= 0;
}

QString EnvFile::value(const QString &key, const QString &fallback) const
{
    const int index = key.isEmpty() ? -1 : lastIndexOf(key);
    return index >= 0 ? m_lines[index].value : fallback;
}

void EnvFile::set(const QString &key, const QString &value)
{
    if (!isValidKey(key)) {
        qCWarning(lcConfig, "EnvFile::set: ignoring invalid variable name");
        return;
    }
    const int index = lastIndexOf(key);
    if (index >= 0) {
        Line &line = m_lines[index];
        line.value = value;
        // Keep a blank between the value and a comment so the comment stays a comment.
        if (!line.comment.isEmpty() && !isBlank(line.comment.front()))
            line.comment.prepend(' ');
        line.text = line.prefix + encodeValue(value) + line.comment;
        return;
    }
    QByteArray eol = "\n";
    for (const Line &line : std::as_const(m_lines)) {
        if (!line.eol.isEmpty()) {
            eol = line.eol;
            break;
        }
    }
    if (!m_lines.isEmpty() && m_lines.last().eol.isEmpty())
        m_lines.last().eol = eol;
    Line line;
    line.key = key;
    line.value = value;
    line.prefix = key.toLatin1() + '=';
    line.text = line.prefix + encodeValue(value);
    line.eol = eol;
    m_lines.append(line);
}

void EnvFile::remove(const QString &key)
{
    m_lines.removeIf([&key](const Line &line) { return line.key == key; });
}

QByteArray EnvFile::serialize() const
{
    QByteArray out;
    if (m_byteOrderMark)
        out += kByteOrderMark;
    for (const Line &line : m_lines)
        out += line.text + line.eol;
    return out;
}

QByteArray EnvFile::encodeValue(const QString &value)
{
    if (isPlain(value))
        return value.toUtf8();
    // Single quotes are literal here and in a shell that sources the file.
    if (!value.contains(u'\'') && !hasControlCharacter(value))
        return '\'' + value.toUtf8() + '\'';
    QByteArray out = "\"";
    for (const char c : value.toUtf8()) {
        switch (c) {
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '"':
        case '\\':
        case '$':
        case '`':
            out += '\\';
            out += c;
            break;
        default:
            out += c;
        }
    }
    out += '"';
    return out;
}

} // namespace pmcp
