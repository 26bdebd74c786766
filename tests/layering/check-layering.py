#!/usr/bin/env python3
"""Fails when a product file includes a header of a room it may not use.

The rooms and what each may include are the table below; docs/ARCHITECTURE.md draws the same
picture. The build enforces the same between libraries (each library's include folder shows only
its own rooms); this check also holds inside a library (policy may not use mcp) and names the
rule that was broken.

Tests and benchmarks reach shared helpers only through tests/support (docs/TESTING.md): no file
under tests/ or benchmarks/ includes with ../ or includes another test folder's file, no
CMakeLists.txt there names a source with ../, and no product file includes anything of tests/.
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
    # The event bus (what the admin event stream carries) may be published to from any room
    # above it; it includes nothing of the project but shared/.
    "server/events": SHARED,
    "server/exec": SHARED,
    "server/ssh": SHARED + ["server/exec"],
    "server/proxmox": SHARED,
    "server/http": SHARED + ["server/mcp", "server/auth", "server/events"],  # auth: ClientIdentity, as for mcp
    "server/tools": SHARED + ["server/mcp", "server/policy", "server/exec", "server/proxmox", "server/events"],
    "server/ops": SHARED + ["server/http", "server/mcp", "server/events"],
    # The simulator checks UPIDs with the parser the tools use (server/proxmox/Upid), so that
    # the fake and the client agree on one definition of a task id.
    "server/simulator": SHARED + ["server/http", "server/exec", "server/proxmox"],
    # Client access (OAuth with an administrator's approval): routes over the HTTP front end, the
    # identity they produce (server/auth) and the events they announce.
    "server/oauth": SHARED + ["server/http", "server/auth", "server/events"],
    # Backups of the state: the archive and its schedule; progress goes to the event bus.
    "server/backup": SHARED + ["server/events"],
    # Alerts: conditions from the admin events, delivered over libcurl; no HTTP front end.
    "server/alerts": SHARED + ["server/events"],
    # The admin API's routes: over the HTTP front end and what they report on.
    "server/admin": SHARED + ["server/http", "server/mcp", "server/ops", "server/events",
                              "server/auth", "server/audit", "server/backup", "server/oauth",
                              "server/alerts"],
    "server/app": SHARED + ["server/*"],
    "server/cli": SHARED + ["server/*"],
    # The admin API client: Qt Network and shared/core only, never server code.
    "shared/admin": ["shared/core"],
    "desktop/app": SHARED + ["shared/admin", "desktop/*"],
    "desktop/ui": SHARED + ["shared/admin", "desktop/*"],
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
TEST_TOPS = ("tests", "benchmarks")
SUPPORT = "tests/support/"


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


def test_sources(root: pathlib.Path):
    for top in TEST_TOPS:
        for path in sorted((root / top).rglob("*")):
            if path.is_file() and "node_modules" not in path.parts:
                yield path, path.relative_to(root).as_posix()


def check_tests(root: pathlib.Path, problems: list[str]) -> int:
    """Tests and benchmarks: helpers through tests/support only, never through ../ paths."""
    files = 0
    for path, rel in test_sources(root):
        if path.suffix in (".h", ".cpp"):
            files += 1
            for include in INCLUDE.findall(path.read_text(encoding="utf-8")):
                if include.startswith("../") or "/../" in include:
                    problems.append(f"{rel}: includes {include}: link a library of {SUPPORT} and "
                                    f"include {SUPPORT}<Header>.h instead")
                elif include.startswith(TEST_TOPS) and not include.startswith(SUPPORT):
                    problems.append(f"{rel}: includes {include}: a helper used by more than one "
                                    f"test folder belongs in {SUPPORT}")
        elif path.name == "CMakeLists.txt":
            files += 1
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                code = line.split("#", 1)[0]
                if "../" in code:
                    problems.append(f"{rel}:{number}: names a path with ../: link a library of "
                                    f"{SUPPORT} instead of compiling another folder's sources")
    return files


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
                if include.startswith("tests/"):
                    problems.append(f"{rel}: includes {include}: product code may not use tests")
                    continue
                target = room_of(include)
                if target is None:
                    continue  # a header beside the file
                if not allowed(room, target):
                    may = ", ".join(RULES[room]) or "nothing outside itself"
                    problems.append(f"{rel}: includes {include}, but {room} may include only {may}")
    test_files = check_tests(root, problems)
    for problem in problems:
        print(problem)
    print(f"layering: {files} product files, {test_files} test files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
