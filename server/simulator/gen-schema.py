#!/usr/bin/env python3
"""Writes SimSchema.json (parameters and permission of every PVE API operation) from the
API viewer's apidoc.json. Usage: gen-schema.py apidoc.json > SimSchema.json"""
import json, sys

def param(spec):
    out = {"t": spec.get("type", "string")}
    if spec.get("optional"):
        out["o"] = 1
    for src, dst in (("enum", "e"), ("minimum", "min"), ("maximum", "max")):
        if src in spec:
            out[dst] = spec[src]
    return out

def permission(perms):
    check = (perms or {}).get("check")
    if isinstance(check, list) and len(check) >= 3 and check[0] == "perm" and isinstance(check[2], list):
        return [check[1], check[2][0]]
    return None

def main():
    tree = json.load(open(sys.argv[1]))
    ops = {}
    def walk(nodes):
        for node in nodes:
            for method, info in node.get("info", {}).items():
                entry = {"p": {k: param(v) for k, v in info.get("parameters", {}).get("properties", {}).items()}}
                perm = permission(info.get("permissions"))
                if perm:
                    entry["perm"] = perm
                if not info.get("allowtoken"):
                    entry["notoken"] = 1
                ops[method + " " + node["path"]] = entry
            walk(node.get("children", []))
    walk(tree)
    json.dump({"source": "pve-docs api-viewer apidoc.json (PVE 9.2)", "operations": ops}, sys.stdout, separators=(",", ":"), sort_keys=True)

main()
