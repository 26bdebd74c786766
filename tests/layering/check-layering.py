#!/usr/bin/env python3
"""Fails when a product file includes a header of a room it may not use.

The rooms and what each may include are the table below; docs/ARCHITECTURE.md draws the same
picture. The build enforces the same between libraries (each library's include folder shows only
its own rooms); this check also holds inside a library (policy may not use mcp) and names the
rule that was broken.
"""
import pathlib
import re
import sys

SHARED = ["shared/core", "shared/config"]
# room -> rooms it may include (its own is always allowed)
RULES = {
    "shared/core": [],
    "shared/config": ["shared/core"],
    # The session carries the client identity authentication produced (server/auth/ClientIdentity,
    # a plain value type): the one shape from the token store through HTTP to the tools.
    "server/mcp": SHARED + ["server/auth"],
    "server/policy": SHARED,
    "server/audit": SHARED,
    "server/auth": SHARED,
    "server/exec": SHARED,
    "server/ssh": SHARED + ["server/exec"],
    "server/proxmox": SHARED,
    "server/http": SHARED + ["server/mcp", "server/auth"],  # auth: ClientIdentity, as for mcp
    "server/tools": SHARED + ["server/mcp", "server/policy", "server/exec", "server/proxmox"],
    "server/ops": SHARED + ["server/http", "server/mcp"],
    # The simulator checks UPIDs with the parser the tools use (server/proxmox/Upid), so that
    # the fake and the client agree on one definition of a task id.
    "server/simulator": SHARED + ["server/http", "server/exec", "server/proxmox"],
    "server/app": SHARED + ["server/*"],
    "server/cli": SHARED + ["server/*"],
    "desktop/app": SHARED + ["desktop/*"],
    "desktop/ui": SHARED + ["desktop/*"],
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def room_of(path: str) -> str | None:
    parts = path.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 and parts[0] in ("shared", "server", "desktop") else None


def allowed(room: str, target: str) -> bool:
    if target == room:
        return True
    for rule in RULES[room]:
        if rule.endswith("/*") and target.startswith(rule[:-1]):
            return True
        if rule == target:
            return True
    return False


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    problems = []
    files = 0
    for top in ("shared", "server", "desktop"):
        for path in sorted((root / top).rglob("*")):
            if path.suffix not in (".h", ".cpp") or not path.is_file():
                continue
            rel = path.relative_to(root).as_posix()
            room = room_of(rel)
            if room is None:
                continue  # main.cpp of an executable: it may compose anything
            files += 1
            if room not in RULES:
                problems.append(f"{rel}: room {room} has no layering rule (add it to {__file__})")
                continue
            for include in INCLUDE.findall(path.read_text(encoding="utf-8")):
                if include.startswith("../"):
                    problems.append(f"{rel}: includes {include}: name the room in full instead")
                    continue
                target = room_of(include)
                if target is None:
                    continue  # a header beside the file
                if not allowed(room, target):
                    may = ", ".join(RULES[room]) or "nothing outside itself"
                    problems.append(f"{rel}: includes {include}, but {room} may include only {may}")
    for problem in problems:
        print(problem)
    print(f"layering: {files} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
