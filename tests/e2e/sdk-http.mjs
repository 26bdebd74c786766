// End to end over Streamable HTTP with the official SDK client: a served proxmox-mcpd with
// client tokens, as an AI client sees it.
// Usage: node sdk-http.mjs PATH/TO/proxmox-mcpd
import {
    check, createClient, daemonBinary, loadSdk, makeConfig, onCleanup, revokeClient, run,
    startDaemon, step, stopDaemon, waitFor, withTimeout,
} from "./lib/harness.mjs";

const sdk = await loadSdk();
const { Client, StreamableHTTPClientTransport, CallToolResultSchema } = sdk;
const binary = daemonBinary();

async function connect(url, token) {
    const headers = token === undefined ? {} : { Authorization: `Bearer ${token}` };
    const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
    const client = new Client({ name: "pmcp-e2e", version: "1.0.0" });
    await withTimeout(client.connect(transport), 10_000, "connect timed out");
    onCleanup(() => client.close().catch(() => {}));
    return client;
}

// The connection must fail, and with HTTP 401.
async function expectUnauthorized(url, token, what) {
    let error;
    try {
        const client = await connect(url, token);
        await client.close();
    } catch (caught) {
        error = caught;
    }
    check(error, `${what}: connect should fail`);
    const status = error.code ?? error.status;
    check(status === 401 || /\b401\b/.test(String(error.message)),
        `${what}: connect should fail with 401, got ${error.name}: ${error.message} (code ${status})`);
}

await run("sdk-http", async () => {
    const config = makeConfig();
    const token = createClient(binary, config, "e2e-admin");
    const readOnlyToken = createClient(binary, config, "e2e-reader", { readOnly: true });
    const doomedToken = createClient(binary, config, "e2e-doomed");
    const daemon = await startDaemon(binary, config);
    const url = daemon.url;
    check(daemon.path === "/api/mcp", `the daemon serves MCP at /api/mcp (log says ${url})`);
    step(`daemon listening on ${url}`);

    step("connect with a token; server identity and capabilities");
    const client = await connect(url, token);
    const version = client.getServerVersion();
    check(version?.name && version?.version, `initialize names the server (${JSON.stringify(version)})`);
    check(client.getServerCapabilities()?.tools, "the server announces tools");
    check(client.getServerCapabilities()?.logging, "the server announces logging");

    step("listTools: server_info with annotations and outputSchema");
    const { tools } = await client.listTools();
    const info = tools.find((tool) => tool.name === "server_info");
    check(info, `server_info is listed (got ${tools.map((t) => t.name).join(", ")})`);
    check(typeof info.description === "string" && info.description.length > 0, "server_info has a description");
    check(info.inputSchema?.type === "object", "server_info inputSchema is an object schema");
    check(info.outputSchema?.type === "object", "server_info has an object outputSchema");
    for (const field of ["name", "version", "uptime_s", "tool_count", "backends"])
        check(info.outputSchema.required?.includes(field), `outputSchema requires ${field}`);
    check(info.annotations?.readOnlyHint === true, "server_info is readOnlyHint");
    // destructiveHint and idempotentHint mean nothing for a read-only tool: they are left out.
    check(info.annotations?.destructiveHint === undefined, "server_info lists no destructiveHint");
    check(info.annotations?.idempotentHint === undefined, "server_info lists no idempotentHint");
    check(info.annotations?.openWorldHint === false, "server_info is not openWorldHint");

    step("callTool server_info: structuredContent");
    // The SDK client validates structuredContent against the cached outputSchema.
    const result = await client.callTool({ name: "server_info", arguments: {} }, CallToolResultSchema);
    check(!result.isError, `server_info succeeds (${JSON.stringify(result)})`);
    const data = result.structuredContent;
    check(data && typeof data === "object", "server_info returns structuredContent");
    check(data.name === "proxmox-mcp" || /proxmox/i.test(data.name), `structuredContent.name (${data.name})`);
    check(/^\d+\.\d+\.\d+/.test(data.version), `structuredContent.version (${data.version})`);
    check(Number.isInteger(data.uptime_s) && data.uptime_s >= 0, `structuredContent.uptime_s (${data.uptime_s})`);
    check(data.tool_count === tools.length, `tool_count ${data.tool_count} equals the listed ${tools.length}`);
    check(Array.isArray(data.backends) && data.backends.length === 0, `no backends enabled (${data.backends})`);
    check(data.client === "e2e-admin", `client is the token's name (${data.client})`);
    check(data.read_only_client === false, "read_only_client is false for a full token");
    const text = result.content.find((block) => block.type === "text");
    check(text, "a text block accompanies structuredContent");
    let textJson;
    try {
        textJson = JSON.parse(text.text);
    } catch {
        textJson = undefined;
    }
    check(textJson === undefined || textJson.name === data.name, "a JSON text block mirrors structuredContent");

    step("ping and logging/setLevel");
    check(JSON.stringify(await client.ping()) === "{}", "ping answers {}");
    for (const level of ["debug", "warning", "emergency"])
        check(JSON.stringify(await client.setLoggingLevel(level)) === "{}", `setLevel ${level} answers {}`);
    let levelError;
    try {
        await client.request({ method: "logging/setLevel", params: { level: "loud" } }, sdk.EmptyResultSchema);
    } catch (caught) {
        levelError = caught;
    }
    check(levelError?.code === -32602, `an invalid level is -32602 (got ${levelError?.code} ${levelError?.message})`);

    step("unknown tool is a JSON-RPC error");
    let unknownError;
    try {
        await client.callTool({ name: "no_such_tool", arguments: {} });
    } catch (caught) {
        unknownError = caught;
    }
    check(unknownError?.code === -32602, `unknown tool gives -32602 (got ${unknownError?.code})`);

    step("a read-only token sees only read-only tools");
    const reader = await connect(url, readOnlyToken);
    const readerTools = (await reader.listTools()).tools;
    check(readerTools.some((tool) => tool.name === "server_info"), "the read-only token sees server_info");
    for (const tool of readerTools)
        check(tool.annotations?.readOnlyHint === true, `read-only token sees only read-only tools (${tool.name})`);
    check(readerTools.length <= tools.length, "the read-only list is a subset");
    const readerInfo = await reader.callTool({ name: "server_info", arguments: {} });
    check(readerInfo.structuredContent?.read_only_client === true, "server_info says read_only_client for the read-only token");
    check(readerInfo.structuredContent?.client === "e2e-reader", "server_info names the read-only client");
    check(readerInfo.structuredContent?.tool_count === readerTools.length, "tool_count matches the read-only list");
    await reader.close();

    step("a session belongs to its token");
    const sessionId = client.transport?.sessionId;
    check(typeof sessionId === "string" && sessionId.length > 0, "the SDK holds a session id");
    const foreign = await fetch(url, {
        method: "POST",
        headers: {
            Authorization: `Bearer ${readOnlyToken}`, "Content-Type": "application/json",
            Accept: "application/json, text/event-stream", "Mcp-Session-Id": sessionId,
            "MCP-Protocol-Version": "2025-11-25",
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    check(foreign.status === 404, `another token cannot use the session (status ${foreign.status})`);

    step("no token, a wrong token: 401");
    await expectUnauthorized(url, undefined, "without a token");
    await expectUnauthorized(url, "not-a-real-token-0123456789abcdef", "with an unknown token");

    step("a revoked token: 401 (the running daemon picks up the revocation)");
    const doomed = await connect(url, doomedToken);
    await doomed.ping();
    revokeClient(binary, config, "e2e-doomed");
    await waitFor(async () => {
        const probe = await fetch(url, {
            method: "POST",
            headers: { Authorization: `Bearer ${doomedToken}`, "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
            body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
        });
        await probe.arrayBuffer();
        return probe.status === 401;
    }, 10_000, "the revoked token is still accepted after 10 s");
    await expectUnauthorized(url, doomedToken, "with a revoked token");
    let revokedError;
    try {
        await doomed.ping();
    } catch (caught) {
        revokedError = caught;
    }
    check(revokedError, "an open session of a revoked token is refused");

    step("raw HTTP: no MCP route answers without a valid token");
    const initialize = JSON.stringify({
        jsonrpc: "2.0", id: 1, method: "initialize",
        params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    });
    const mcpHeaders = { "Content-Type": "application/json", Accept: "application/json, text/event-stream", "Mcp-Session-Id": sessionId, "MCP-Protocol-Version": "2025-11-25" };
    const credentials = [
        ["no Authorization", {}],
        ["an unknown token", { Authorization: "Bearer not-a-real-token-0123456789abcdef" }],
        ["a revoked token", { Authorization: `Bearer ${doomedToken}` }],
        ["an empty bearer", { Authorization: "Bearer " }],
        ["Basic credentials", { Authorization: `Basic ${Buffer.from(`e2e-admin:${token}`).toString("base64")}` }],
        ["the token without the Bearer scheme", { Authorization: token }],
    ];
    for (const [what, auth] of credentials) {
        for (const method of ["POST", "GET", "DELETE"]) {
            const response = await fetch(url, {
                method, headers: { ...mcpHeaders, ...auth }, body: method === "POST" ? initialize : undefined,
            });
            const body = await response.text();
            check(response.status === 401, `${method} /api/mcp with ${what} gives 401 (got ${response.status}: ${body.slice(0, 200)})`);
            check(!response.headers.get("mcp-session-id"), `${method} with ${what} issues no session`);
            check(/bearer/i.test(response.headers.get("www-authenticate") ?? ""), `${method} with ${what} names the Bearer scheme in WWW-Authenticate`);
        }
    }

    step("the session is still usable with the right token, and DELETE ends it");
    check((await client.listTools()).tools.length === tools.length, "the admin session survived the probes");
    await client.transport.terminateSession();
    const afterDelete = await fetch(url, {
        method: "POST", headers: { ...mcpHeaders, Authorization: `Bearer ${token}` },
        body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" }),
    });
    await afterDelete.arrayBuffer();
    check(afterDelete.status === 404, `a deleted session is 404 (got ${afterDelete.status})`);
    await client.close();

    step("SIGTERM stops the daemon");
    await stopDaemon(daemon);
    check(daemon.child.exitCode === 0, `the daemon exits 0 on SIGTERM (got ${daemon.child.exitCode ?? daemon.child.signalCode})`);
});
