#include "server/simulator/SimShellFilters.h"

#include <QRegularExpression>

#include <algorithm>

namespace pmcp {

namespace {

// Lines without their ends; a last line without a newline counts as a line, as in coreutils.
QList<QByteArray> linesOf(const QByteArray &input)
{
    QList<QByteArray> lines = input.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

QByteArray joinLines(const QList<QByteArray> &lines)
{
    QByteArray out;
    for (const QByteArray &line : lines)
        out += line + '\n';
    return out;
}

SimShellFilters::Output usage(const QString &program, const QString &problem)
{
    return {2, {}, (program + QStringLiteral(": ") + problem + u'\n').toUtf8()};
}

} // namespace

bool SimShellFilters::isFilter(const QString &program)
{
    static const QStringList programs{QStringLiteral("grep"), QStringLiteral("head"),
                                      QStringLiteral("tail"), QStringLiteral("wc"),
                                      QStringLiteral("sort")};
    return programs.contains(program);
}

QString SimShellFilters::known()
{
    return QStringLiteral("grep, head, tail, wc, sort");
}

SimShellFilters::Output SimShellFilters::run(const QStringList &words, const QByteArray &input)
{
    const QString program = words.value(0);
    const QStringList args = words.mid(1);
    if (program == QLatin1String("grep"))
        return grep(args, input);
    if (program == QLatin1String("head") || program == QLatin1String("tail"))
        return headOrTail(program == QLatin1String("head"), args, input);
    if (program == QLatin1String("wc"))
        return wc(args, input);
    if (program == QLatin1String("sort"))
        return sort(args, input);
    return {2,
            {},
            (QStringLiteral("proxmox-mcpd demo: the demo shell pipes into ") + known() +
             QStringLiteral(" only, not ") + program + u'\n')
                .toUtf8()};
}

SimShellFilters::Output SimShellFilters::grep(const QStringList &args, const QByteArray &input)
{
    bool ignoreCase = false, invert = false, count = false, fixed = false, word = false;
    QString pattern;
    bool havePattern = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (!havePattern && arg == QLatin1String("-e") && i + 1 < args.size()) {
            pattern = args.at(++i);
            havePattern = true;
        } else if (arg.startsWith(u'-') && arg.size() > 1 && !havePattern) {
            for (const QChar c : arg.mid(1)) {
                if (c == u'i')
                    ignoreCase = true;
                else if (c == u'v')
                    invert = true;
                else if (c == u'c')
                    count = true;
                else if (c == u'F')
                    fixed = true;
                else if (c == u'w')
                    word = true;
                else if (c != u'E')
                    return usage(QStringLiteral("grep"),
                                 QStringLiteral("the demo shell's grep knows -i -v -c -E -F -w "
                                                "-e, not -%1")
                                     .arg(c));
            }
        } else if (!havePattern) {
            pattern = arg;
            havePattern = true;
        } else {
            return usage(QStringLiteral("grep"),
                         QStringLiteral("the demo shell's grep reads only its input, not files"));
        }
    }
    if (!havePattern)
        return usage(QStringLiteral("grep"), QStringLiteral("a pattern is needed"));
    QString expression = fixed ? QRegularExpression::escape(pattern) : pattern;
    if (word)
        expression = QStringLiteral("\\b(?:%1)\\b").arg(expression);
    const QRegularExpression regex(expression, ignoreCase
                                                   ? QRegularExpression::CaseInsensitiveOption
                                                   : QRegularExpression::NoPatternOption);
    if (!regex.isValid())
        return usage(QStringLiteral("grep"),
                     QStringLiteral("invalid pattern: %1").arg(regex.errorString()));
    QList<QByteArray> kept;
    for (const QByteArray &line : linesOf(input)) {
        if (regex.match(QString::fromUtf8(line)).hasMatch() != invert)
            kept.append(line);
    }
    const int status = kept.isEmpty() ? 1 : 0;
    if (count)
        return {status, QByteArray::number(kept.size()) + '\n', {}};
    return {status, joinLines(kept), {}};
}

SimShellFilters::Output SimShellFilters::headOrTail(bool head, const QStringList &args,
                                                    const QByteArray &input)
{
    const QString program = head ? QStringLiteral("head") : QStringLiteral("tail");
    qsizetype count = 10;
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString number;
        const QString &arg = args.at(i);
        if (arg == QLatin1String("-n") && i + 1 < args.size())
            number = args.at(++i);
        else if (arg.startsWith(QLatin1String("-n")))
            number = arg.mid(2);
        else if (arg.startsWith(u'-'))
            number = arg.mid(1);
        else
            return usage(program, QStringLiteral("the demo shell's %1 reads only its input, not "
                                                 "files")
                                      .arg(program));
        bool ok = false;
        count = number.toLongLong(&ok);
        if (!ok || count < 0)
            return usage(program, QStringLiteral("invalid number of lines: '%1'").arg(number));
    }
    const QList<QByteArray> lines = linesOf(input);
    const qsizetype n = std::min(count, lines.size());
    return {0, joinLines(head ? lines.mid(0, n) : lines.mid(lines.size() - n)), {}};
}

SimShellFilters::Output SimShellFilters::wc(const QStringList &args, const QByteArray &input)
{
    bool lines = false, words = false, bytes = false;
    for (const QString &arg : args) {
        if (!arg.startsWith(u'-'))
            return usage(QStringLiteral("wc"),
                         QStringLiteral("the demo shell's wc reads only its input, not files"));
        for (const QChar c : arg.mid(1)) {
            if (c == u'l')
                lines = true;
            else if (c == u'w')
                words = true;
            else if (c == u'c')
                bytes = true;
            else
                return usage(QStringLiteral("wc"),
                             QStringLiteral("the demo shell's wc knows -l -w -c, not -%1").arg(c));
        }
    }
    if (!lines && !words && !bytes)
        lines = words = bytes = true;
    QList<qint64> counts;
    if (lines)
        counts.append(input.count('\n'));
    if (words)
        counts.append(QString::fromUtf8(input)
                          .split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)
                          .size());
    if (bytes)
        counts.append(input.size());
    // One count alone is printed bare; several are right-aligned in 7 columns, as coreutils does
    // for its standard input.
    QStringList fields;
    for (const qint64 value : std::as_const(counts))
        fields.append(counts.size() == 1 ? QString::number(value)
                                         : QString::number(value).rightJustified(7));
    return {0, (fields.join(u' ') + u'\n').toUtf8(), {}};
}

SimShellFilters::Output SimShellFilters::sort(const QStringList &args, const QByteArray &input)
{
    bool reverse = false, numeric = false, unique = false;
    for (const QString &arg : args) {
        if (!arg.startsWith(u'-'))
            return usage(QStringLiteral("sort"),
                         QStringLiteral("the demo shell's sort reads only its input, not files"));
        for (const QChar c : arg.mid(1)) {
            if (c == u'r')
                reverse = true;
            else if (c == u'n')
                numeric = true;
            else if (c == u'u')
                unique = true;
            else
                return usage(
                    QStringLiteral("sort"),
                    QStringLiteral("the demo shell's sort knows -r -n -u, not -%1").arg(c));
        }
    }
    QList<QByteArray> lines = linesOf(input);
    const auto leadingNumber = [](const QByteArray &line) {
        static const QRegularExpression number(QStringLiteral("^\\s*(-?\\d+(?:\\.\\d+)?)"));
        const auto match = number.match(QString::fromUtf8(line));
        return match.hasMatch() ? match.captured(1).toDouble() : 0.0;
    };
    std::stable_sort(lines.begin(), lines.end(),
                     [numeric, &leadingNumber](const QByteArray &a, const QByteArray &b) {
                         if (numeric) {
                             const double x = leadingNumber(a), y = leadingNumber(b);
                             if (x != y)
                                 return x < y;
                         }
                         return a < b;
                     });
    if (reverse)
        std::reverse(lines.begin(), lines.end());
    if (unique)
        lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    return {0, joinLines(lines), {}};
}

} // namespace pmcp
