#include "server/policy/WordExpander.h"

#include <QRegularExpression>

namespace pmcp {

Result<QList<CommandWord>> WordExpander::expand(const ShellWord &word)
{
    int budget = 4 * kMaxWords;
    auto pieces = braces({word.text, word.active}, 0, budget);
    if (!pieces)
        return pieces.error();
    QList<CommandWord> out;
    for (const Piece &piece : std::as_const(pieces.value()))
        out.append(finish(piece, word));
    return out;
}

Result<QList<CommandWord>> WordExpander::expandAll(const QList<ShellWord> &words)
{
    QList<CommandWord> out;
    for (const ShellWord &word : words) {
        auto expanded = expand(word);
        if (!expanded)
            return expanded.error();
        out.append(expanded.value());
        if (out.size() > kMaxCommandWords)
            return Error::invalid(QStringLiteral("too many words in one command"));
    }
    return out;
}

CommandWord WordExpander::finish(const Piece &piece, const ShellWord &word)
{
    CommandWord out{piece.text, word.dynamic || word.ifs, word.ifs, false};
    for (qsizetype i = 0; i < piece.text.size(); ++i) {
        const QChar c = piece.text.at(i);
        if (piece.active.at(i) &&
            (c == u'*' || c == u'?' || (c == u'[' && piece.text.indexOf(u']', i + 2) > i)))
            out.glob = true;
    }
    if (!piece.text.startsWith(u'~') || !piece.active.at(0))
        return out;
    qsizetype end = piece.text.indexOf(u'/');
    if (end < 0)
        end = piece.text.size();
    const QString user = piece.text.mid(1, end - 1);
    if (user == u"root")
        out.text = QStringLiteral("/root") + piece.text.mid(end);
    else
        out.dynamic = true; // the SSH user's home, or another user's: not known here
    return out;
}

bool WordExpander::sequence(const QString &body, QStringList &out)
{
    static const QRegularExpression numbers(
        QStringLiteral("^(-?\\d{1,9})\\.\\.(-?\\d{1,9})(?:\\.\\.(-?\\d{1,9}))?$"));
    static const QRegularExpression letters(QStringLiteral("^([A-Za-z])\\.\\.([A-Za-z])$"));
    if (const auto m = numbers.match(body); m.hasMatch()) {
        const qint64 from = m.captured(1).toLongLong();
        const qint64 to = m.captured(2).toLongLong();
        qint64 step = m.captured(3).isEmpty() ? 1 : qAbs(m.captured(3).toLongLong());
        step = step == 0 ? 1 : step;
        if (qAbs(to - from) / step > kMaxWords)
            return false;
        for (qint64 v = from; from <= to ? v <= to : v >= to; v += from <= to ? step : -step)
            out << QString::number(v);
        return true;
    }
    if (const auto m = letters.match(body); m.hasMatch()) {
        const char16_t from = m.captured(1).at(0).unicode();
        const char16_t to = m.captured(2).at(0).unicode();
        for (int v = from; from <= to ? v <= to : v >= to; v += from <= to ? 1 : -1)
            out << QString(QChar(char16_t(v)));
        return true;
    }
    return false;
}

Result<QList<WordExpander::Piece>> WordExpander::braces(const Piece &piece, int depth, int &budget)
{
    if (--budget < 0)
        return Error::invalid(QStringLiteral("brace expansion too large"));
    if (depth > 32)
        return Error::invalid(QStringLiteral("brace expansion nested too deeply"));
    const QString &t = piece.text;
    for (qsizetype open = 0; open < t.size(); ++open) {
        if (t.at(open) != u'{' || !piece.active.at(open))
            continue;
        // Find the matching '}' and the top-level commas between.
        int level = 0;
        QList<qsizetype> commas;
        qsizetype close = -1;
        for (qsizetype i = open; i < t.size() && close < 0; ++i) {
            if (!piece.active.at(i))
                continue;
            if (t.at(i) == u'{')
                ++level;
            else if (t.at(i) == u'}' && --level == 0)
                close = i;
            else if (t.at(i) == u',' && level == 1)
                commas << i;
        }
        if (close < 0)
            return QList<Piece>{piece};
        QList<Piece> alternatives;
        QStringList seq;
        if (!commas.isEmpty()) {
            commas.prepend(open);
            commas.append(close);
            for (qsizetype k = 0; k + 1 < commas.size(); ++k) {
                const qsizetype from = commas[k] + 1;
                alternatives.append({t.mid(from, commas[k + 1] - from),
                                     piece.active.mid(from, commas[k + 1] - from)});
            }
        } else if (sequence(t.mid(open + 1, close - open - 1), seq)) {
            for (const QString &s : std::as_const(seq))
                alternatives.append({s, QByteArray(s.size(), '\0')});
        } else {
            continue; // not an expansion, e.g. "{}" or "{a}": look further on
        }
        const Piece prefix{t.left(open), piece.active.left(open)};
        const Piece suffix{t.mid(close + 1), piece.active.mid(close + 1)};
        QList<Piece> out;
        for (const Piece &alternative : std::as_const(alternatives)) {
            auto inner = braces({prefix.text + alternative.text + suffix.text,
                                 prefix.active + alternative.active + suffix.active},
                                depth + 1, budget);
            if (!inner)
                return inner.error();
            out.append(inner.value());
            if (out.size() > kMaxWords)
                return Error::invalid(QStringLiteral("brace expansion too large"));
        }
        return out;
    }
    return QList<Piece>{piece};
}

} // namespace pmcp
