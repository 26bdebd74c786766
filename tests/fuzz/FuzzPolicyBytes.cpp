// libFuzzer entry point for "the bytes judged are the bytes sent": for any command line (read
// from the input as UTF-8 and, to reach unpaired surrogates as JSON escapes can, as UTF-16),
// if the command policy allows it, CommandBytes::encode (the conversion SshSessionWorker hands
// to ssh_channel_request_exec) gives bytes that decode back to exactly the judged text, equal
// the input where the input was valid UTF-8, and hold no NUL or other refused control
// character. And the policy denies whatever the executors' own door refuses.
#include "server/policy/CommandPolicy.h"
#include "shared/core/CommandBytes.h"

#include <QStringDecoder>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void violation(const char *what, const QString &input)
{
    std::fprintf(stderr, "FuzzPolicyBytes invariant violated: %s\n%s\n", what,
                 input.toUtf8().toHex(' ').constData());
    std::abort();
}

// What the host's shell reads from the bytes: every character, a leading U+FEFF too
// (QString::fromUtf8 drops an initial byte order mark, which the shell does not).
QString decodedAsSent(const QByteArray &sent)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
    return decoder(sent);
}

bool refusedByte(char byte)
{
    const auto c = static_cast<unsigned char>(byte);
    return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f;
}

void check(const pmcp::CommandPolicy &policy, const QString &judged, const QByteArray *original)
{
    const pmcp::PolicyDecision decision = policy.evaluate(judged);
    const bool doorRefuses = pmcp::CommandBytes::refusal(judged).has_value();
    if (!decision.allowed) {
        if (doorRefuses && decision.rule != pmcp::CommandBytes::controlCharactersRule() &&
            decision.rule != pmcp::CommandBytes::invalidUnicodeRule())
            violation("a refused character was denied under another rule", judged);
        return;
    }
    if (doorRefuses)
        violation("the policy allowed what the executors refuse", judged);
    const QByteArray sent = pmcp::CommandBytes::encode(judged);
    if (sent.contains('\0'))
        violation("an allowed command carries a NUL", judged);
    for (const char byte : sent) {
        if (refusedByte(byte))
            violation("an allowed command carries a refused control character", judged);
    }
    if (decodedAsSent(sent) != judged)
        violation("the bytes sent do not decode to the text judged", judged);
    if (original && QString::fromUtf8(*original).toUtf8() == *original && sent != *original)
        violation("valid UTF-8 input was not sent byte for byte", judged);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const pmcp::CommandPolicy strict = pmcp::CommandPolicy::defaults(false);
    static const pmcp::CommandPolicy relaxed = pmcp::CommandPolicy::defaults(true);
    if (size > 16 * 1024)
        return 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString asUtf8 = QString::fromUtf8(bytes);
    check(strict, asUtf8, &bytes);
    check(relaxed, asUtf8, &bytes);
    const QString asUtf16(reinterpret_cast<const QChar *>(bytes.constData()), bytes.size() / 2);
    check(strict, asUtf16, nullptr);
    check(relaxed, asUtf16, nullptr);
    return 0;
}
