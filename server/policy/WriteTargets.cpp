#include "server/policy/WriteTargets.h"

#include "server/policy/RuleMatcher.h"

#include <QHash>

namespace pmcp {

// Arguments that are not options; `valued` options take the next word as their value.
QList<CommandWord> WriteTargets::operands(const QList<CommandWord> &argv, const QStringList &valued)
{
    QList<CommandWord> out;
    bool optionsEnded = false;
    for (qsizetype i = 1; i < argv.size(); ++i) {
        const QString &text = argv.at(i).text;
        if (!optionsEnded && text == u"--") {
            optionsEnded = true;
        } else if (!optionsEnded && text.startsWith(u'-') && text.size() > 1) {
            if (valued.contains(text))
                ++i;
        } else {
            out.append(argv.at(i));
        }
    }
    return out;
}

QList<CommandWord> WriteTargets::optionValues(const QList<CommandWord> &argv,
                                              const QStringList &options)
{
    QList<CommandWord> out;
    for (qsizetype i = 1; i < argv.size(); ++i) {
        const QString &text = argv.at(i).text;
        for (const QString &option : options) {
            if (text == option && i + 1 < argv.size()) {
                out.append(argv.at(i + 1));
            } else if (text.startsWith(option + u'=') ||
                       (option.size() == 2 && !option.startsWith(QLatin1String("--")) &&
                        text.startsWith(option) && text.size() > 2)) {
                CommandWord value = argv.at(i);
                value.text = text.mid(text.startsWith(option + u'=') ? option.size() + 1 : 2);
                out.append(value);
            }
        }
    }
    return out;
}

QList<CommandWord> WriteTargets::destination(const QList<CommandWord> &argv)
{
    QList<CommandWord> out =
        optionValues(argv, {QStringLiteral("-t"), QStringLiteral("--target-directory")});
    const QList<CommandWord> rest =
        operands(argv, {QStringLiteral("-m"), QStringLiteral("-o"), QStringLiteral("-g"),
                        QStringLiteral("-S"), QStringLiteral("-t"), QStringLiteral("-e"),
                        QStringLiteral("-P"), QStringLiteral("-i")});
    if (!rest.isEmpty())
        out.append(rest.last());
    // cp/mv/ln with a dynamic argument: the destination may be any of them.
    for (const CommandWord &word : rest) {
        if (word.dynamic)
            out.append(word);
    }
    return out;
}

QList<CommandWord> WriteTargets::of(const QList<CommandWord> &argv)
{
    if (argv.isEmpty())
        return {};
    const QString program = RuleMatcher::baseName(argv.first().text);
    // Programs whose every operand is a file they change, with their valued options.
    static const QHash<QString, QStringList> changers = {
        {QStringLiteral("tee"), {}},
        {QStringLiteral("truncate"),
         {QStringLiteral("-s"), QStringLiteral("--size"), QStringLiteral("-r"),
          QStringLiteral("--reference")}},
        {QStringLiteral("sponge"), {}},
        {QStringLiteral("chmod"), {}},
        {QStringLiteral("chown"), {}},
        {QStringLiteral("chgrp"), {}},
        {QStringLiteral("chattr"), {QStringLiteral("-v"), QStringLiteral("-p")}},
        {QStringLiteral("setfacl"),
         {QStringLiteral("-m"), QStringLiteral("-M"), QStringLiteral("-x"), QStringLiteral("-X")}},
        {QStringLiteral("sudoedit"), {}},
        {QStringLiteral("touch"),
         {QStringLiteral("-r"), QStringLiteral("-d"), QStringLiteral("-t")}},
        {QStringLiteral("unlink"), {}},
        {QStringLiteral("rm"), {}},
        {QStringLiteral("shred"),
         {QStringLiteral("-n"), QStringLiteral("-s"), QStringLiteral("--iterations"),
          QStringLiteral("--size")}},
        {QStringLiteral("mv"), {QStringLiteral("-S"), QStringLiteral("--suffix")}},
        {QStringLiteral("ln"), {QStringLiteral("-S"), QStringLiteral("--suffix")}},
    };
    if (const auto it = changers.constFind(program); it != changers.constEnd())
        return operands(argv, it.value());
    if (program == u"cp" || program == u"install" || program == u"mount" || program == u"rsync" ||
        program == u"scp")
        return destination(argv);
    if (program == u"dd") {
        QList<CommandWord> out;
        for (const CommandWord &word : argv) {
            if (word.text.startsWith(QLatin1String("of=")))
                out.append({word.text.mid(3), word.dynamic, word.ifs, word.glob});
        }
        return out;
    }
    if (program == u"sed" || program == u"perl") {
        bool inPlace = false;
        for (const CommandWord &word : argv)
            inPlace = inPlace || word.text.startsWith(QLatin1String("-i")) ||
                      word.text.startsWith(QLatin1String("--in-place")) ||
                      (word.text.startsWith(u'-') && !word.text.startsWith(QLatin1String("--")) &&
                       word.text.contains(u'i'));
        return inPlace ? operands(argv, {QStringLiteral("-e"), QStringLiteral("-f")})
                       : QList<CommandWord>{};
    }
    if (program == u"curl")
        return optionValues(argv, {QStringLiteral("-o"), QStringLiteral("--output")});
    if (program == u"wget")
        return optionValues(argv, {QStringLiteral("-O"), QStringLiteral("--output-document")});
    if (program == u"tar")
        return optionValues(argv, {QStringLiteral("-C"), QStringLiteral("--directory")});
    if (program == u"unzip")
        return optionValues(argv, {QStringLiteral("-d")});
    if (program == u"openssl")
        return optionValues(argv, {QStringLiteral("-out")});
    if (program == u"find")
        return optionValues(
            argv, {QStringLiteral("-fprint"), QStringLiteral("-fprintf"), QStringLiteral("-fls")});
    return {};
}

} // namespace pmcp
