#pragma once

#include "shared/core/Result.h"

#include <QString>

namespace pmcp {

// The named formats of the Proxmox API schema that path segments use (pve-node, pve-vmid,
// pve-storage-id, pve-configid, pve-userid, ...), as Proxmox's JSONSchema.pm defines them, plus
// the ones the schema leaves as plain strings where a path needs more: "pve-upid" (a task id),
// "pve-volume-id" (storage:path without ".." or a leading "/") and "pve-guest-type" (qemu|lxc).
// A value that passes can go into a URL path as one segment; "." and ".." never pass.
class ApiFormats final {
public:
    static bool isKnown(const QString &format);
    static bool matches(const QString &format, const QString &value);
    // What the format expects, for messages: "a node name: letters, digits and '-'".
    static QString expectation(const QString &format);
    // Ok, or "argument NAME: "VALUE" is not EXPECTATION" (the value shortened and quoted).
    static Result<void> check(const QString &format, const QString &argument, const QString &value);
    // The value as one path segment: every character outside RFC 3986's unreserved set and
    // ":@" percent-encoded (so "/" becomes %2F and can never start a new segment).
    static QString segment(const QString &value);
};

} // namespace pmcp
