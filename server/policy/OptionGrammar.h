#pragma once

#include "server/policy/ShellWord.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace pmcp {

// The option grammar of one program, as getopt/getopt_long read it: short letters that are
// flags, short letters that take a value (attached "-uroot" or detached "-u root"), short
// letters whose value is optional (attached only), long options with and without a value
// ("--user=root", "--user root"), and "--". Anything else that looks like an option is an
// error naming it: the policy never guesses what an unknown option does.
struct OptionSpec final {
    QString flags;               // "nE": -n, -E, clusterable ("-nE")
    QString valued;              // "ug": -u USER, -uUSER
    QString optional;            // "d": -d or -dVALUE (attached only)
    QStringList longFlags;       // "login" for --login
    QStringList longValued;      // "user" for --user=X and --user X
    QStringList longOptional;    // "preserve-env" for --preserve-env and --preserve-env=LIST
    bool numeric = false;        // "-10" is an option (nice's old syntax)
    bool permute = false;        // options may follow operands (GNU getopt without '+')
    bool singleDashLong = false; // "-name" style long options (find, ip): not used by parse()
};

// One option as parsed: its canonical name ("-u" or "--user") and value if any.
struct ParsedOption final {
    QString name;
    QString value;
    bool hasValue = false;
    bool dynamicValue = false;
};

struct ParsedOptions final {
    QList<ParsedOption> options;
    QList<qsizetype> operands; // indexes of the operands (all of them when permuting)
    qsizetype end = 0;         // index of the first word after the options (no permutation)
    QString error;             // set when an option is unknown or malformed

    bool has(const QString &name) const;
    QString value(const QString &name) const;
};

class OptionGrammar final {
public:
    // Parses argv[from..] (argv[0] is the program, named in errors). Without permutation,
    // parsing stops at the first operand (or after "--"); `end` is that index.
    static ParsedOptions parse(const QList<CommandWord> &argv, const OptionSpec &spec,
                               qsizetype from = 1);

private:
    static bool parseLong(const QList<CommandWord> &argv, qsizetype &i, const OptionSpec &spec,
                          ParsedOptions &out);
    static bool parseShort(const QList<CommandWord> &argv, qsizetype &i, const OptionSpec &spec,
                           ParsedOptions &out);
};

} // namespace pmcp
