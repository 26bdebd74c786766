#pragma once

namespace pmcp {

// How the Proxmox tools behave where the configuration has a say.
struct ProxmoxToolOptions final {
    int defaultTimeoutS = 120;     // how long a tool waits for a task it started
    bool preferElicitation = true; // ask the user through the client when confirm is absent
};

} // namespace pmcp
