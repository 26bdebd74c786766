#!/usr/bin/env python3
"""Fails when a product file logs around its room's logging category.

Every log line goes through qCDebug/qCInfo/qCWarning/qCCritical with the category of its room,
so that QT_LOGGING_RULES can turn one room up ("pmcp.mcp.debug=true"). Each room that logs
declares its category once, in a header of its own (Q_DECLARE_LOGGING_CATEGORY), and defines it
in a .cpp of its own (Q_LOGGING_CATEGORY) under the name CATEGORIES gives it.
qFatal stays: Qt 6.4 has no qCFatal.
"""
import pathlib
import re
import sys

# room -> the name of its category
CATEGORIES = {
    "shared/config": "pmcp.config",
    "server/mcp": "pmcp.mcp",
    "server/policy": "pmcp.policy",
    "server/audit": "pmcp.audit",
    "server/auth": "pmcp.auth",
    "server/exec": "pmcp.exec",
    "server/ssh": "pmcp.ssh",
    "server/proxmox": "pmcp.proxmox",
    "server/http": "pmcp.http",
    "server/tools": "pmcp.tools",
    "server/ops": "pmcp.ops",
    "server/backup": "pmcp.backup",
    "server/alerts": "pmcp.alerts",
    "server/simulator": "pmcp.simulator",
    "server/app": "pmcp.app",
    "server/cli": "pmcp.cli",
    "desktop/app": "pmcp.desktop",
    "desktop/ui": "pmcp.desktop",
}
UNQUALIFIED = re.compile(r"\bq(Debug|Info|Warning|Critical)\s*\(")
DEFINITION = re.compile(r'\bQ_LOGGING_CATEGORY\s*\(\s*(\w+)\s*,\s*"([^"]*)"')
DECLARATION = re.compile(r"\bQ_DECLARE_LOGGING_CATEGORY\s*\(\s*(\w+)\s*\)")
# Comments and the insides of string literals, which may name the macros without calling them.
NOISE = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"', re.S)


def room_of(path: str) -> str | None:
    parts = path.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 and parts[0] in ("shared", "server", "desktop") else None


def code_of(text: str) -> str:
    return NOISE.sub(lambda m: '""' if m.group(0).startswith('"') else " ", text)


def problems_in(rel: str, text: str, definitions: dict) -> list[str]:
    """The problems of one file; records its category definitions in definitions[room]."""
    problems = []
    room = room_of(rel)
    code = code_of(text)
    for match in UNQUALIFIED.finditer(code):
        line = code.count("\n", 0, match.start()) + 1
        problems.append(f"{rel}:{line}: q{match.group(1)} without a category: use qC{match.group(1)}"
                        f"(<the {CATEGORIES.get(room, 'room')} category>, ...)")
    for match in DEFINITION.finditer(text):
        name = match.group(2)
        if room is None or CATEGORIES.get(room) != name:
            problems.append(f"{rel}: defines category {name}, but {room}'s category is "
                            f"{CATEGORIES.get(room, 'not in the table')}")
        elif not rel.endswith(".cpp"):
            problems.append(f"{rel}: defines category {name} in a header: define it in a .cpp")
        else:
            definitions.setdefault(room, []).append(rel)
    for match in DECLARATION.finditer(text):
        if not rel.endswith(".h"):
            problems.append(f"{rel}: declares category {match.group(1)} outside a header")
    return problems


def self_test() -> list[str]:
    """Each case must give the expected number of problems, or this check could not fail."""
    cases = [
        ("server/mcp/A.cpp", 'qCWarning(lcMcp, "fine");', 0),
        ("server/mcp/A.cpp", 'qWarning("bare");', 1),
        ("server/mcp/A.cpp", "qDebug() << x;\nqInfo(\"a\");\nqCritical(\"b\");", 3),
        ("server/mcp/A.cpp", '// qWarning("in a comment")\nauto s = "qDebug(";', 0),
        ("server/mcp/A.cpp", 'qFatal("cannot go on");', 0),
        ("server/mcp/A.cpp", 'Q_LOGGING_CATEGORY(lcMcp, "pmcp.mcp")', 0),
        ("server/mcp/A.cpp", 'Q_LOGGING_CATEGORY(lcHttp, "pmcp.http")', 1),
        ("server/mcp/A.h", 'Q_LOGGING_CATEGORY(lcMcp, "pmcp.mcp")', 1),
        ("server/mcp/A.cpp", "Q_DECLARE_LOGGING_CATEGORY(lcMcp)", 1),
    ]
    failures = []
    for rel, text, expected in cases:
        got = problems_in(rel, text, {})
        if len(got) != expected:
            failures.append(f"self test: {text!r} in {rel}: expected {expected} problems, got {got}")
    return failures


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    problems = self_test()
    definitions: dict = {}
    files = 0
    for top in ("shared", "server", "desktop"):
        for path in sorted((root / top).rglob("*")):
            if path.suffix not in (".h", ".cpp") or not path.is_file():
                continue
            files += 1
            rel = path.relative_to(root).as_posix()
            problems += problems_in(rel, path.read_text(encoding="utf-8"), definitions)
    for room, where in sorted(definitions.items()):
        if len(where) > 1:
            problems.append(f"{room}: its category is defined more than once: {', '.join(where)}")
    for problem in problems:
        print(problem)
    print(f"{files} files, {len(definitions)} rooms with a category, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
