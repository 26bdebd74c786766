#include "server/app/AuditRecorder.h"

namespace pmcp {

AuditEntry AuditRecorder::entryFor(const McpServer::ToolCallRecord &record)
{
    const AuditFacts &facts = record.facts;
    AuditEntry entry;
    entry.client = record.client;
    entry.tool = record.tool;
    entry.arguments = record.arguments; // AuditLog::append masks the secrets
    entry.durationMs = record.durationMs;
    // A cancelled call stays cancelled whatever the tool had learnt before.
    entry.outcome = facts.outcome().isEmpty() || record.outcome == QLatin1String("cancelled")
                        ? record.outcome
                        : facts.outcome();
    entry.decision = facts.decisionText();
    entry.upid = facts.upid();
    entry.target = facts.target().toJson();
    entry.confirmedBy = facts.confirmedByText();
    entry.confirmation = facts.confirmationAnswer();
    return entry;
}

} // namespace pmcp
