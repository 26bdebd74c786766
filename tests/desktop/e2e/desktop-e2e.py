#!/usr/bin/env python3
"""The desktop control center end to end, driven only through the accessibility tree (AT-SPI).

Runs inside a private D-Bus session with a Secret Service (with-secret-service.sh). Starts Xvfb,
the AT-SPI bus, `proxmox-mcpd demo` on a free port and `proxmox-mcp-desktop --connect URL`; then,
finding every control by its role and accessible name and acting through the Action and
EditableText interfaces as assistive technology does: fills the admin token and connects,
approves the demo's pending client (checked with `clients list`), edits one setting, applies it
(checked in the file), rolls it back (checked again), creates a backup and verifies it, and saves
a screenshot of the screen, checked not to be blank. Every wait has a deadline; on a failure the
window's accessibility tree is printed. Stops everything it started, by PID.

Usage: desktop-e2e.py PROXMOX_MCPD PROXMOX_MCP_DESKTOP OUTPUT_DIR
"""

import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import traceback
import zlib

DEADLINE_S = 30
SETTING = "MCP_ALLOWED_ORIGINS"
SETTING_VALUE = "https://desk.example"

started = []  # (name, Popen), stopped in reverse order


def start(name, argv, **kwargs):
    process = subprocess.Popen(argv, **kwargs)
    started.append((name, process))
    return process


def stop_all():
    for name, process in reversed(started):
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                print(f"{name} (pid {process.pid}) did not stop in 10 s: killing it")
                process.kill()
                process.wait()


class Failure(Exception):
    pass


def wait_for(what, probe, deadline_s=DEADLINE_S):
    """Calls probe until it returns something truthy; fails with `what` after the deadline."""
    end = time.monotonic() + deadline_s
    last_error = None
    while time.monotonic() < end:
        try:
            value = probe()
            if value:
                return value
        except Exception as error:  # a defunct or not yet exported object: try again
            last_error = error
        pump()
        time.sleep(0.1)
    detail = f" (last error: {last_error})" if last_error else ""
    raise Failure(f"timed out after {deadline_s} s waiting for {what}{detail}")


def free_display():
    """Starts Xvfb on a display number it picks itself (-displayfd) and returns ':N'."""
    read_end, write_end = os.pipe()
    start("Xvfb", ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x900x24",
                   "-nolisten", "tcp"], pass_fds=(write_end,), stdout=subprocess.DEVNULL,
          stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        number = pipe.readline().strip()
    if not number:
        raise Failure("Xvfb did not start")
    return ":" + number


def bus_has(name):
    answer = subprocess.run(
        ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
         "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:" + name],
        capture_output=True, text=True)
    return "boolean true" in answer.stdout


# --- the accessibility tree -------------------------------------------------------------------

pyatspi = None


def pump():
    """Lets libatspi handle the signals that arrived (new applications, changed children)."""
    if pyatspi is None:
        return
    from gi.repository import GLib
    context = GLib.MainContext.default()
    while context.pending():
        context.iteration(False)


def application(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    desktop.clearCache()  # an application that registered since the last look
    for index in range(desktop.childCount):
        app = desktop.getChildAtIndex(index)
        if app is not None and app.get_process_id() == pid:
            return app
    return None


def registered_applications():
    desktop = pyatspi.Registry.getDesktop(0)
    names = []
    for index in range(desktop.childCount):
        app = desktop.getChildAtIndex(index)
        try:
            names.append(f"{app.name} (pid {app.get_process_id()})" if app else "(none)")
        except Exception as error:
            names.append(f"(unreadable: {error})")
    return names


def showing(node):
    return node.getState().contains(pyatspi.STATE_SHOWING)


def walk(node, only_showing=True):
    """The node and its descendants, breadth first, not descending into hidden widgets."""
    queue = [node]
    while queue:
        current = queue.pop(0)
        yield current
        try:
            count = current.childCount
        except Exception:
            continue
        for index in range(count):
            child = current.getChildAtIndex(index)
            if child is None:
                continue
            if only_showing and current.getRole() != pyatspi.ROLE_APPLICATION and not showing(child):
                continue
            queue.append(child)


def find(app, roles, name, only_showing=True):
    for node in walk(app, only_showing):
        try:
            if node.name == name and node.getRole() in roles:
                return node
        except Exception:
            continue
    return None


def wait_find(app_of, roles, name, what=None, enabled=False):
    def probe():
        node = find(app_of(), roles, name)
        if node is not None and enabled and not node.getState().contains(pyatspi.STATE_ENABLED):
            return None
        return node
    return wait_for(what or f"“{name}”" + (" (enabled)" if enabled else ""), probe)


def act(node, *names):
    """Performs the first action of the node whose name is one of `names` (Press, Toggle, …)."""
    action = node.queryAction()
    available = [action.getName(i) for i in range(action.nActions)]
    for wanted in names:
        for index, name in enumerate(available):
            if name.lower() == wanted.lower():
                if not action.doAction(index):
                    raise Failure(f"“{node.name}” refused the action {name}")
                return
    raise Failure(f"“{node.name}” offers no action of {names}: only {available}")


def press(node):
    act(node, "Press", "Click", "Activate")


def set_text(node, text):
    if not node.queryEditableText().setTextContents(text):
        raise Failure(f"“{node.name}” refused the text")


def text_of(node):
    try:
        text = node.queryText()
        return text.getText(0, text.characterCount)
    except NotImplementedError:
        return node.description or ""


def table_rows(table):
    """The first column's text of each row of a table or tree table."""
    interface = table.queryTable()
    return [interface.getAccessibleAt(row, 0).name for row in range(interface.nRows)]


def describe_tree(app, out):
    def visit(node, depth):
        try:
            role = node.getRoleName()
            states = node.getState().getStates()
            flags = []
            if pyatspi.STATE_SHOWING not in states:
                flags.append("hidden")
            if pyatspi.STATE_ENABLED not in states:
                flags.append("disabled")
            extra = ""
            try:
                extra = " text=" + json.dumps(text_of(node)[:120])
            except Exception:
                pass
            out.write(f"{'  ' * depth}[{role}] {json.dumps(node.name)}"
                      f"{' (' + ', '.join(flags) + ')' if flags else ''}{extra}\n")
            if pyatspi.STATE_SHOWING not in states and depth > 1:
                return
            for index in range(node.childCount):
                child = node.getChildAtIndex(index)
                if child is not None:
                    visit(child, depth + 1)
        except Exception as error:
            out.write(f"{'  ' * depth}(unreadable: {error})\n")
    visit(app, 0)


# --- screenshots ----------------------------------------------------------------------------

def xwd_to_png(xwd_path, png_path, crop=None):
    """Converts a true-colour ZPixmap XWD dump (4 bytes a pixel) to PNG (optionally cropped to x, y, w, h) and returns
    the number of distinct colours in it."""
    data = open(xwd_path, "rb").read()
    header = struct.unpack(">25I", data[:100])
    header_size, width, height = header[0], header[4], header[5]
    bits_per_pixel, bytes_per_line, ncolors = header[11], header[12], header[19]
    byte_order = header[7]
    # Xvfb says 24 bits per pixel for depth 24 and keeps each pixel in 4 bytes all the same.
    if bits_per_pixel not in (24, 32) or bytes_per_line < width * 4:
        raise Failure(f"the screen dump has {bits_per_pixel} bits per pixel in "
                      f"{bytes_per_line} bytes a line: not 4 bytes a pixel")
    pixels = data[header_size + ncolors * 12:]
    if crop == "window":
        crop = painted_area(pixels, width, height, bytes_per_line)
    x0, y0, w, h = crop or (0, 0, width, height)
    x0, y0 = max(0, x0), max(0, y0)
    w, h = min(w, width - x0), min(h, height - y0)
    rows = []
    colours = set()
    for y in range(y0, y0 + h):
        line = pixels[(y * bytes_per_line) + x0 * 4:(y * bytes_per_line) + (x0 + w) * 4]
        rgb = bytearray()
        for x in range(0, len(line), 4):
            b, g, r = (line[x], line[x + 1], line[x + 2]) if byte_order == 0 else \
                (line[x + 3], line[x + 2], line[x + 1])
            rgb += bytes((r, g, b))
        if y % 8 == 0:
            colours.update(bytes(rgb[i:i + 3]) for i in range(0, len(rgb), 24))
        rows.append(b"\x00" + bytes(rgb))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + \
            struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
    with open(png_path, "wb") as out:
        out.write(png)
    return len(colours)


def painted_area(pixels, width, height, bytes_per_line):
    """The smallest rectangle holding every pixel that is not the black of the bare screen."""
    black = b"\x00\x00\x00"
    rows = [y for y in range(height)
            if any(pixels[y * bytes_per_line + x * 4:y * bytes_per_line + x * 4 + 3] != black
                   for x in range(0, width, 4))]
    if not rows:
        return None
    columns = [x for x in range(width)
               if any(pixels[y * bytes_per_line + x * 4:y * bytes_per_line + x * 4 + 3] != black
                      for y in range(rows[0], rows[-1] + 1, 4))]
    return (columns[0], rows[0], columns[-1] - columns[0] + 1, rows[-1] - rows[0] + 1)


def screenshot(display, out_dir, name, crop=None):
    dump = os.path.join(out_dir, name + ".xwd")
    subprocess.run(["xwd", "-root", "-silent", "-display", display, "-out", dump], check=True)
    png = os.path.join(out_dir, name + ".png")
    colours = xwd_to_png(dump, png, crop)
    os.remove(dump)
    if colours < 16:
        raise Failure(f"the screenshot {png} is blank ({colours} colours)")
    print(f"screenshot: {png} ({colours} colours sampled)")
    return png


# --- the run --------------------------------------------------------------------------------

def main():
    global pyatspi
    daemon, desktop_program, out_dir = sys.argv[1:4]
    os.makedirs(out_dir, exist_ok=True)
    state_dir = tempfile.mkdtemp(prefix="pmcp-desktop-e2e-")
    try:
        display = free_display()
        os.environ["DISPLAY"] = display
        start("at-spi-bus-launcher", [os.environ.get("PMCP_ATSPI_BUS_LAUNCHER",
                                                     "/usr/libexec/at-spi-bus-launcher"),
                                      "--launch-immediately"],
              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for("the AT-SPI bus on the session bus", lambda: bus_has("org.a11y.Bus"))
        import pyatspi as module  # connects to the AT-SPI bus: only once it runs
        pyatspi = module
        # The registry answers (started on the AT-SPI bus if it was not) before any application
        # registers with it.
        wait_for("the AT-SPI registry", lambda: pyatspi.Registry.getDesktop(0) is not None and
                 pyatspi.Registry.getDesktop(0).childCount >= 0)

        demo_log = open(os.path.join(out_dir, "demo.log"), "w")
        start("proxmox-mcpd demo", [daemon, "demo", "--port", "0", "--state-dir", state_dir],
              stdout=demo_log, stderr=subprocess.STDOUT)

        def demo_ready():
            text = open(demo_log.name).read()
            return text if "Press Ctrl-C to stop." in text else None
        banner = wait_for("the demo's banner", demo_ready)
        url = re.search(r"admin API:\s+(http://[0-9.]+:[0-9]+)/api/admin/", banner).group(1)
        token = re.search(r"admin token:\s+(pmcp_admin_\S+)", banner).group(1)
        request = re.search(r"access request:\s+(\S+)", banner).group(1)
        config = os.path.join(state_dir, "proxmox-mcp.env")
        print(f"demo on {url}, access request {request}")

        def cli(*args):
            answer = subprocess.run([daemon, *args, "--config", config], capture_output=True,
                                    text=True, timeout=60)
            if answer.returncode != 0:
                raise Failure(f"proxmox-mcpd {' '.join(args)} failed: {answer.stderr.strip()}")
            return answer.stdout

        env = dict(os.environ, QT_QPA_PLATFORM="xcb", QT_ACCESSIBILITY="1",
                   QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", LANG="C.UTF-8", LC_ALL="C.UTF-8",
                   LANGUAGE="")
        desktop_log = open(os.path.join(out_dir, "desktop.log"), "w")
        window = start("proxmox-mcp-desktop", [desktop_program, "--connect", url], env=env,
                       stdout=desktop_log, stderr=subprocess.STDOUT)
        try:
            app_node = wait_for("the desktop on the AT-SPI bus", lambda: application(window.pid))
        except Failure:
            print("Registered on the AT-SPI bus:", registered_applications())
            print("The desktop's output:\n" + open(desktop_log.name).read()[-4000:])
            raise

        def app():
            if window.poll() is not None:
                raise SystemExit(f"FAIL: the desktop exited with status {window.returncode}")
            return app_node

        try:
            run(app, cli, token, request, config, display, out_dir)
        except (Failure, Exception):
            traceback.print_exc()
            print("\nThe desktop's accessibility tree at the failure:")
            try:
                describe_tree(app_node, sys.stdout)
            except Exception as error:
                print(f"(could not be read: {error})")
            print("\nThe desktop's output:\n" + open(desktop_log.name).read()[-4000:])
            return 1
        print("PASS: connected, approved, applied and rolled back, backed up and verified")
        return 0
    finally:
        stop_all()
        shutil.rmtree(state_dir, ignore_errors=True)


def run(app, cli, token, request, config, display, out_dir):
    TEXT = (pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY)
    PASSWORD = (pyatspi.ROLE_PASSWORD_TEXT,) + TEXT
    BUTTON = (pyatspi.ROLE_PUSH_BUTTON,)
    LABEL = (pyatspi.ROLE_LABEL, pyatspi.ROLE_STATIC)
    TAB = (pyatspi.ROLE_PAGE_TAB,)
    TABLE = (pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE, pyatspi.ROLE_LIST)

    def label_says(name, pattern):
        def probe():
            node = find(app(), LABEL, name)
            return node is not None and re.search(pattern, text_of(node) + " " +
                                                  (node.description or ""))
        wait_for(f"“{name}” to say /{pattern}/", probe)

    def open_page(title):
        press(wait_find(app, TAB, title, f"the {title} tab"))
        wait_find(app, (pyatspi.ROLE_FILLER,), title, f"the {title} page")

    def answer_yes():
        press(wait_find(app, BUTTON, "Yes", "the confirmation's Yes button"))

    # 1. Connect: the address is filled in by --connect; the token is typed.
    address = wait_find(app, TEXT, "Daemon address", "the connect page")
    print("address:", text_of(address))
    set_text(wait_find(app, PASSWORD, "Admin token"), token)
    press(wait_find(app, BUTTON, "Connect", enabled=True))
    wait_find(app, (pyatspi.ROLE_FILLER,), "Dashboard", "the dashboard after connecting")
    print("connected")

    # 2. Approve the demo's pending client on the Clients page.
    open_page("Clients")
    pending = wait_find(app, TABLE, "Access requests", "the pending requests")
    wait_for("the demo's request in the list",
             lambda: any(request in cell for cell in all_cells(pending)))
    press(wait_find(app, BUTTON, "Approve the selected request", enabled=True))
    label_says("Clients message", "Approved " + re.escape(request))

    def approved():
        entries = json.loads(cli("clients", "list", "--json"))
        return [e for e in entries if e.get("kind") == "oauth" and e.get("state") == "active"]
    grant = wait_for("the approved client in `clients list`", approved)
    print("approved:", grant[0]["name"], grant[0]["scope"])

    # 3. Edit one setting, apply it, check the file; roll it back, check again.
    open_page("Configuration")
    editor = wait_find(app, TEXT, "Setting " + SETTING)
    set_text(editor, SETTING_VALUE)
    press(wait_find(app, BUTTON, "Apply changes", enabled=True))
    answer_yes()
    line = f"{SETTING}={SETTING_VALUE}"
    wait_for(f"{line} in the configuration file", lambda: line in open(config).read())
    print("applied:", line)
    history = wait_find(app, TABLE, "Configuration versions")
    wait_for("two kept versions", lambda: len(table_rows(history)) >= 2)
    rows = table_rows(history)
    print("versions:", rows)
    select_row(history, rows.index("1"))
    press(wait_find(app, BUTTON, "Roll back to the selected version", enabled=True))
    answer_yes()
    wait_for(f"{line} gone from the configuration file",
             lambda: line not in open(config).read() and SETTING_VALUE not in open(config).read())
    label_says("Configuration message", "Rolled back to version 1")
    print("rolled back to version 1")

    # 4. Create a backup and verify it.
    open_page("Backups")
    press(wait_find(app, BUTTON, "Back up the daemon's state now", enabled=True))
    label_says("Backups message", r"Backed up to \S+\.tar\.gz .*verified")
    backups = wait_find(app, TABLE, "Backups")
    wait_for("the new backup in the list", lambda: len(table_rows(backups)) >= 1)
    press(wait_find(app, BUTTON, "Verify the selected backup", enabled=True))
    label_says("Backups message", r"is intact: \d+ file")
    listed = json.loads(cli("backup", "list", "--json"))
    print("backups:", json.dumps(listed)[:300])

    # 5. The dashboard, and a screenshot of the screen.
    open_page("Dashboard")
    wait_find(app, (pyatspi.ROLE_LIST,), "Recent events", "the dashboard's recent events")
    screenshot(display, out_dir, "desktop-e2e-screen")
    screenshot(display, out_dir, "desktop-e2e-dashboard", "window")


def all_cells(table):
    interface = table.queryTable()
    return [interface.getAccessibleAt(r, c).name for r in range(interface.nRows)
            for c in range(interface.nColumns)]


def select_row(table, row):
    """Selects one row as assistive technology does: through the Table interface."""
    if not table.queryTable().addRowSelection(row):
        raise Failure(f"“{table.name}” refused to select row {row}")
    wait_for(f"row {row} of “{table.name}” selected",
             lambda: table.queryTable().isRowSelected(row))


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    sys.exit(main())
