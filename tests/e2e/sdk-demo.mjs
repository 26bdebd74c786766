// End to end against `proxmox-mcpd demo` with the official SDK client: the Proxmox tools over
// the real REST path to the built-in simulator, as an AI client sees them.
// Usage: node sdk-demo.mjs PATH/TO/proxmox-mcpd
import { check, cli, daemonBinary, loadSdk, onCleanup, run, startDemo, step, withTimeout } from "./lib/harness.mjs";

const sdk = await loadSdk();
const { Client, StreamableHTTPClientTransport, CallToolResultSchema } = sdk;
const binary = daemonBinary();

async function connect(url, token) {
    const transport = new StreamableHTTPClientTransport(new URL(url),
        { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
    const client = new Client({ name: "pmcp-e2e-demo", version: "1.0.0" });
    await withTimeout(client.connect(transport), 10_000, "connect timed out");
    onCleanup(() => client.close().catch(() => {}));
    return client;
}

async function call(client, name, args, options) {
    return withTimeout(client.callTool({ name, arguments: args }, CallToolResultSchema, options),
        30_000, `${name} timed out`);
}

async function guests(client) {
    const result = await call(client, "list_vms", {});
    check(!result.isError, `list_vms succeeds (${JSON.stringify(result.content)})`);
    const data = result.structuredContent;
    const rows = Array.isArray(data) ? data : Object.values(data ?? {}).find(Array.isArray);
    check(Array.isArray(rows), `list_vms structuredContent holds a list (${JSON.stringify(data)})`);
    return rows;
}

await run("sdk-demo", async () => {
    const demo = await startDemo(binary);
    step(`demo serving ${demo.url}`);

    step("the demo's configuration file: printed, and the CLI takes it with --config");
    check(demo.config.endsWith("/proxmox-mcp.env"), `the configuration file is in the state folder (${demo.config})`);
    check(/^PROXMOX_TOKEN_NAME=mcp$/m.test(demo.out) && /^MCP_PORT=\d+$/m.test(demo.out), `its contents are printed:\n${demo.out}`);
    const listed = cli(binary, ["clients", "list", "--config", demo.config]);
    check(/^demo\s+token\s+full\s+active/m.test(listed) && /^demo-readonly\s+token\s+read-only/m.test(listed), `clients list shows the demo's clients:\n${listed}`);
    check(/entries verified/.test(cli(binary, ["audit", "verify", "--config", demo.config])), "audit verify --config works");
    check(/Defaults/.test(cli(binary, ["sudoers", "--config", demo.config])), "sudoers --config works");

    step("listTools: the Proxmox tools, with the five original names");
    const client = await connect(demo.url, demo.token);
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    check(tools.length >= 60, `at least 60 tools are listed (got ${tools.length})`);
    for (const name of ["proxmox_api", "list_vms", "vm_status", "vm_action", "node_status"])
        check(names.includes(name), `${name} is listed`);

    step("list_vms: guests with node, type, vmid, name and status");
    const rows = await guests(client);
    check(rows.length >= 5, `the demo cluster has guests (got ${rows.length})`);
    for (const row of rows) {
        for (const field of ["node", "type", "vmid", "name", "status"])
            check(row[field] !== undefined, `guest ${JSON.stringify(row)} has ${field}`);
    }
    const vm = rows.find((row) => row.type === "qemu" && row.status === "stopped");
    check(vm, `a stopped QEMU VM exists (${JSON.stringify(rows)})`);
    step(`stopped VM: ${vm.vmid} (${vm.name}) on ${vm.node}`);

    step("qemu_start with wait: progress notifications and the task's outcome");
    const progress = [];
    const started = await call(client, "qemu_start", { node: vm.node, vmid: vm.vmid, wait: true },
        { onprogress: (notification) => progress.push(notification) });
    check(!started.isError, `qemu_start succeeds (${JSON.stringify(started.content)})`);
    check(progress.length >= 1, "at least one progress notification arrived");
    const task = started.structuredContent ?? {};
    check(task.ok === true && task.exitstatus === "OK" && /^UPID:/.test(task.upid ?? ""),
        `the result reports the task OK (${JSON.stringify(task)})`);

    step("vm_status: the VM is running");
    const status = await call(client, "vm_status", { node: vm.node, vmid: vm.vmid });
    check(!status.isError, `vm_status succeeds (${JSON.stringify(status.content)})`);
    check(status.structuredContent?.status === "running",
        `vm_status reports running (${JSON.stringify(status.structuredContent)})`);

    step("qemu_stop without confirm is refused and changes nothing");
    const stopped = await call(client, "qemu_stop", { node: vm.node, vmid: vm.vmid });
    check(stopped.isError === true, `qemu_stop without confirm is an error (${JSON.stringify(stopped)})`);
    check(/confirm/i.test(JSON.stringify(stopped.content)), "the refusal asks for confirmation");
    const after = await call(client, "vm_status", { node: vm.node, vmid: vm.vmid });
    check(after.structuredContent?.status === "running",
        `the VM still runs after the refused stop (${JSON.stringify(after.structuredContent)})`);

    step("read-only token: only read-only tools");
    const reader = await connect(demo.url, demo.readOnlyToken);
    const readable = (await reader.listTools()).tools;
    check(readable.length > 0 && readable.length < tools.length,
        `the read-only token sees fewer tools (${readable.length} of ${tools.length})`);
    for (const tool of readable)
        check(tool.annotations?.readOnlyHint === true, `read-only token sees only read-only tools (${tool.name})`);
    check(readable.some((tool) => tool.name === "list_vms"), "list_vms is readable");
    check(!readable.some((tool) => tool.name === "qemu_start"), "qemu_start is not listed for the reader");

    step("stop the demo with SIGTERM");
    await client.close();
    await reader.close();
    const exited = new Promise((resolve) => demo.child.once("exit", (code, signal) => resolve({ code, signal })));
    demo.child.kill("SIGTERM");
    const { code, signal } = await withTimeout(exited, 10_000, "demo did not exit within 10 s of SIGTERM");
    check(code === 0, `demo exits with 0 on SIGTERM (got ${code ?? signal})`);
});
