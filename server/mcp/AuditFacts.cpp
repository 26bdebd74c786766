#include "server/mcp/AuditFacts.h"

namespace pmcp {

QJsonObject AuditTarget::toJson() const
{
    QJsonObject json;
    if (!system.isEmpty())
        json.insert(QStringLiteral("system"), system);
    if (!node.isEmpty())
        json.insert(QStringLiteral("node"), node);
    if (!guest.isEmpty())
        json.insert(QStringLiteral("guest"), guest);
    return json;
}

void AuditFacts::setAllowed()
{
    m_decision = Decision::Allowed;
    m_rule.clear();
}

void AuditFacts::setDenied(const QString &rule)
{
    m_decision = Decision::Denied;
    m_rule = rule;
    m_outcome = QStringLiteral("denied");
}

QString AuditFacts::decisionText() const
{
    switch (m_decision) {
    case Decision::None:
        return {};
    case Decision::Allowed:
        return QStringLiteral("allowed");
    case Decision::Denied:
        return QStringLiteral("denied:") + m_rule;
    }
    return {};
}

void AuditFacts::setTimedOut()
{
    if (m_decision != Decision::Denied)
        m_outcome = QStringLiteral("timeout");
}

void AuditFacts::setTargetGuest(const QString &type, qint64 vmid)
{
    m_target.guest = QStringLiteral("%1/%2").arg(type).arg(vmid);
}

void AuditFacts::setConfirmedByPerson(const QJsonObject &answer)
{
    m_confirmation = Confirmation::Person;
    m_answer = answer;
}

QString AuditFacts::confirmedByText() const
{
    switch (m_confirmation) {
    case Confirmation::None:
        return {};
    case Confirmation::Client:
        return QStringLiteral("confirm_argument");
    case Confirmation::Person:
        return QStringLiteral("elicitation");
    }
    return {};
}

} // namespace pmcp
