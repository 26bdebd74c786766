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

// {x..y[..step]} as bash 5.2 expands it: integers (a leading zero, or "-0", pads every number
// to the longer end's width) or single letters (stepping through the characters between, whatever
// they are); the sign of the step is ignored and a step of 0 counts as 1.
Result<bool> WordExpander::sequence(const QString &body, QStringList &out)
{
    static const QRegularExpression numbers(
        QStringLiteral("^([-+]?\\d{1,9})\\.\\.([-+]?\\d{1,9})(?:\\.\\.([-+]?\\d{1,9}))?$"));
    static const QRegularExpression letters(
        QStringLiteral("^([A-Za-z])\\.\\.([A-Za-z])(?:\\.\\.([-+]?\\d{1,9}))?$"));
    const auto stepOf = [](const QString &text) {
        const qint64 step = text.isEmpty() ? 1 : qAbs(text.toLongLong());
        return step == 0 ? qint64(1) : step;
    };
    if (const auto m = numbers.match(body); m.hasMatch()) {
        const QString lhs = m.captured(1);
        const QString rhs = m.captured(2);
        const qint64 from = lhs.toLongLong();
        const qint64 to = rhs.toLongLong();
        const qint64 step = stepOf(m.captured(3));
        const auto leadingZero = [](const QString &n) {
            return (n.size() > 1 && n.at(0) == u'0') ||
                   (n.size() > 2 && n.at(0) == u'-' && n.at(1) == u'0');
        };
        const bool padded = leadingZero(lhs) || leadingZero(rhs);
        const qsizetype width = padded ? qMax(lhs.size(), rhs.size()) : 0;
        if (qAbs(to - from) / step > kMaxWords)
            return false;
        for (qint64 v = from; from <= to ? v <= to : v >= to; v += from <= to ? step : -step) {
            // printf("%0*d"): the sign counts in the width.
            QString digits = QString::number(qAbs(v));
            const qsizetype sign = v < 0 ? 1 : 0;
            if (digits.size() + sign < width)
                digits.prepend(QString(width - sign - digits.size(), u'0'));
            out << (v < 0 ? u'-' + digits : digits);
        }
        return true;
    }
    if (const auto m = letters.match(body); m.hasMatch()) {
        const char16_t from = m.captured(1).at(0).unicode();
        const char16_t to = m.captured(2).at(0).unicode();
        const qint64 step = stepOf(m.captured(3));
        if (qMin(from, to) < u'\\' && qMax(from, to) > u'\\')
            return Error::invalid(
                QStringLiteral("a brace sequence through '\\' (%1) is not modelled").arg(body));
        for (qint64 v = from; from <= to ? v <= to : v >= to; v += from <= to ? step : -step)
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
        } else if (auto isSequence = sequence(t.mid(open + 1, close - open - 1), seq);
                   !isSequence) {
            return isSequence.error();
        } else if (isSequence.value()) {
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
