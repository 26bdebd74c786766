#pragma once

namespace pmcp {

class SimState;
class SimTasks;

// Fills a SimState: nodes pve1..pveN with their storage always; with demo data also about a
// dozen guests (running, stopped, a template, a protected VM, HA, agent, snapshots), ISOs,
// templates, existing backups, a backup job, a cluster log and a task history.
class SimDemoCluster final {
public:
    static void populate(SimState &state, SimTasks &tasks, int nodes, bool demo);

private:
    static void addNodesAndStorage(SimState &state, int nodes);
    static void addGuests(SimState &state);
    static void addContent(SimState &state);
    static void addHistory(SimState &state, SimTasks &tasks);
};

} // namespace pmcp
