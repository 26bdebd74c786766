// The audit log stays one verifiable chain when several processes share a STATE_DIR: a served
// daemon with an HTTP client and three `proxmox-mcpd stdio` processes (as Claude Desktop runs
// them on the daemon's own configuration), all calling tools at once; then `audit verify` and
// the daemon's /health, which checks what the other processes appended.
// Usage: node sdk-audit.mjs PATH/TO/proxmox-mcpd
import { spawnSync } from "node:child_process";

import {
    check, createClient, daemonBinary, loadSdk, makeConfig, onCleanup, run, startDaemon, step,
    stopDaemon, withTimeout,
} from "./lib/harness.mjs";

const { Client, StdioClientTransport, StreamableHTTPClientTransport, CallToolResultSchema } = await loadSdk();
const binary = daemonBinary();
const CALLS_PER_CLIENT = 60;
const STDIO_CLIENTS = 3;

async function connectHttp(url, token) {
    const transport = new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
    });
    const client = new Client({ name: "pmcp-e2e-audit-http", version: "1.0.0" });
    await withTimeout(client.connect(transport), 10_000, "HTTP connect timed out");
    onCleanup(() => client.close().catch(() => {}));
    return client;
}

async function connectStdio(config, n) {
    const transport = new StdioClientTransport({
        command: binary, args: ["stdio", "--config", config.file], stderr: "pipe",
    });
    const client = new Client({ name: `pmcp-e2e-audit-stdio-${n}`, version: "1.0.0" });
    await withTimeout(client.connect(transport), 10_000, `stdio client ${n}: connect timed out`);
    onCleanup(() => {
        if (transport.pid) try { process.kill(transport.pid, "SIGKILL"); } catch { /* gone */ }
    });
    return client;
}

async function callMany(client, what) {
    for (let i = 0; i < CALLS_PER_CLIENT; ++i) {
        const result = await client.callTool({ name: "server_info", arguments: {} }, CallToolResultSchema);
        check(!result.isError, `${what}: call ${i + 1} failed: ${JSON.stringify(result)}`);
    }
}

function verifyAudit(config) {
    const result = spawnSync(binary, ["audit", "verify", "--config", config.file], { encoding: "utf8", timeout: 30_000 });
    return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

await run("sdk-audit", async () => {
    const config = makeConfig();
    const token = createClient(binary, config, "e2e-audit");
    const daemon = await startDaemon(binary, config);

    step(`one HTTP client and ${STDIO_CLIENTS} stdio processes call tools at the same time`);
    const clients = [{ client: await connectHttp(daemon.url, token), what: "http" }];
    for (let n = 1; n <= STDIO_CLIENTS; ++n)
        clients.push({ client: await connectStdio(config, n), what: `stdio ${n}` });
    await withTimeout(Promise.all(clients.map(({ client, what }) => callMany(client, what))), 60_000,
        "the calls did not finish within 60 s");

    step("audit verify: one chain with every call");
    const expected = CALLS_PER_CLIENT * clients.length;
    const verified = verifyAudit(config);
    check(verified.status === 0, `audit verify passes (exit ${verified.status}): ${verified.out}`);
    const count = Number(/(\d+) entries verified/.exec(verified.out)?.[1]);
    check(count >= expected, `audit verify counted ${count} entries, expected at least ${expected}`);

    step("the daemon's /health checked the entries the stdio processes wrote too");
    const health = await (await fetch(new URL("/health", daemon.url), { headers: { Authorization: `Bearer ${token}` } })).json();
    check(health.checks?.audit?.status === "ok", `audit health is ok: ${JSON.stringify(health.checks?.audit)}`);

    step("an entry edited by hand after the last probe: /health degrades and names it");
    // The probe checks what was appended since its last look; `audit verify` checks everything.
    await callMany(clients[0].client, "http");
    const { readFileSync, writeFileSync } = await import("node:fs");
    const file = `${config.dir}/state/audit/audit-000001.jsonl`;
    const lines = readFileSync(file, "utf8").split("\n");
    const last = lines.length - 2;
    lines[last] = lines[last].replace('"server_info"', '"server_infp"');
    writeFileSync(file, lines.join("\n"));
    const degraded = await (await fetch(new URL("/health", daemon.url), { headers: { Authorization: `Bearer ${token}` } })).json();
    check(degraded.status === "degraded", `the daemon is degraded: ${JSON.stringify(degraded)}`);
    check(degraded.checks?.audit?.status === "warn", `audit health degrades: ${JSON.stringify(degraded.checks?.audit)}`);
    check(String(degraded.checks?.audit?.detail).includes(`line ${last + 1}`), `the health detail names line ${last + 1}: ${degraded.checks?.audit?.detail}`);
    check(verifyAudit(config).status === 1, "audit verify fails on the edited entry");

    for (const { client } of clients) await client.close();
    await stopDaemon(daemon);
});
