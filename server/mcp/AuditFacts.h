#pragma once

#include <QJsonObject>
#include <QString>

namespace pmcp {

// What a tool call acted on, as far as the tool knows it: the Proxmox target or the host a
// command ran on, the node, and the guest ("qemu/100", "lxc/101").
struct AuditTarget final {
    QString system;
    QString node;
    QString guest;

    bool isEmpty() const { return system.isEmpty() && node.isEmpty() && guest.isEmpty(); }
    // The members that are set, e.g. {"system": "lab", "node": "pve1", "guest": "qemu/100"}.
    QJsonObject toJson() const;
    bool operator==(const AuditTarget &) const = default;
};

// What a tool tells the audit log about its call beyond name and arguments: the command
// policy's verdict, how the call really ended, the Proxmox task it started and what it acted on.
// The tool fills it while it works; the audit reads only this, never the tool's result.
class AuditFacts final {
public:
    enum class Decision { None, Allowed, Denied };

    void setAllowed();
    // Also makes the outcome "denied": a denied command did not run.
    void setDenied(const QString &rule);
    Decision decision() const { return m_decision; }
    QString rule() const { return m_rule; }
    // "" when no policy applied, "allowed", or "denied:RULE".
    QString decisionText() const;

    // The call ran out of time (the command or the wait for it).
    void setTimedOut();
    // A refinement of the engine's outcome: "", "denied" or "timeout".
    QString outcome() const { return m_outcome; }

    // Who confirmed the change the call makes: nobody yet, the client (its own confirm:true)
    // or a person (an accepted elicitation). The core rules read it before a request is sent.
    enum class Confirmation { None, Client, Person };
    void setConfirmation(Confirmation confirmation) { m_confirmation = confirmation; }
    Confirmation confirmation() const { return m_confirmation; }
    // A person confirmed through elicitation with this answer ({action, content}).
    void setConfirmedByPerson(const QJsonObject &answer);
    // How the call was confirmed, for the audit: "", "confirm_argument" or "elicitation".
    QString confirmedByText() const;
    // The elicitation's answer when a person confirmed; {} otherwise.
    QJsonObject confirmationAnswer() const { return m_answer; }

    void setUpid(const QString &upid) { m_upid = upid; }
    QString upid() const { return m_upid; }

    void setTargetSystem(const QString &system) { m_target.system = system; }
    void setTargetNode(const QString &node) { m_target.node = node; }
    void setTargetGuest(const QString &type, qint64 vmid);
    const AuditTarget &target() const { return m_target; }

private:
    Decision m_decision = Decision::None;
    QString m_rule;
    QString m_outcome;
    QString m_upid;
    Confirmation m_confirmation = Confirmation::None;
    QJsonObject m_answer;
    AuditTarget m_target;
};

} // namespace pmcp
