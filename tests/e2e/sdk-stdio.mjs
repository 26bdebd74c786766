// End to end over stdio with the official SDK client: the client spawns
// `proxmox-mcpd stdio --config FILE` as Claude Desktop would.
// Usage: node sdk-stdio.mjs PATH/TO/proxmox-mcpd
import { spawn } from "node:child_process";

import {
    check, daemonBinary, loadSdk, makeConfig, onCleanup, run, step, withTimeout,
} from "./lib/harness.mjs";

const { Client, StdioClientTransport, CallToolResultSchema } = await loadSdk();
const binary = daemonBinary();

// Every stdout line must be one JSON-RPC 2.0 message.
function checkJsonRpcLines(stdout, what) {
    const lines = stdout.split("\n");
    check(lines.pop() === "", `${what}: stdout ends with a newline`);
    check(lines.length > 0, `${what}: the server answered on stdout`);
    for (const line of lines) {
        let message;
        try {
            message = JSON.parse(line);
        } catch {
            throw new Error(`${what}: a stdout line is not JSON: ${JSON.stringify(line.slice(0, 200))}`);
        }
        check(message && message.jsonrpc === "2.0" && !Array.isArray(message),
            `${what}: a stdout line is not a JSON-RPC 2.0 message: ${line.slice(0, 200)}`);
    }
    return lines.map((line) => JSON.parse(line));
}

await run("sdk-stdio", async () => {
    const config = makeConfig();

    step("the SDK client spawns proxmox-mcpd stdio");
    const transport = new StdioClientTransport({
        command: binary, args: ["stdio", "--config", config.file], stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk) => { stderr += chunk; });
    // Anything on stdout that is not JSON-RPC makes the SDK report an error.
    const transportErrors = [];
    const client = new Client({ name: "pmcp-e2e-stdio", version: "1.0.0" });
    client.onerror = (error) => transportErrors.push(error);
    await withTimeout(client.connect(transport), 10_000, "connect over stdio timed out");
    onCleanup(() => {
        if (transport.pid) try { process.kill(transport.pid, "SIGKILL"); } catch { /* gone */ }
    });
    const pid = transport.pid;
    check(Number.isInteger(pid), "the transport spawned a process");

    step("listTools and callTool server_info");
    const { tools } = await client.listTools();
    const info = tools.find((tool) => tool.name === "server_info");
    check(info, `server_info is listed (got ${tools.map((t) => t.name).join(", ")})`);
    check(info.outputSchema?.type === "object" && info.annotations?.readOnlyHint === true, "server_info has outputSchema and readOnlyHint");
    const result = await client.callTool({ name: "server_info", arguments: {} }, CallToolResultSchema);
    check(!result.isError, `server_info succeeds (${JSON.stringify(result)})`);
    check(result.structuredContent?.tool_count === tools.length, "structuredContent.tool_count matches the list");
    check(Array.isArray(result.structuredContent?.backends), "structuredContent.backends is an array");
    check(JSON.stringify(await client.ping()) === "{}", "ping answers {}");
    check(transportErrors.length === 0, `no transport errors (non-JSON-RPC output on stdout?): ${transportErrors.map((e) => e.message).join("; ")}`);

    step("the process exits when the client closes");
    const exited = new Promise((resolve) => {
        const poll = setInterval(() => {
            try {
                process.kill(pid, 0);
            } catch {
                clearInterval(poll);
                resolve();
            }
        }, 50);
    });
    await client.close();
    await withTimeout(exited, 5_000, `proxmox-mcpd stdio (pid ${pid}) still runs 5 s after the client closed`);
    check(transportErrors.length === 0, `no transport errors: ${transportErrors.map((e) => e.message).join("; ")}`);

    step("raw: stdout carries only JSON-RPC, the logs go to stderr, end of input ends the process");
    // The SDK hides a stray line only by raising onerror; read stdout raw as well.
    const child = spawn(binary, ["stdio", "--config", config.file], { stdio: ["pipe", "pipe", "pipe"] });
    onCleanup(() => { if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL"); });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => { out += chunk; });
    child.stderr.setEncoding("utf8").on("data", (chunk) => { err += chunk; });
    const done = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    const send = (message) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } } });
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "server_info", arguments: {} } });
    child.stdin.write("this is not json\n");
    send({ jsonrpc: "2.0", id: 3, method: "ping" });
    child.stdin.end();
    const { code, signal } = await withTimeout(done, 10_000, "proxmox-mcpd stdio did not exit after end of input");
    check(code === 0, `proxmox-mcpd stdio exits 0 at end of input (got ${code ?? signal}); stderr:\n${err}`);
    const messages = checkJsonRpcLines(out, "raw stdio");
    const byId = new Map(messages.filter((m) => m.id !== undefined && m.id !== null).map((m) => [m.id, m]));
    check(byId.get(1)?.result?.protocolVersion === "2025-11-25", "initialize answered with 2025-11-25");
    check(byId.get(2)?.result?.structuredContent?.tool_count >= 1, "tools/call server_info answered");
    check(byId.get(3)?.result && JSON.stringify(byId.get(3).result) === "{}", "ping answered {}");
    const parseError = messages.find((m) => m.error?.code === -32700);
    check(parseError && parseError.id === null, `a non-JSON line gives a -32700 error with id null (got ${JSON.stringify(messages.filter((m) => m.error))})`);
    void stderr;
});
