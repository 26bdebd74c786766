#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QSet>
#include <QJsonValue>
#include <QString>

namespace pmcp {

// How requests are written on the wire for Proxmox: percent-encoded path segments, parameters
// as a query string or form body (booleans 0/1, arrays comma-joined), and SHA-256 certificate
// fingerprints in the spellings administrators paste.
class ProxmoxEncoding final {
public:
    // "/nodes/pve1/tasks/UPID:pve1:…:root@pam:/status" -> the encoded path. Each segment is
    // decoded first, so a caller may pre-encode one (e.g. "local:iso%2Fdebian.iso" keeps its
    // slash inside the segment); ':' and '@' stay as they are.
    static QByteArray encodePath(const QString &path);
    // "a=1&b=x%20y": keys in the object's (sorted) order; null values are left out.
    // arrayKeys: parameters sent as repeated keys (schema type array) instead of a comma list.
    static QByteArray encodeParams(const QJsonObject &params, const QSet<QString> &arrayKeys = {});
    // One parameter value as Proxmox expects it: true -> "1", 3.0 -> "3", [a,b] -> "a,b".
    static QString paramValue(const QJsonValue &value);

    // The 32 bytes of a SHA-256 fingerprint given as hex (with or without colons, any case) or
    // "SHA256:<base64>"; empty when it is none of these.
    static QByteArray parseFingerprint(const QString &text);
    // "AB:CD:…", as Proxmox shows it.
    static QString formatFingerprint(const QByteArray &digest);
};

} // namespace pmcp
