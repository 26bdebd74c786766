#pragma once

#include "server/policy/ShellWord.h"

#include <QList>

namespace pmcp {

// The files a command writes, replaces or changes the mode of, as far as its arguments tell:
// tee, cp/install/rsync/scp/mount (the destination), mv and ln (both ends: a link to a
// critical file makes it writable under another name), dd of=, sed -i, truncate,
// chmod/chown, sponge, curl -o, wget -O, tar -C, unzip -d, openssl -out, ... The redirections
// of a command are judged separately.
class WriteTargets final {
public:
    static QList<CommandWord> of(const QList<CommandWord> &argv);
    // Files that land inside a destination directory: cp/mv/install/ln/rsync/scp SOURCE... DIR
    // write DIR/basename(SOURCE) (`cp /tmp/sudoers /etc/` writes /etc/sudoers).
    static QList<CommandWord> intoDirectory(const QList<CommandWord> &argv);
    // Directories a command fills with names the policy cannot know: recursive copies and
    // syncs, archive extraction (tar -C, unzip -d), mount points.
    static QList<CommandWord> trees(const QList<CommandWord> &argv);

private:
    static QList<CommandWord> copyOperands(const QList<CommandWord> &argv, CommandWord &directory);
    static QList<CommandWord> operands(const QList<CommandWord> &argv, const QStringList &valued);
    static QList<CommandWord> destination(const QList<CommandWord> &argv);
    static QList<CommandWord> optionValues(const QList<CommandWord> &argv,
                                           const QStringList &options);
};

} // namespace pmcp
