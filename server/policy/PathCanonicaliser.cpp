#include "server/policy/PathCanonicaliser.h"

#include <QRegularExpression>

namespace pmcp {

PathCanonicaliser::Path PathCanonicaliser::canonical(const QString &text)
{
    Path out;
    QString path = text;
    if (!path.startsWith(u'/')) {
        out.relative = true;
        path.prepend(u'/'); // resolved against a stand-in root, the leading '/' removed again
    }
    QStringList stack;
    bool climbedAboveStart = false;
    const QStringList parts = path.split(u'/');
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString &part = parts.at(i);
        if (part.isEmpty() || part == u".")
            continue;
        if (part == u"..") {
            if (stack.isEmpty())
                climbedAboveStart = true;
            else
                stack.removeLast();
            continue;
        }
        stack << part;
        if (stack.size() == 3 && stack.at(0) == u"proc" && !out.relative) {
            const QString &process = stack.at(1);
            const QString &link = stack.at(2);
            if (link == u"root") {
                stack.clear(); // the process's root: on the host, "/" again
            } else if (link == u"cwd") {
                if (process == u"self" || process == u"thread-self") {
                    stack.clear();
                    out.relative = true;
                } else {
                    out.unknown = true;
                }
            } else if (link == u"fd") {
                out.unknown = true;
            }
        }
        if (stack.size() == 2 && stack.at(0) == u"dev" && stack.at(1) == u"fd" && !out.relative)
            out.unknown = true;
    }
    QString joined = stack.join(u'/');
    if (out.relative) {
        // A relative path that climbs above its start keeps its "../" so the caller knows.
        out.path = climbedAboveStart ? QStringLiteral("../") + joined : joined;
        if (out.path.isEmpty())
            out.path = QStringLiteral(".");
    } else {
        out.path = u'/' + joined;
    }
    return out;
}

QStringList PathCanonicaliser::aliases(const QString &canonicalPath)
{
    static const QList<std::pair<QString, QString>> merged = {
        {QStringLiteral("/lib"), QStringLiteral("/usr/lib")},
        {QStringLiteral("/lib64"), QStringLiteral("/usr/lib64")},
        {QStringLiteral("/bin"), QStringLiteral("/usr/bin")},
        {QStringLiteral("/sbin"), QStringLiteral("/usr/sbin")},
        {QStringLiteral("/var/run"), QStringLiteral("/run")},
        {QStringLiteral("/var/lock"), QStringLiteral("/run/lock")},
    };
    QStringList out{canonicalPath};
    for (const auto &[a, b] : merged) {
        for (const auto &[from, to] : {std::pair{a, b}, std::pair{b, a}}) {
            if (canonicalPath == from || canonicalPath.startsWith(from + u'/'))
                out << to + canonicalPath.mid(from.size());
        }
    }
    return out;
}

} // namespace pmcp
