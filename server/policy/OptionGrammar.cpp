#include "server/policy/OptionGrammar.h"

#include "server/policy/RuleMatcher.h"

#include <QRegularExpression>

namespace pmcp {

bool ParsedOptions::has(const QString &name) const
{
    for (const ParsedOption &option : options) {
        if (option.name == name)
            return true;
    }
    return false;
}

QString ParsedOptions::value(const QString &name) const
{
    for (const ParsedOption &option : options) {
        if (option.name == name)
            return option.value;
    }
    return {};
}

bool OptionGrammar::parseLong(const QList<CommandWord> &argv, qsizetype &i, const OptionSpec &spec,
                              ParsedOptions &out)
{
    const QString program = RuleMatcher::baseName(argv.first().text);
    const QString &text = argv.at(i).text;
    const qsizetype equals = text.indexOf(u'=');
    const QString name = text.mid(2, equals < 0 ? -1 : equals - 2);
    ParsedOption option{QStringLiteral("--") + name, {}, false, false};
    if (spec.longValued.contains(name)) {
        if (equals >= 0) {
            option.value = text.mid(equals + 1);
            option.dynamicValue = argv.at(i).dynamic;
        } else if (i + 1 < argv.size()) {
            option.value = argv.at(++i).text;
            option.dynamicValue = argv.at(i).dynamic;
        } else {
            out.error = QStringLiteral("option --%1 of %2 needs a value").arg(name, program);
            return false;
        }
        option.hasValue = true;
    } else if (spec.longOptional.contains(name)) {
        if (equals >= 0) {
            option.value = text.mid(equals + 1);
            option.hasValue = true;
            option.dynamicValue = argv.at(i).dynamic;
        }
    } else if (spec.longFlags.contains(name)) {
        if (equals >= 0) {
            out.error = QStringLiteral("option --%1 of %2 takes no value").arg(name, program);
            return false;
        }
    } else {
        out.error = QStringLiteral("unknown option --%1 for %2").arg(name, program);
        return false;
    }
    out.options.append(option);
    return true;
}

bool OptionGrammar::parseShort(const QList<CommandWord> &argv, qsizetype &i, const OptionSpec &spec,
                               ParsedOptions &out)
{
    const QString program = RuleMatcher::baseName(argv.first().text);
    const QString text = argv.at(i).text;
    static const QRegularExpression number(QStringLiteral("^-[0-9]+$"));
    if (spec.numeric && number.match(text).hasMatch()) {
        out.options.append({QStringLiteral("-n"), text.mid(1), true, false});
        return true;
    }
    for (qsizetype k = 1; k < text.size(); ++k) {
        const QChar c = text.at(k);
        ParsedOption option{QStringLiteral("-") + c, {}, false, false};
        if (spec.valued.contains(c)) {
            if (k + 1 < text.size()) {
                option.value = text.mid(k + 1);
                option.dynamicValue = argv.at(i).dynamic;
            } else if (i + 1 < argv.size()) {
                option.value = argv.at(++i).text;
                option.dynamicValue = argv.at(i).dynamic;
            } else {
                out.error = QStringLiteral("option -%1 of %2 needs a value").arg(c).arg(program);
                return false;
            }
            option.hasValue = true;
            out.options.append(option);
            return true;
        }
        if (spec.optional.contains(c)) {
            if (k + 1 < text.size()) {
                option.value = text.mid(k + 1);
                option.hasValue = true;
                option.dynamicValue = argv.at(i).dynamic;
            }
            out.options.append(option);
            return true;
        }
        if (!spec.flags.contains(c)) {
            out.error = QStringLiteral("unknown option -%1 for %2").arg(c).arg(program);
            return false;
        }
        out.options.append(option);
    }
    return true;
}

ParsedOptions OptionGrammar::parse(const QList<CommandWord> &argv, const OptionSpec &spec,
                                   qsizetype from)
{
    ParsedOptions out;
    out.end = argv.size();
    const QString program = argv.isEmpty() ? QString() : RuleMatcher::baseName(argv.first().text);
    bool optionsEnded = false;
    for (qsizetype i = from; i < argv.size(); ++i) {
        const CommandWord &word = argv.at(i);
        const QString &text = word.text;
        if (optionsEnded) {
            out.operands.append(i);
            continue;
        }
        if (text == u"--") {
            optionsEnded = true;
            if (!spec.permute) {
                out.end = i + 1;
                for (qsizetype k = i + 1; k < argv.size(); ++k)
                    out.operands.append(k);
                return out;
            }
            continue;
        }
        const bool looksLikeOption = text.size() > 1 && text.startsWith(u'-');
        if (word.dynamic && (looksLikeOption || word.ifs)) {
            // A run-time value in option position could be any option.
            out.error = QStringLiteral("an argument of %1 is only known at run time where an "
                                       "option could stand")
                            .arg(program);
            return out;
        }
        if (!looksLikeOption) {
            if (!spec.permute) {
                out.end = i;
                for (qsizetype k = i; k < argv.size(); ++k)
                    out.operands.append(k);
                return out;
            }
            out.operands.append(i);
            continue;
        }
        const bool ok = text.startsWith(QLatin1String("--")) ? parseLong(argv, i, spec, out)
                                                             : parseShort(argv, i, spec, out);
        if (!ok)
            return out;
    }
    return out;
}

} // namespace pmcp
