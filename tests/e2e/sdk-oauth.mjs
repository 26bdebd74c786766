// MCP authorization end to end: the official SDK client's OAuth support (auth() with an
// OAuthClientProvider) against `proxmox-mcpd demo`, the waiting page driven in Debian's chromium
// (puppeteer-core), approval with the CLI; a read-only grant refused a changing tool with
// insufficient_scope; refresh with rotation; a page without JavaScript; rejection; revocation.
// Usage: node sdk-oauth.mjs PATH/TO/proxmox-mcpd
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { check, cli, daemonBinary, launchChromium, loadSdk, loadSdkAuth, onCleanup, run, step, withTimeout } from "./lib/harness.mjs";

const sdk = await loadSdk();
const { Client, StreamableHTTPClientTransport } = sdk;
const { auth } = await loadSdkAuth();
const binary = daemonBinary();

function startDemo() {
    const stateDir = mkdtempSync(join(tmpdir(), "pmcp-e2e-oauth-"));
    onCleanup(() => rmSync(stateDir, { recursive: true, force: true }));
    const child = spawn(binary, ["demo", "--port", "0", "--state-dir", stateDir], { stdio: ["ignore", "pipe", "pipe"] });
    onCleanup(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });
    let out = "";
    child.stderr.resume();
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`demo printed no endpoint within 30 s:\n${out}`)), 30_000);
        child.stdout.setEncoding("utf8");
        child.stdout.on("data", (chunk) => {
            out += chunk;
            const url = /MCP endpoint:\s+(http:\/\/127\.0\.0\.1:\d+\/api\/mcp)/.exec(out);
            const config = /Configuration:\s+(\S+)/.exec(out);
            const request = /access request:\s+([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(out);
            const adminToken = /admin token:\s+(\S+)/.exec(out);
            if (url && config && adminToken && /Press Ctrl-C/.test(out)) {
                clearTimeout(timer);
                resolve({ url: url[1], config: config[1], demoRequest: request?.[1], adminToken: adminToken[1], out });
            }
        });
        child.on("exit", (code, signal) => {
            clearTimeout(timer);
            reject(new Error(`demo exited early (${code ?? signal}):\n${out}`));
        });
    });
}

// The client's loopback redirect target (RFC 8252): resolves each authorization response.
async function startCallbackServer() {
    const waiting = [];
    const server = createServer((req, res) => {
        const url = new URL(req.url, "http://127.0.0.1");
        res.writeHead(200, { "Content-Type": "text/html" });
        res.end("<p id=done>You can close this window.</p>");
        waiting.shift()?.(url.searchParams);
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    onCleanup(() => server.close());
    return {
        redirectUrl: `http://127.0.0.1:${server.address().port}/callback`,
        next: () => new Promise((resolve) => waiting.push(resolve)),
    };
}

// An OAuthClientProvider that keeps everything in memory, as a desktop client would on disk.
class MemoryProvider {
    constructor(redirectUrl, name) {
        this._redirectUrl = redirectUrl;
        this._name = name;
        this._state = `state-${Math.random().toString(36).slice(2)}`;
        this.authorizationUrl = undefined;
    }
    get redirectUrl() { return this._redirectUrl; }
    get clientMetadata() {
        return {
            client_name: this._name, redirect_uris: [this._redirectUrl],
            grant_types: ["authorization_code", "refresh_token"], response_types: ["code"],
            token_endpoint_auth_method: "none",
        };
    }
    state() { return this._state; }
    clientInformation() { return this._client; }
    saveClientInformation(info) { this._client = info; }
    tokens() { return this._tokens; }
    saveTokens(tokens) { this._tokens = tokens; }
    redirectToAuthorization(url) { this.authorizationUrl = url; }
    saveCodeVerifier(verifier) { this._verifier = verifier; }
    codeVerifier() { return this._verifier; }
}

async function pendingRequests(config) {
    return JSON.parse(cli(binary, ["clients", "pending", "--json", "--config", config]));
}

// The admin API as the desktop uses it: JSON with the demo's admin token.
async function admin(demo, method, path, body) {
    const response = await fetch(new URL(path, demo.url), {
        method,
        headers: { Authorization: `Bearer ${demo.adminToken}`, ...(body ? { "Content-Type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    check(response.status === 200, `${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text);
}

async function postMcp(url, token, body, extraHeaders = {}) {
    return fetch(url, {
        method: "POST",
        headers: {
            "Content-Type": "application/json", Accept: "application/json, text/event-stream",
            ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extraHeaders,
        },
        body: JSON.stringify(body),
    });
}

async function connect(url, provider) {
    const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
    const client = new Client({ name: "pmcp-e2e-oauth", version: "1.0.0" });
    await withTimeout(client.connect(transport), 10_000, "connect timed out");
    onCleanup(() => client.close().catch(() => {}));
    return client;
}

// Starts an authorization with auth(), opens the URL in the browser and returns the page and the
// request the daemon lists for it.
async function beginAuthorization(demo, provider, browser, { javaScript = true } = {}) {
    const started = await auth(provider, { serverUrl: new URL(demo.url) });
    check(started === "REDIRECT", `auth() asks for a browser redirect (got ${started})`);
    const authorizationUrl = provider.authorizationUrl;
    check(authorizationUrl.searchParams.get("code_challenge_method") === "S256", "the SDK sends PKCE S256");
    check(authorizationUrl.searchParams.get("resource") === demo.url, `the SDK sends resource=${demo.url} (RFC 8707)`);
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(javaScript);
    await page.goto(authorizationUrl.href, { waitUntil: "domcontentloaded" });
    check(new URL(page.url()).pathname.startsWith("/oauth/wait/"), `the browser waits on the waiting page (at ${page.url()})`);
    const code = await page.$eval("#request-code", (e) => e.textContent);
    const clientShown = await page.$eval("#client", (e) => e.textContent);
    const hostShown = await page.$eval("#redirect-host", (e) => e.textContent);
    check(clientShown === provider.clientMetadata.client_name, `the page names the client (${clientShown})`);
    check(hostShown === "127.0.0.1", `the page shows the redirect host (${hostShown})`);
    const pending = (await pendingRequests(demo.config)).find((r) => r.id === code);
    check(pending, `clients pending lists the request code ${code} the page shows`);
    check(pending.clientName === clientShown && pending.redirectHost === "127.0.0.1", "the pending entry matches the page");
    return { page, code };
}

await run("sdk-oauth", async () => {
    const demo = await startDemo();
    step(`demo serving ${demo.url}`);
    check(demo.demoRequest, "the demo prints the access request it starts with");
    const initial = await pendingRequests(demo.config);
    check(initial.length === 1 && initial[0].id === demo.demoRequest, "the demo starts with one pending request");

    step("without a token: 401 with resource_metadata (RFC 9728)");
    const anonymous = await postMcp(demo.url, null, { jsonrpc: "2.0", id: 1, method: "ping" });
    check(anonymous.status === 401, `401 without a token (got ${anonymous.status})`);
    const challenge = anonymous.headers.get("www-authenticate") ?? "";
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
    check(metadataUrl === new URL("/.well-known/oauth-protected-resource/api/mcp", demo.url).href, `the challenge names the metadata (${challenge})`);
    const prm = await (await fetch(metadataUrl)).json();
    check(prm.resource === demo.url, "the protected resource metadata names this resource");

    const callback = await startCallbackServer();
    const browser = await launchChromium();

    step("a read-only grant: auth(), the waiting page in chromium, approval with the CLI");
    const viewer = new MemoryProvider(callback.redirectUrl, "E2E viewer");
    const first = await beginAuthorization(demo, viewer, browser);
    const arrived = callback.next();
    const approved = cli(binary, ["clients", "approve", first.code, "--scope", "read-only", "--expires-days", "7", "--config", demo.config]);
    check(/Approved/.test(approved), `clients approve says so: ${approved}`);
    const params = await withTimeout(arrived, 20_000, "the waiting page did not continue to the redirect URI");
    check(!params.get("error"), `no error in the authorization response (${params})`);
    check(params.get("state") === viewer.state(), "state comes back unchanged");
    check(params.get("iss") === new URL(demo.url).origin, `iss is the issuer (RFC 9207): ${params.get("iss")}`);
    const exchanged = await auth(viewer, { serverUrl: new URL(demo.url), authorizationCode: params.get("code") });
    check(exchanged === "AUTHORIZED", "the code is exchanged for tokens");
    const tokens = viewer.tokens();
    check(tokens.access_token.startsWith("pmat_") && tokens.refresh_token.startsWith("pmrt_"), "an access and a refresh token");
    check(tokens.expires_in > 0 && tokens.expires_in <= 3600, `a short-lived access token (${tokens.expires_in} s)`);
    check(tokens.scope === "read-only", `the granted scope is read-only (${tokens.scope})`);

    const client = await connect(demo.url, viewer);
    const tools = (await client.listTools()).tools;
    check(tools.length > 0 && tools.every((t) => t.annotations?.readOnlyHint === true), `only read-only tools are listed (${tools.length})`);
    const vms = await client.callTool({ name: "list_vms", arguments: {} });
    check(!vms.isError, "a read-only tool works with the grant");

    step("a changing tool: 403 insufficient_scope with the scope needed");
    const session = client.transport.sessionId;
    const refused = await postMcp(demo.url, viewer.tokens().access_token,
        { jsonrpc: "2.0", id: 99, method: "tools/call", params: { name: "qemu_start", arguments: { node: "pve1", vmid: 100 } } },
        { "Mcp-Session-Id": session, "MCP-Protocol-Version": "2025-11-25" });
    check(refused.status === 403, `403 for a changing tool (got ${refused.status})`);
    const scopeChallenge = refused.headers.get("www-authenticate") ?? "";
    check(/error="insufficient_scope"/.test(scopeChallenge) && /scope="full"/.test(scopeChallenge), `WWW-Authenticate names the scope needed: ${scopeChallenge}`);
    const sdkRefusal = await client.callTool({ name: "qemu_start", arguments: { node: "pve1", vmid: 100 } }).then(() => null, (e) => e);
    check(sdkRefusal && /403/.test(String(sdkRefusal.message ?? sdkRefusal)), `the SDK client is refused too (${sdkRefusal})`);

    step("refresh: a new access token, the refresh token rotates, the old ones stop working");
    const before = viewer.tokens();
    const refreshed = await auth(viewer, { serverUrl: new URL(demo.url) });
    check(refreshed === "AUTHORIZED", "auth() refreshes with the refresh token");
    const after = viewer.tokens();
    check(after.access_token !== before.access_token && after.refresh_token !== before.refresh_token, "both tokens are new");
    check((await postMcp(demo.url, before.access_token, { jsonrpc: "2.0", id: 2, method: "ping" })).status === 401, "the old access token is refused");
    const pingAfter = await postMcp(demo.url, after.access_token, { jsonrpc: "2.0", id: 3, method: "ping" }, { "Mcp-Session-Id": session });
    check(pingAfter.status === 200, `the new access token works in the same session (got ${pingAfter.status})`);

    step("a full grant in a browser without JavaScript (meta refresh), approved through the admin API");
    const operator = new MemoryProvider(callback.redirectUrl, "E2E operator");
    const second = await beginAuthorization(demo, operator, browser, { javaScript: false });
    const { requests } = await admin(demo, "GET", "/api/admin/clients/pending");
    check(requests.some((r) => r.id === second.code && r.clientName === "E2E operator"),
        `GET /api/admin/clients/pending lists ${second.code}: ${JSON.stringify(requests)}`);
    const arrivedNoJs = callback.next();
    await admin(demo, "POST", `/api/admin/clients/pending/${second.code}/approve`, { scope: "full", expiresDays: 30 });
    const paramsNoJs = await withTimeout(arrivedNoJs, 20_000, "the page without JavaScript did not continue");
    check(paramsNoJs.get("code") && paramsNoJs.get("state") === operator.state(), "the code arrives without JavaScript");
    check(await auth(operator, { serverUrl: new URL(demo.url), authorizationCode: paramsNoJs.get("code") }) === "AUTHORIZED", "exchanged");
    const full = await connect(demo.url, operator);
    const fullTools = (await full.listTools()).tools;
    check(fullTools.some((t) => t.annotations?.readOnlyHint !== true), "a full grant lists changing tools");

    step("rejection: the browser returns with access_denied");
    const stranger = new MemoryProvider(callback.redirectUrl, "E2E stranger");
    const third = await beginAuthorization(demo, stranger, browser);
    const arrivedRejected = callback.next();
    cli(binary, ["clients", "reject", third.code, "--config", demo.config]);
    const rejected = await withTimeout(arrivedRejected, 20_000, "the rejected page did not continue");
    check(rejected.get("error") === "access_denied" && rejected.get("state") === stranger.state(), `access_denied with state (${rejected})`);
    check(rejected.get("iss") === new URL(demo.url).origin, "iss on the error response too");

    step("clients list: the grants beside the static tokens, with last use and calls");
    const listed = JSON.parse(cli(binary, ["clients", "list", "--json", "--config", demo.config]));
    const grant = listed.find((c) => c.kind === "oauth" && c.clientName === "E2E viewer");
    check(grant && grant.scope === "read-only" && grant.state === "active", "the viewer's grant is listed, active, read-only");
    check(listed.some((c) => c.kind === "token" && c.name === "demo"), "the static tokens are in the same list");
    await withTimeout((async () => {
        for (;;) {
            const now = JSON.parse(cli(binary, ["clients", "list", "--json", "--config", demo.config]))
                .find((c) => c.name === grant.name);
            if (now.calls >= 1 && now.lastUsed) return;
            await new Promise((r) => setTimeout(r, 500));
        }
    })(), 15_000, "the grant's call count and last use reach the CLI's list");

    step("revoke with a reason: the next request is refused");
    cli(binary, ["clients", "revoke", grant.name, "--reason", "e2e test", "--config", demo.config]);
    await withTimeout((async () => {
        for (;;) {
            const r = await postMcp(demo.url, viewer.tokens().access_token, { jsonrpc: "2.0", id: 4, method: "ping" }, { "Mcp-Session-Id": session });
            if (r.status === 401) return;
            await new Promise((resolve) => setTimeout(resolve, 200));
        }
    })(), 5_000, "a revoked grant is refused within the daemon's recheck interval");
    const revokedRefresh = await auth(viewer, { serverUrl: new URL(demo.url) }).catch((e) => e);
    check(revokedRefresh === "REDIRECT" || revokedRefresh instanceof Error, "the refresh token of a revoked grant no longer gives tokens");
    const afterRevoke = JSON.parse(cli(binary, ["clients", "list", "--json", "--config", demo.config])).find((c) => c.name === grant.name);
    check(afterRevoke.state === "revoked" && afterRevoke.revokeReason === "e2e test", "the list shows the revocation and its reason");
    await browser.close();
}, { timeoutMs: 110_000 });
