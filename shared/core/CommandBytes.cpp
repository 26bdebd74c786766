#include "shared/core/CommandBytes.h"

#include <array>

namespace pmcp {

namespace {

QString controlName(char16_t c)
{
    static constexpr std::array<const char *, 32> names = {
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS",  "HT",  "LF",
        "VT",  "FF",  "CR",  "SO",  "SI",  "DLE", "DC1", "DC2", "DC3", "DC4", "NAK",
        "SYN", "ETB", "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};
    const QString name = c == 0x7f ? QStringLiteral("DEL") : QString::fromLatin1(names.at(c));
    return QStringLiteral("%1 (0x%2)").arg(name).arg(int(c), 2, 16, QLatin1Char('0'));
}

qsizetype utf8Length(char32_t codePoint)
{
    return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

} // namespace

QString CommandBytes::controlCharactersRule()
{
    return QStringLiteral("control-characters");
}

QString CommandBytes::invalidUnicodeRule()
{
    return QStringLiteral("invalid-unicode");
}

std::optional<CommandBytes::Refusal> CommandBytes::refusal(const QString &commandLine)
{
    qsizetype offset = 0;
    const qsizetype size = commandLine.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t c = commandLine.at(i).unicode();
        if ((c < 0x20 && c != u'\t' && c != u'\n') || c == 0x7f) {
            return Refusal{controlCharactersRule(),
                           QStringLiteral("the command contains the control character %1 at "
                                          "byte %2; only tab and newline are allowed (a NUL "
                                          "would cut the command short on the host, escape "
                                          "sequences and carriage returns hide text)")
                               .arg(controlName(c))
                               .arg(offset),
                           offset};
        }
        if (QChar::isHighSurrogate(c) && i + 1 < size &&
            QChar::isLowSurrogate(commandLine.at(i + 1).unicode())) {
            offset += 4;
            ++i;
            continue;
        }
        if (QChar::isSurrogate(c)) {
            return Refusal{invalidUnicodeRule(),
                           QStringLiteral("the command is not valid Unicode: an unpaired "
                                          "surrogate (U+%1) at byte %2")
                               .arg(QString::number(int(c), 16).toUpper())
                               .arg(offset),
                           offset};
        }
        offset += utf8Length(c);
    }
    return std::nullopt;
}

QByteArray CommandBytes::encode(const QString &commandLine)
{
    return commandLine.toUtf8();
}

} // namespace pmcp
