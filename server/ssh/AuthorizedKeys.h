#pragma once

#include "shared/core/Result.h"

#include <QString>

namespace pmcp {

// The exact command lines key rotation runs on the host to change SSH_USER's authorized_keys
// (SSH_AUTHORIZED_KEYS). They do not pass the AI-facing command policy, so they are fixed
// scripts: the only inputs are a path and a key blob checked to a plain character set and put
// between single quotes. Each change writes a temporary file and renames it over the old one, so
// the host never holds a half-written authorized_keys.
namespace AuthorizedKeys {
// The path as it may appear in a command: letters, digits, "._-/" and "~/" at the start
// (relative paths are relative to the login's home, as sshd reads them).
Result<QString> checkPath(const QString &path);
// Adds "type blob comment" unless a line already holds blob; creates the file (0600) and its
// folder (0700) when missing.
Result<QString> addCommand(const QString &path, const QString &type, const QString &blob,
                           const QString &comment);
// Removes every line that holds blob as a field; the other lines stay as they are. keepCopy:
// the file as it was stays beside it (path.pmcp-before) for restoreCommand.
Result<QString> removeCommand(const QString &path, const QString &blob, bool keepCopy = false);
// Puts the copy removeCommand kept back in place, exactly as the file was.
Result<QString> restoreCommand(const QString &path);
// Deletes that copy once it is no longer needed.
Result<QString> dropCopyCommand(const QString &path);
} // namespace AuthorizedKeys

} // namespace pmcp
