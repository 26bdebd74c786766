#pragma once

#include "server/proxmox/ProxmoxTargets.h"
#include "server/simulator/PveSimulator.h"

#include <QTest>

namespace pmcp::test {

// A simulated cluster and the targets that reach it (fingerprint pinned): "default" and "lab".
struct ContextFixture final {
    ContextFixture()
        : simulator(PveSimulator::Options{.timeScale = 0.05})
    {
        started = simulator.start().ok();
        auto made = ProxmoxTargets::fromTargets(
            {target(QStringLiteral("default")), target(QStringLiteral("lab"))});
        if (made.ok())
            targets = std::move(made).value();
    }

    ProxmoxTarget target(const QString &name) const
    {
        ProxmoxTarget t;
        t.name = name;
        t.hosts = {QStringLiteral("127.0.0.1")};
        t.port = simulator.port();
        t.user = PveSimulator::tokenUser();
        t.tokenName = PveSimulator::tokenName();
        t.tokenSecret = simulator.tokenSecret();
        t.fingerprint = simulator.fingerprintSha256();
        t.timeoutMs = 10000;
        return t;
    }

    PveSimulator simulator;
    ProxmoxTargets targets;
    bool started = false;
};

} // namespace pmcp::test
