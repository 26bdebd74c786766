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

private:
    static QList<CommandWord> operands(const QList<CommandWord> &argv, const QStringList &valued);
    static QList<CommandWord> destination(const QList<CommandWord> &argv);
    static QList<CommandWord> optionValues(const QList<CommandWord> &argv,
                                           const QStringList &options);
};

} // namespace pmcp
