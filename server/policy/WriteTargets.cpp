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

namespace {

const QStringList &copiers()
{
    static const QStringList programs = {QStringLiteral("cp"),      QStringLiteral("mv"),
                                         QStringLiteral("install"), QStringLiteral("ln"),
                                         QStringLiteral("rsync"),   QStringLiteral("scp")};
    return programs;
}

// The local path of an operand ("host:/x" is remote unless it starts with '/').
bool local(const QString &text)
{
    const qsizetype colon = text.indexOf(u':');
    return colon < 0 || (text.indexOf(u'/') >= 0 && text.indexOf(u'/') < colon);
}

QString pathOf(const QString &text)
{
    return local(text) ? text : text.mid(text.indexOf(u':') + 1);
}

bool recursive(const QList<CommandWord> &argv, const QString &program)
{
    if (program == u"rsync" || program == u"scp")
        return true;
    for (qsizetype i = 1; i < argv.size(); ++i) {
        const QString &text = argv.at(i).text;
        if (text == u"--recursive" || text == u"--archive" ||
            (text.startsWith(u'-') && !text.startsWith(QLatin1String("--")) &&
             (text.contains(u'r') || text.contains(u'R') || text.contains(u'a'))))
            return true;
    }
    return false;
}

} // namespace

QList<CommandWord> WriteTargets::copyOperands(const QList<CommandWord> &argv,
                                              CommandWord &directory)
{
    const QList<CommandWord> targets =
        optionValues(argv, {QStringLiteral("-t"), QStringLiteral("--target-directory")});
    QList<CommandWord> rest =
        operands(argv, {QStringLiteral("-m"), QStringLiteral("-o"), QStringLiteral("-g"),
                        QStringLiteral("-S"), QStringLiteral("-t"), QStringLiteral("-e"),
                        QStringLiteral("-P"), QStringLiteral("-i")});
    if (!targets.isEmpty()) {
        directory = targets.first();
        return rest;
    }
    if (rest.size() < 2)
        return {};
    directory = rest.takeLast();
    return rest;
}

QList<CommandWord> WriteTargets::intoDirectory(const QList<CommandWord> &argv)
{
    if (argv.isEmpty() || !copiers().contains(RuleMatcher::baseName(argv.first().text)))
        return {};
    CommandWord directory;
    const QList<CommandWord> sources = copyOperands(argv, directory);
    QList<CommandWord> out;
    if (directory.dynamic || !local(directory.text))
        return out;
    for (const CommandWord &source : sources) {
        QString path = pathOf(source.text);
        if (path.endsWith(u'/') || path.endsWith(QLatin1String("/.")) || source.dynamic)
            continue; // the directory's contents: see trees()
        const QString base = path.mid(path.lastIndexOf(u'/') + 1);
        if (base.isEmpty() || base == u"." || base == u"..")
            continue;
        CommandWord target = directory;
        target.text = directory.text + u'/' + base;
        target.glob = target.glob || source.glob;
        out.append(target);
    }
    return out;
}

QList<CommandWord> WriteTargets::trees(const QList<CommandWord> &argv)
{
    if (argv.isEmpty())
        return {};
    const QString program = RuleMatcher::baseName(argv.first().text);
    QList<CommandWord> out;
    if (copiers().contains(program) && program != u"ln" && recursive(argv, program)) {
        CommandWord directory;
        const QList<CommandWord> sources = copyOperands(argv, directory);
        if (directory.dynamic || !local(directory.text))
            return out;
        for (const CommandWord &source : sources) {
            const QString path = pathOf(source.text);
            CommandWord tree = directory;
            if (!path.endsWith(u'/') && !path.endsWith(QLatin1String("/.")) && !source.dynamic)
                tree.text = directory.text + u'/' + path.mid(path.lastIndexOf(u'/') + 1);
            out.append(tree);
        }
        return out;
    }
    if (program == u"tar") {
        bool extract = false;
        for (qsizetype i = 1; i < argv.size(); ++i) {
            const QString &text = argv.at(i).text;
            extract = extract || text == u"--extract" || text == u"--get" ||
                      (i == 1 && !text.startsWith(u'-') && text.contains(u'x')) ||
                      (text.startsWith(u'-') && !text.startsWith(QLatin1String("--")) &&
                       text.contains(u'x'));
        }
        return extract ? optionValues(argv, {QStringLiteral("-C"), QStringLiteral("--directory")})
                       : out;
    }
    if (program == u"unzip")
        return optionValues(argv, {QStringLiteral("-d")});
    if (program == u"mount") {
        const QList<CommandWord> rest =
            operands(argv, {QStringLiteral("-t"), QStringLiteral("-o"), QStringLiteral("-O"),
                            QStringLiteral("-L"), QStringLiteral("-U"), QStringLiteral("-N")});
        if (rest.size() >= 2)
            out.append(rest.last());
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
        {QStringLiteral("mkdir"), {QStringLiteral("-m"), QStringLiteral("--mode")}},
        {QStringLiteral("rmdir"), {}},
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
    if (program == u"pct" && argv.size() > 4 && argv.at(1).text == u"pull")
        return {argv.last()}; // pct pull VMID PATH DESTINATION writes DESTINATION on the host
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
