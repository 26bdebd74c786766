#!/usr/bin/env python3
"""Writes the compact Proxmox VE API schema that proxmox-mcpd embeds (ApiSchema).

Input: the API viewer's schema tree (apidoc.json, an array of {path, info, children}).
Output: only what parameter validation needs, one line of JSON:
  {"format": 1, "paths": [{"path": "/nodes/{node}/qemu/{vmid}/status/start",
    "methods": {"POST": {"allowtoken": true, "protected": true,
      "params": {"timeout": {"type": "integer", "optional": true, "minimum": 0}}}}}]}

Usage: generate_compact_schema.py APIDOC_JSON OUTPUT_JSON
Python 3 standard library only; the output is deterministic (sorted keys).
"""

import json
import sys

# Parameter attributes kept, and the JSON type each must have to be kept.
KEPT = {
    "type": str,
    "enum": list,
    "minimum": (int, float),
    "maximum": (int, float),
    "maxLength": int,
    "pattern": str,
}


def compact_param(spec):
    out = {}
    for key, kind in KEPT.items():
        value = spec.get(key)
        if isinstance(value, kind) and not isinstance(value, bool):
            out[key] = value
    if spec.get("optional") in (1, True, "1"):
        out["optional"] = True
    # A named format ("pve-node", "pve-vmid") is a hint; property-string formats (objects) are
    # validated by Proxmox itself.
    if isinstance(spec.get("format"), str):
        out["format"] = spec["format"]
    if spec.get("type") == "array" and isinstance(spec.get("items"), dict):
        item_type = spec["items"].get("type")
        if isinstance(item_type, str):
            out["items"] = item_type
    return out


def compact_method(info):
    params = info.get("parameters") or {}
    properties = params.get("properties") or {}
    return {
        "allowtoken": bool(info.get("allowtoken")),
        "protected": bool(info.get("protected")),
        "params": {name: compact_param(spec) for name, spec in properties.items()},
    }


def walk(nodes):
    for node in nodes:
        yield node
        yield from walk(node.get("children") or [])


def compact(tree):
    paths = []
    for node in walk(tree):
        info = node.get("info") or {}
        methods = {m: compact_method(i) for m, i in info.items() if isinstance(i, dict)}
        paths.append({"path": node["path"], "methods": methods})
    paths.sort(key=lambda entry: entry["path"])
    return {"format": 1, "paths": paths}


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as source:
        tree = json.load(source)
    text = json.dumps(compact(tree), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    with open(argv[2], "w", encoding="utf-8", newline="\n") as target:
        target.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
