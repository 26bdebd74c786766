#!/usr/bin/env python3
"""ResourcesMetricNames: every pmcp_* metric the Grafana dashboard and the alert rules use is one
a live proxmox-mcpd exports. Starts the daemon (the built binary) on a free port with a throwaway
STATE_DIR, reads /metrics, compares, stops the daemon by its PID.
Usage: check-metric-names.py DAEMON SOURCE_DIR"""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

daemon, source = sys.argv[1], sys.argv[2]
dashboard = os.path.join(source, "resources/grafana/proxmox-mcp.json")
rules = os.path.join(source, "resources/prometheus/proxmox-mcp.rules.yml")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def live_families():
    with tempfile.TemporaryDirectory() as work:
        os.chmod(work, 0o700)
        port = free_port()
        config = os.path.join(work, "proxmox-mcp.env")
        with open(config, "w") as f:
            f.write(f"STATE_DIR={work}/state\nMCP_PORT={port}\nMETRICS_PUBLIC=true\n"
                    "ENABLE_PROXMOX_API=false\nENABLE_SSH=false\n")
        os.chmod(config, 0o600)
        process = subprocess.Popen([daemon, "serve", "--config", config],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 15
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as r:
                        text = r.read().decode()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        sys.exit("the daemon did not serve /metrics: " +
                                 process.stderr.read().decode() if process.poll() is not None
                                 else "the daemon did not serve /metrics within 15 s")
                    time.sleep(0.1)
        finally:
            process.terminate()
            process.wait(timeout=15)
    families = {}
    for line in text.splitlines():
        match = re.match(r"# TYPE (\S+) (\S+)", line)
        if match:
            families[match.group(1)] = match.group(2)
    return families


def used_names():
    exprs = []
    with open(dashboard) as f:
        for panel in json.load(f)["panels"]:
            exprs += [t["expr"] for t in panel.get("targets", [])]
    with open(rules) as f:
        exprs += [line.split("expr:", 1)[1] for line in f if "expr:" in line]
    names = set()
    for expr in exprs:
        names.update(re.findall(r"\bpmcp_[a-z0-9_]+", expr))
    return names, len(exprs)


families = live_families()
names, count = used_names()
missing = []
for name in sorted(names):
    base = re.sub(r"_(bucket|sum|count)$", "", name)
    if name in families or (base != name and families.get(base) == "histogram"):
        continue
    missing.append(name)
print(f"{count} queries use {len(names)} metric names; the daemon exports {len(families)} families")
if missing:
    sys.exit("not exported by the daemon: " + ", ".join(missing))
print("OK")
