// A loopback reverse proxy that adds `Authorization: Bearer TOKEN` to every request and
// forwards everything else unchanged: method, path, Host, Origin and the other headers, the
// body, the status and the response headers. Responses stream through as they come (SSE is
// never buffered). Only hop-by-hop headers are left to each connection.
// The official conformance suite sends no Authorization header; this puts it in front of the
// authenticated daemon.
//
// As a module: `const proxy = await startAuthProxy({ target, token }); proxy.url; proxy.close()`
// As a program: node auth-proxy.mjs --target http://127.0.0.1:PORT --token TOKEN [--port N]
import http from "node:http";
import { pathToFileURL } from "node:url";

const hopByHop = new Set([
    "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer",
    "proxy-authenticate", "proxy-authorization",
]);

// rawHeaders ([name, value, name, value, ...]) without hop-by-hop headers, in their order.
function endToEndHeaders(rawHeaders, drop = new Set()) {
    const out = [];
    for (let i = 0; i < rawHeaders.length; i += 2) {
        const name = rawHeaders[i].toLowerCase();
        if (!hopByHop.has(name) && !drop.has(name)) out.push(rawHeaders[i], rawHeaders[i + 1]);
    }
    return out;
}

export function startAuthProxy({ target, token, port = 0, host = "127.0.0.1" }) {
    const upstream = new URL(target);
    const agent = new http.Agent({ keepAlive: true });
    const server = http.createServer((request, response) => {
        const headers = endToEndHeaders(request.rawHeaders, new Set(["authorization"]));
        headers.push("Authorization", `Bearer ${token}`);
        if (request.headers["transfer-encoding"] && !request.headers["content-length"])
            headers.push("Transfer-Encoding", "chunked");
        const forward = http.request({
            host: upstream.hostname, port: upstream.port, method: request.method, path: request.url,
            headers, agent, setHost: false, // the client's Host header goes through as it is
        });
        response.sendDate = false; // the upstream Date header goes through
        forward.on("response", (answer) => {
            response.writeHead(answer.statusCode, answer.statusMessage, endToEndHeaders(answer.rawHeaders));
            response.flushHeaders();
            answer.on("data", (chunk) => response.write(chunk));
            answer.on("end", () => response.end());
            answer.on("error", () => response.destroy());
        });
        forward.on("error", (error) => {
            if (!response.headersSent) {
                response.writeHead(502, { "Content-Type": "text/plain" });
                response.end(`auth-proxy: ${error.message}\n`);
            } else {
                response.destroy();
            }
        });
        // The client went away (e.g. it closed an SSE stream): so does the upstream request.
        response.on("close", () => {
            if (!response.writableFinished) forward.destroy();
        });
        request.pipe(forward);
    });
    server.on("connection", (socket) => socket.setNoDelay(true));
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
            const address = server.address();
            resolve({
                port: address.port,
                url: `http://${host}:${address.port}`,
                close: () => new Promise((done) => {
                    server.closeAllConnections?.();
                    agent.destroy();
                    server.close(() => done());
                }),
            });
        });
    });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
    const args = process.argv.slice(2);
    const option = (name) => {
        const at = args.indexOf(name);
        return at >= 0 ? args[at + 1] : undefined;
    };
    const target = option("--target");
    const token = option("--token") ?? process.env.PMCP_TOKEN;
    if (!target || !token) {
        console.error("usage: node auth-proxy.mjs --target http://127.0.0.1:PORT --token TOKEN [--port N]");
        process.exit(2);
    }
    const proxy = await startAuthProxy({ target, token, port: Number(option("--port") ?? 0) });
    console.log(`listening on ${proxy.url}`);
    for (const signal of ["SIGINT", "SIGTERM"])
        process.on(signal, () => proxy.close().then(() => process.exit(0)));
}
