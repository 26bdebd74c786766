// End to end against `proxmox-mcpd demo --stdio` with the official SDK stdio client, as Claude
// Desktop starts it: the shell tools in the simulated cluster, resources, prompts, completions
// and log messages; then the CLI commands of the README against the configuration file the
// demo wrote.
// Usage: node sdk-demo-stdio.mjs PATH/TO/proxmox-mcpd
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { check, cli, daemonBinary, loadSdk, onCleanup, run, step, withTimeout } from "./lib/harness.mjs";

const sdk = await loadSdk();
const {
    Client, StdioClientTransport, CallToolResultSchema, LoggingMessageNotificationSchema,
    ResourceUpdatedNotificationSchema,
} = sdk;
const binary = daemonBinary();

async function waitFor(condition, ms) {
    const deadline = Date.now() + ms;
    while (!condition() && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
}

function text(result) {
    return (result.content ?? []).filter((c) => c.type === "text").map((c) => c.text).join("\n");
}

await run("sdk-demo-stdio", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "pmcp-e2e-demo-stdio-"));
    onCleanup(() => rmSync(stateDir, { recursive: true, force: true }));

    step("the SDK client spawns proxmox-mcpd demo --stdio");
    const transport = new StdioClientTransport({
        command: binary, args: ["demo", "--stdio", "--state-dir", stateDir], stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk) => { stderr += chunk; });
    const transportErrors = [];
    const client = new Client({ name: "pmcp-e2e-demo-stdio", version: "1.0.0" });
    client.onerror = (error) => transportErrors.push(error);
    await withTimeout(client.connect(transport), 20_000, "connect to demo --stdio timed out");
    onCleanup(() => {
        if (transport.pid) try { process.kill(transport.pid, "SIGKILL"); } catch { /* gone */ }
    });
    const configFile = join(stateDir, "proxmox-mcp.env");
    check(stderr.includes(`Configuration file: ${configFile}`), `stderr names the configuration file (${stderr})`);
    const written = readFileSync(configFile, "utf8");
    check(stderr.includes(written.trim()), "stderr shows the configuration file's contents");
    check(/^PROXMOX_PORT=\d+$/m.test(written) && /^STATE_DIR=/m.test(written), `the file holds the demo's settings:\n${written}`);

    step("tools: lxc_exec and execute_command run in the simulated shell");
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    for (const name of ["lxc_exec", "execute_command", "list_vms"])
        check(names.includes(name), `${name} is listed`);
    const exec = await client.callTool({ name: "lxc_exec", arguments: { vmid: 102, command: ["cat", "/etc/hostname"] } }, CallToolResultSchema);
    check(!exec.isError && /dns-01/.test(text(exec)), `lxc_exec in container 102 prints its hostname (${JSON.stringify(exec)})`);
    const piped = await client.callTool({ name: "execute_command", arguments: { command: "qm list | grep web" } }, CallToolResultSchema);
    check(!piped.isError && /web-01/.test(text(piped)) && !/db-01/.test(text(piped)), `a pipe into grep filters (${JSON.stringify(piped)})`);

    step("resources: templates, list and read");
    const { resourceTemplates } = await client.listResourceTemplates();
    const templates = resourceTemplates.map((t) => t.uriTemplate);
    for (const uriTemplate of ["proxmox://{target}/cluster/resources", "proxmox://{target}/nodes/{node}/qemu/{vmid}/config",
        "proxmox://{target}/nodes/{node}/lxc/{vmid}/config", "proxmox://{target}/nodes/{node}/tasks/{upid}/log"])
        check(templates.includes(uriTemplate), `template ${uriTemplate} is offered (${templates})`);
    const { resources } = await client.listResources();
    check(resources.some((r) => r.uri === "proxmox://default/cluster/resources"), `the cluster resources are listed (${JSON.stringify(resources)})`);
    const cluster = await client.readResource({ uri: "proxmox://default/cluster/resources" });
    const rows = JSON.parse(cluster.contents[0].text);
    check(rows.some((row) => row.type === "node" && row.node === "pve1"), "cluster resources name node pve1");
    const vmConfig = await client.readResource({ uri: "proxmox://default/nodes/pve1/qemu/100/config" });
    check(JSON.parse(vmConfig.contents[0].text).name === "web-01", `VM 100's configuration is read (${vmConfig.contents[0].text})`);
    let missing = null;
    try {
        await client.readResource({ uri: "proxmox://default/nodes/pve1/qemu/4242/config" });
    } catch (error) {
        missing = error;
    }
    check(missing && /4242/.test(missing.message), `a missing guest is an error naming it (${missing?.message})`);

    step("prompts: listed, and their messages name the server's tools");
    const { prompts } = await client.listPrompts();
    const promptNames = prompts.map((p) => p.name);
    for (const name of ["daily_health_check", "weekly_maintenance_review", "security_log_review", "disaster_recovery_test", "node_maintenance"])
        check(promptNames.includes(name), `prompt ${name} is listed (${promptNames})`);
    const maintenance = await client.getPrompt({ name: "node_maintenance", arguments: { node: "pve2" } });
    const body = maintenance.messages[0].content.text;
    check(/pve2/.test(body), "the prompt names the node given");
    for (const tool of body.match(/`([a-z_]+)`/g).map((m) => m.slice(1, -1)))
        check(names.includes(tool), `prompt node_maintenance names tool ${tool}, which is listed`);

    step("completions: node names, vmids and storage ids from the simulator");
    const nodes = await client.complete({ ref: { type: "ref/prompt", name: "node_maintenance" }, argument: { name: "node", value: "pve" } });
    check(JSON.stringify(nodes.completion.values) === JSON.stringify(["pve1", "pve2", "pve3"]), `node completion (${JSON.stringify(nodes.completion)})`);
    const vmids = await client.complete({ ref: { type: "ref/resource", uri: "proxmox://{target}/nodes/{node}/qemu/{vmid}/config" },
        argument: { name: "vmid", value: "10" }, context: { arguments: { node: "pve1" } } });
    check(JSON.stringify(vmids.completion.values) === JSON.stringify(["100", "101", "102", "103"]), `vmid completion on pve1 (${JSON.stringify(vmids.completion)})`);
    const storages = await client.complete({ ref: { type: "ref/prompt", name: "disaster_recovery_test" }, argument: { name: "storage", value: "loc" } });
    check(storages.completion.values.length > 0 && storages.completion.values.every((s) => s.startsWith("loc")), `storage completion (${JSON.stringify(storages.completion)})`);

    step("logging and subscriptions: task log lines at info, resources/updated after a change");
    const logs = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => logs.push(n.params));
    const updates = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => updates.push(n.params.uri));
    await client.setLoggingLevel("info");
    await client.subscribeResource({ uri: "proxmox://default/cluster/resources" });
    await client.subscribeResource({ uri: "proxmox://default/nodes/pve2/qemu/203/config" });
    const started = await withTimeout(client.callTool({ name: "qemu_start", arguments: { node: "pve2", vmid: 203, wait: true } }, CallToolResultSchema),
        30_000, "qemu_start timed out");
    check(!started.isError, `qemu_start 203 succeeds (${JSON.stringify(started)})`);
    // The notifications follow the response on the same stream.
    await waitFor(() => updates.length >= 2, 5_000);
    check(logs.some((l) => l.level === "info" && /UPID:/.test(JSON.stringify(l.data))), `task log lines arrived as info messages (${JSON.stringify(logs)} / ${JSON.stringify(started)})`);
    check(updates.includes("proxmox://default/cluster/resources"), `the cluster resources were announced as updated (${updates})`);
    check(updates.includes("proxmox://default/nodes/pve2/qemu/203/config"), `VM 203's configuration was announced (${updates})`);
    await client.setLoggingLevel("error");
    const quietFrom = logs.length;
    const denied = await client.callTool({ name: "execute_command", arguments: { command: "rm -rf /" } }, CallToolResultSchema);
    check(denied.isError, "rm -rf / is refused");
    check(logs.length === quietFrom, `at level error the warning of a denial is not sent (${JSON.stringify(logs.slice(quietFrom))})`);
    await client.setLoggingLevel("warning");
    await client.callTool({ name: "execute_command", arguments: { command: "rm -rf /" } }, CallToolResultSchema);
    await waitFor(() => logs.length > quietFrom, 5_000);
    check(logs.slice(quietFrom).some((l) => l.level === "warning" && l.logger === "policy"), `at level warning the denial is logged (${JSON.stringify(logs.slice(quietFrom))})`);

    step("the shell path: resources/updated after pct start, qm stop as qemu_stop (dry run, confirm)");
    await client.subscribeResource({ uri: "proxmox://default/nodes/pve1/lxc/103/config" });
    const fromUpdate = updates.length;
    const shellStart = await client.callTool({ name: "execute_command", arguments: { command: "pct start 103" } }, CallToolResultSchema);
    check(!shellStart.isError, `pct start 103 through execute_command succeeds (${JSON.stringify(shellStart)})`);
    await waitFor(() => updates.slice(fromUpdate).includes("proxmox://default/nodes/pve1/lxc/103/config"), 5_000);
    check(updates.slice(fromUpdate).includes("proxmox://default/nodes/pve1/lxc/103/config"), `container 103's configuration was announced after the shell command (${updates.slice(fromUpdate)})`);
    check(updates.slice(fromUpdate).includes("proxmox://default/cluster/resources"), `and the cluster resources (${updates.slice(fromUpdate)})`);
    const shellDry = await client.callTool({ name: "execute_command", arguments: { command: "qm stop 100", dry_run: true } }, CallToolResultSchema);
    const typedDry = await client.callTool({ name: "vm_action", arguments: { node: "pve1", vmid: 100, action: "stop", dry_run: true } }, CallToolResultSchema);
    check(!shellDry.isError && text(shellDry).includes("Dry run, nothing was sent. execute_command would stop (power off at once) VM 100 (\"web-01\", running) on node pve1 (POST /nodes/pve1/qemu/100/status/stop)."), `the shell dry run gives the typed tool's words (${text(shellDry)} / ${text(typedDry)})`);
    const unconfirmed = await client.callTool({ name: "execute_command", arguments: { command: "qm stop 100" } }, CallToolResultSchema);
    check(unconfirmed.isError && /confirm:true/.test(text(unconfirmed)), `qm stop without confirm is refused, saying how to go on (${text(unconfirmed)})`);
    const confirmed = await client.callTool({ name: "execute_command", arguments: { command: "qm stop 100", confirm: true } }, CallToolResultSchema);
    check(!confirmed.isError, `qm stop 100 with confirm:true runs (${JSON.stringify(confirmed)})`);
    const protectedDestroy = await client.callTool({ name: "execute_command", arguments: { command: "qm destroy 101", dry_run: true } }, CallToolResultSchema);
    check(protectedDestroy.isError && /protection: 1/.test(text(protectedDestroy)), `qm destroy of protected VM 101 is refused as qemu_delete refuses it (${text(protectedDestroy)})`);
    check(transportErrors.length === 0, `no transport errors: ${transportErrors.map((e) => e.message).join("; ")}`);

    step("the CLI against the demo's configuration file");
    await client.close();
    check(/^NAME\s+KIND\s+SCOPE/.test(cli(binary, ["clients", "list", "--config", configFile])), "clients list --config prints the (empty) client table");
    const verified = cli(binary, ["audit", "verify", "--config", configFile]);
    const count = Number(/(\d+) entries verified/.exec(verified)?.[1]);
    check(count >= 5, `audit verify checks the demo's calls (${verified})`);
    check(/Defaults/.test(cli(binary, ["sudoers", "--config", configFile])), "sudoers --config prints a sudoers file");
    check(/valid/.test(cli(binary, ["check-config", "--config", configFile])), "check-config --config accepts it");
    const tail = cli(binary, ["audit", "tail", "-n", "100", "--config", configFile]).trim().split("\n").map((line) => JSON.parse(line));
    const stop = tail.find((entry) => entry.tool === "execute_command" && entry.arguments?.command === "qm stop 100" && entry.arguments?.confirm === true);
    check(stop?.confirmed_by === "confirm_argument", `audit tail shows how qm stop 100 was confirmed (${JSON.stringify(stop)})`);
});
