// Shared plumbing for the end-to-end scripts: a private STATE_DIR and config, the daemon's
// CLI, a served daemon whose port is read from its log, the official SDK, and cleanup that
// runs on success, on a failed assertion and on a signal.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { constants as osConstants, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

// tests/node/node_modules next to this folder, unless PMCP_NODE_MODULES names another one.
const nodeModules = process.env.PMCP_NODE_MODULES
    ? pathToFileURL(process.env.PMCP_NODE_MODULES.replace(/\/?$/, "/"))
    : new URL("../../node/node_modules/", import.meta.url);

export async function loadSdk() {
    const load = (path) => import(new URL(`@modelcontextprotocol/sdk/dist/esm/${path}`, nodeModules));
    try {
        const [client, http, stdio, types] = await Promise.all([
            load("client/index.js"), load("client/streamableHttp.js"), load("client/stdio.js"),
            load("types.js"),
        ]);
        return { ...client, ...http, ...stdio, ...types };
    } catch (error) {
        console.error(`SKIP: the MCP SDK is not installed (run \`npm ci\` in tests/node): ${error.message}`);
        process.exit(77);
    }
}

const cleanups = [];
export function onCleanup(fn) {
    cleanups.push(fn);
}
function cleanupAll() {
    while (cleanups.length) {
        try {
            cleanups.pop()();
        } catch (error) {
            console.error(`cleanup: ${error.message}`);
        }
    }
}
process.on("exit", cleanupAll);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => {
        cleanupAll();
        process.exit(128 + (osConstants.signals[signal] ?? 1));
    });
}

// Runs the steps of a script; the first failed assertion ends it with exit code 1.
export async function run(name, steps, { timeoutMs = 90_000 } = {}) {
    const timer = setTimeout(() => fail(`${name}: timed out after ${timeoutMs / 1000} s`), timeoutMs);
    timer.unref();
    try {
        await steps();
        console.log(`PASS: ${name}`);
        cleanupAll();
        process.exit(0);
    } catch (error) {
        fail(`${name}: ${error?.stack ?? error}`);
    }
}

export function fail(message) {
    console.error(`FAIL: ${message}`);
    cleanupAll();
    process.exit(1);
}

export function check(condition, message) {
    if (!condition) throw new Error(`assertion failed: ${message}`);
}

export function step(message) {
    console.log(`-- ${message}`);
}

export function daemonBinary() {
    const binary = process.argv[2] ?? process.env.PMCP_DAEMON;
    if (!binary) fail("usage: node SCRIPT.mjs PATH/TO/proxmox-mcpd");
    return binary;
}

// A fresh STATE_DIR and a minimal config file in it; both go away at exit.
export function makeConfig(extra = {}) {
    const dir = mkdtempSync(join(tmpdir(), "pmcp-e2e-"));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    const settings = {
        MCP_HOST: "127.0.0.1", MCP_PORT: "0", STATE_DIR: join(dir, "state"),
        ENABLE_PROXMOX_API: "false", ENABLE_SSH: "false", ...extra,
    };
    const file = join(dir, "proxmox-mcp.env");
    writeFileSync(file, Object.entries(settings).map(([k, v]) => `${k}=${v}\n`).join(""));
    return { dir, file };
}

export function cli(binary, args) {
    const result = spawnSync(binary, args, { encoding: "utf8", timeout: 30_000 });
    if (result.status !== 0)
        throw new Error(`proxmox-mcpd ${args.join(" ")} exited with ${result.status ?? result.signal}:\n${result.stderr}`);
    return result.stdout;
}

// `clients create` prints the token as the last line of stdout.
export function createClient(binary, config, name, { readOnly = false } = {}) {
    const out = cli(binary, ["clients", "create", name, ...(readOnly ? ["--read-only"] : []), "--config", config.file]);
    const token = out.trim().split("\n").pop().trim();
    check(token.length >= 16 && !/\s/.test(token), `clients create ${name} printed a token (got "${token}")`);
    return token;
}

export function revokeClient(binary, config, name) {
    cli(binary, ["clients", "revoke", name, "--config", config.file]);
}

// Starts `proxmox-mcpd serve` and resolves once its log names the URL it listens on.
export function startDaemon(binary, config) {
    const child = spawn(binary, ["serve", "--config", config.file], { stdio: ["ignore", "ignore", "pipe"] });
    onCleanup(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });
    let log = "";
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`daemon did not report its port within 20 s:\n${log}`)), 20_000);
        child.stderr.setEncoding("utf8");
        child.stderr.on("data", (chunk) => {
            log += chunk;
            const match = /listening on (http:\/\/127\.0\.0\.1:(\d+)(\/\S*))/.exec(log);
            if (match) {
                clearTimeout(timer);
                resolve({ child, url: match[1], port: Number(match[2]), path: match[3], log: () => log });
            }
        });
        child.on("exit", (code, signal) => {
            clearTimeout(timer);
            reject(new Error(`daemon exited early (${code ?? signal}):\n${log}`));
        });
    });
}

// Stops the daemon with SIGTERM and waits for it to exit.
export async function stopDaemon(daemon) {
    if (daemon.child.exitCode !== null || daemon.child.signalCode !== null) return;
    const exited = new Promise((resolve) => daemon.child.once("exit", resolve));
    daemon.child.kill("SIGTERM");
    await withTimeout(exited, 10_000, "daemon did not exit within 10 s of SIGTERM");
}

export function withTimeout(promise, ms, message) {
    let timer;
    return Promise.race([
        promise.finally(() => clearTimeout(timer)),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); }),
    ]);
}

export async function waitFor(predicate, ms, message) {
    const deadline = Date.now() + ms;
    for (;;) {
        if (await predicate()) return;
        if (Date.now() > deadline) throw new Error(message);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

// The SDK's OAuth client side (auth(), discovery, the token requests).
export async function loadSdkAuth() {
    return import(new URL("@modelcontextprotocol/sdk/dist/esm/client/auth.js", nodeModules));
}

// puppeteer-core driving Debian's chromium (/usr/bin/chromium, or PMCP_CHROMIUM): it uses the
// installed browser and downloads nothing. Exits 77 (skipped) when either is missing.
export async function launchChromium() {
    const executablePath = process.env.PMCP_CHROMIUM ?? "/usr/bin/chromium";
    let puppeteer;
    try {
        const { createRequire } = await import("node:module");
        const require = createRequire(new URL("package.json", nodeModules));
        puppeteer = (await import(pathToFileURL(require.resolve("puppeteer-core")))).default;
    } catch (error) {
        console.error(`SKIP: puppeteer-core is not installed (run \`npm ci\` in tests/node): ${error.message}`);
        process.exit(77);
    }
    const { existsSync } = await import("node:fs");
    if (!existsSync(executablePath)) {
        console.error(`SKIP: no browser at ${executablePath} (apt-get install chromium)`);
        process.exit(77);
    }
    const profile = mkdtempSync(join(tmpdir(), "pmcp-e2e-chromium-"));
    onCleanup(() => rmSync(profile, { recursive: true, force: true }));
    const browser = await puppeteer.launch({
        executablePath, headless: true, userDataDir: profile,
        args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"],
    });
    const pid = browser.process()?.pid;
    onCleanup(() => {
        if (pid) {
            try { process.kill(pid, "SIGKILL"); } catch { /* already gone */ }
        }
    });
    return browser;
}

// Starts `proxmox-mcpd demo` on a free port and resolves once stdout has the endpoint and both tokens.
export function startDemo(binary) {
    const stateDir = mkdtempSync(join(tmpdir(), "pmcp-e2e-demo-"));
    onCleanup(() => rmSync(stateDir, { recursive: true, force: true }));
    const child = spawn(binary, ["demo", "--port", "0", "--state-dir", stateDir],
        { stdio: ["ignore", "pipe", "pipe"] });
    onCleanup(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });
    let out = "";
    let log = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => { log += chunk; });
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`demo printed no endpoint within 30 s:\n${out}\n${log}`)), 30_000);
        child.stdout.setEncoding("utf8");
        child.stdout.on("data", (chunk) => {
            out += chunk;
            const url = /MCP endpoint:\s+(http:\/\/127\.0\.0\.1:\d+\/api\/mcp)/.exec(out);
            const token = /client token:\s+(pmcp_\S+)/.exec(out);
            const readOnly = /read-only token:\s+(pmcp_\S+)/.exec(out);
            const config = /Configuration:\s+(\S+)/.exec(out);
            if (url && token && readOnly && config && /Press Ctrl-C/.test(out)) {
                clearTimeout(timer);
                resolve({ child, url: url[1], token: token[1], readOnlyToken: readOnly[1], config: config[1], out });
            }
        });
        child.on("exit", (code, signal) => {
            clearTimeout(timer);
            reject(new Error(`demo exited early (${code ?? signal}):\n${out}\n${log}`));
        });
    });
}
