#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace pmcp {

// The one way a command line becomes the bytes a host runs, and the characters refused before
// anything judges or sends it: the policy judges exactly the bytes encode() gives, and no NUL
// (which libssh and execve would truncate at) or terminal control character ever gets past.
class CommandBytes final {
public:
    struct Refusal final {
        QString rule;     // "control-characters" or "invalid-unicode"
        QString reason;   // which character, at which byte offset, for a person
        qsizetype offset; // in the UTF-8 bytes
    };

    // Nothing when the line may be judged and sent. Refused: any character below U+0020 but
    // tab and newline, DEL (U+007F), and unpaired surrogates (UTF-8 cannot carry them, so the
    // bytes sent would differ from the text judged).
    static std::optional<Refusal> refusal(const QString &commandLine);
    // The UTF-8 bytes of a line refusal() accepted: what the host receives, byte for byte.
    static QByteArray encode(const QString &commandLine);

    static QString controlCharactersRule();
    static QString invalidUnicodeRule();
};

} // namespace pmcp
