#pragma once

#include <QString>
#include <QStringList>

namespace pmcp {

// Spells a path the way the kernel will resolve it, as far as the text tells, so that write
// and rm rules see through aliases: "//" and "/./", "..", /proc/<any>/root (the root
// directory again), /proc/self/cwd (the working directory), and the directories Debian's
// merged /usr and /run make one (/lib and /usr/lib, /bin and /usr/bin, /var/run and /run).
class PathCanonicaliser final {
public:
    struct Path {
        QString path; // absolute and clean, or relative and clean when relative is true
        bool relative = false;
        bool unknown = false; // resolves through something the text cannot tell
                              // (/proc/<pid>/cwd, /proc/<pid>/fd/<n>, /dev/fd/<n>)
    };

    static Path canonical(const QString &path);
    // The canonical path and the other names it has under merged /usr and /run.
    static QStringList aliases(const QString &canonicalPath);
};

} // namespace pmcp
