// libFuzzer entry point for the .env codec: whatever parses must survive serialize() and
// set()-rewriting with the same keys and values.
#include "shared/config/EnvFile.h"

#include <cstdint>
#include <cstdlib>

namespace {

bool sameEntries(const QList<pmcp::EnvFile::Entry> &a, const QList<pmcp::EnvFile::Entry> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].key != b[i].key || a[i].value != b[i].value)
            return false;
    }
    return true;
}

void requireRoundTrip(const QList<pmcp::EnvFile::Entry> &expected, const pmcp::EnvFile &file)
{
    const auto reparsed = pmcp::EnvFile::parse(file.serialize());
    if (!reparsed.ok() || !sameEntries(expected, reparsed.value().entries()))
        abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto parsed = pmcp::EnvFile::parse(input);
    if (!parsed.ok())
        return 0;
    const pmcp::EnvFile &file = parsed.value();
    const auto entries = file.entries();

    // Untouched: serialize() gives back the lines as read.
    requireRoundTrip(entries, file);

    // Every value rewritten in place: exercises quoting next to prefixes and comments.
    pmcp::EnvFile edited = file;
    for (const auto &entry : entries)
        edited.set(entry.key, entry.value);
    requireRoundTrip(entries, edited);

    // Every value written into a fresh file.
    pmcp::EnvFile fresh;
    for (const auto &entry : entries)
        fresh.set(entry.key, entry.value);
    requireRoundTrip(entries, fresh);
    return 0;
}
