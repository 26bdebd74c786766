#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace pmcp {

// The filters the demo shell runs after a `|`: grep, head, tail, wc and sort with their common
// options, on the previous stage's output. A pure function of the words and the input.
class SimShellFilters final {
public:
    struct Output {
        int exitStatus = 0;
        QByteArray out;
        QByteArray err;
    };

    static bool isFilter(const QString &program);
    // The programs it knows, for messages: "grep, head, tail, wc, sort".
    static QString known();
    // words: the program and its arguments.
    static Output run(const QStringList &words, const QByteArray &input);

private:
    static Output grep(const QStringList &args, const QByteArray &input);
    static Output headOrTail(bool head, const QStringList &args, const QByteArray &input);
    static Output wc(const QStringList &args, const QByteArray &input);
    static Output sort(const QStringList &args, const QByteArray &input);
};

} // namespace pmcp
