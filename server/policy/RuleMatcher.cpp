#include "server/policy/RuleMatcher.h"

#include "server/policy/PathCanonicaliser.h"

#include <QDir>
#include <QHash>
#include <QRegularExpression>

#include <vector>

namespace pmcp {

namespace {

// Length of the bracket expression at p[i] ('[' ... ']'), or 0 if it is a literal '['.
qsizetype bracketLength(QStringView p, qsizetype i)
{
    qsizetype j = i + 1;
    if (j < p.size() && (p[j] == u'!' || p[j] == u'^'))
        ++j;
    if (j < p.size() && p[j] == u']')
        ++j;
    while (j < p.size() && p[j] != u']')
        ++j;
    return j < p.size() ? j - i + 1 : 0;
}

bool bracketMatches(QStringView set, QChar c)
{
    qsizetype i = 1;
    const bool negate = set[i] == u'!' || set[i] == u'^';
    if (negate)
        ++i;
    bool found = false;
    for (; i < set.size() - 1; ++i) {
        if (i + 2 < set.size() - 1 && set[i + 1] == u'-') {
            found = found || (c >= set[i] && c <= set[i + 2]);
            i += 2;
        } else {
            found = found || c == set[i];
        }
    }
    return found != negate && c != u'/';
}

const QRegularExpression &cachedRegex(const QString &source)
{
    thread_local QHash<QString, QRegularExpression> cache;
    auto it = cache.find(source);
    if (it == cache.end())
        it = cache.insert(source, QRegularExpression(source));
    return it.value();
}

} // namespace

bool RuleMatcher::glob(QStringView p, QStringView t)
{
    // match[j]: does the pattern prefix processed so far match t[0..j)?
    std::vector<char> match(size_t(t.size()) + 1, 0);
    match[0] = 1;
    for (qsizetype i = 0; i < p.size();) {
        std::vector<char> next(match.size(), 0);
        qsizetype step = 1;
        if (p[i] == u'*') {
            const bool crossSlash = i + 1 < p.size() && p[i + 1] == u'*';
            step = crossSlash ? 2 : 1;
            for (qsizetype j = 0; j <= t.size(); ++j) {
                if (match[size_t(j)])
                    next[size_t(j)] = 1;
                else if (j > 0 && next[size_t(j - 1)] && (crossSlash || t[j - 1] != u'/'))
                    next[size_t(j)] = 1;
            }
        } else {
            const qsizetype bracket = p[i] == u'[' ? bracketLength(p, i) : 0;
            step = bracket > 0 ? bracket : 1;
            for (qsizetype j = 0; j < t.size(); ++j) {
                if (!match[size_t(j)])
                    continue;
                const QChar c = t[j];
                const bool ok = bracket > 0 ? bracketMatches(p.mid(i, bracket), c)
                                            : (p[i] == u'?' ? c != u'/' : p[i] == c);
                next[size_t(j + 1)] = ok ? 1 : 0;
            }
        }
        match.swap(next);
        i += step;
    }
    return match[size_t(t.size())] != 0;
}

bool RuleMatcher::patternMatches(const QString &pattern, const QString &text)
{
    if (pattern.startsWith(QLatin1String("re:")))
        return cachedRegex(pattern.mid(3)).match(text).hasMatch();
    for (const QString &alternative : pattern.split(u'|')) {
        if (glob(alternative, text))
            return true;
    }
    return false;
}

QString RuleMatcher::baseName(const QString &program)
{
    return program.mid(program.lastIndexOf(u'/') + 1);
}

QStringList RuleMatcher::pathForms(const QString &text, const QString &cwd)
{
    QStringList forms{text};
    if (text.isEmpty() || text.startsWith(u'-'))
        return forms;
    const auto climbed = [&forms](const QString &relative) {
        // Unknown working directory: ../ can climb to /, so judge the path as if it had.
        QString rest = relative;
        while (rest.startsWith(QLatin1String("../")))
            rest = rest.mid(3);
        if (rest == u"..")
            rest.clear();
        forms << PathCanonicaliser::aliases(PathCanonicaliser::canonical(u'/' + rest).path);
    };
    QString absolute = text;
    if (!text.startsWith(u'/'))
        absolute = cwd.isEmpty() ? QString() : cwd + u'/' + text;
    if (absolute.isEmpty()) {
        const PathCanonicaliser::Path clean = PathCanonicaliser::canonical(text);
        forms << clean.path;
        if (clean.path.startsWith(QLatin1String("..")))
            climbed(clean.path);
        return forms;
    }
    const PathCanonicaliser::Path clean = PathCanonicaliser::canonical(absolute);
    if (!clean.relative) {
        forms << PathCanonicaliser::aliases(clean.path);
    } else if (!cwd.isEmpty()) {
        // /proc/self/cwd/...: the working directory again.
        forms << PathCanonicaliser::aliases(
            PathCanonicaliser::canonical(cwd + u'/' + clean.path).path);
    } else {
        forms << clean.path;
        climbed(QStringLiteral("../") + clean.path);
    }
    return forms;
}

bool RuleMatcher::programMatches(const QString &programPattern, const CommandWord &program)
{
    if (program.text.isEmpty())
        return false;
    const QString base = baseName(program.text);
    return patternMatches(programPattern, base) || patternMatches(programPattern, program.text) ||
           patternMatches(programPattern, QDir::cleanPath(program.text));
}

bool RuleMatcher::argumentMatches(const QString &pattern, const CommandWord &arg,
                                  const QString &cwd)
{
    for (const QString &form : pathForms(arg.text, cwd)) {
        if (patternMatches(pattern, form))
            return true;
    }
    if (arg.glob && !pattern.startsWith(QLatin1String("re:"))) {
        // An unresolved glob matches the paths it could expand to: "/e*" covers "/etc".
        for (const QString &alternative : pattern.split(u'|')) {
            for (const QString &form : pathForms(arg.text, cwd)) {
                if (form.startsWith(u'/') && alternative.startsWith(u'/') &&
                    glob(form, alternative))
                    return true;
            }
        }
    }
    return false;
}

bool RuleMatcher::matches(const PolicyRule &rule, const QList<CommandWord> &argv,
                          const QString &cwd, bool dynamicIsWildcard)
{
    if (argv.isEmpty() || !programMatches(rule.program, argv.first()))
        return false;
    const bool deny = rule.action == PolicyRule::Action::Deny;
    for (const QString &pattern : rule.argPatterns) {
        const bool negative = pattern.startsWith(u'!');
        const QString positive = negative ? pattern.mid(1) : pattern;
        bool found = false;
        for (qsizetype i = 1; i < argv.size() && !found; ++i) {
            const CommandWord &arg = argv.at(i);
            if (arg.dynamic && dynamicIsWildcard)
                found = deny != negative; // assume the worst for the rule's purpose
            else
                found = argumentMatches(positive, arg, cwd);
        }
        if (found == negative)
            return false;
    }
    return true;
}

} // namespace pmcp
