#pragma once

namespace pmcp {

class McpServer;

// Registers the tools, resources and prompts that the official MCP conformance suite calls
// by name (see the project's docs/TESTING.md).
class ConformanceFixtures final {
public:
    static void registerAll(McpServer &server);
};

} // namespace pmcp
