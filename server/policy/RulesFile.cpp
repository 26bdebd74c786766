#include "server/policy/RulesFile.h"

#include <QRegularExpression>
#include <QSet>

namespace pmcp {

Result<PolicyRule> RulesFile::parseRule(const QString &line)
{
    static const QRegularExpression space(QStringLiteral("\\s+"));
    static const QRegularExpression id(QStringLiteral("^[a-z0-9][a-z0-9-]*$"));
    QString head = line;
    PolicyRule rule;
    if (const qsizetype reason = line.indexOf(QLatin1String(" -- ")); reason >= 0) {
        head = line.left(reason);
        rule.reason = line.mid(reason + 4).trimmed();
    }
    QStringList fields = head.split(space, Qt::SkipEmptyParts);
    if (fields.value(0) == u"core") {
        rule.core = true;
        fields.removeFirst();
    }
    const QString action = fields.value(0);
    if (action != u"deny" && action != u"allow")
        return Error::invalid(
            QStringLiteral("expected 'deny', 'allow', 'core deny' or 'mode', not '%1'")
                .arg(action));
    rule.action = action == u"deny" ? PolicyRule::Action::Deny : PolicyRule::Action::Allow;
    if (rule.core && rule.action == PolicyRule::Action::Allow)
        return Error::invalid(QStringLiteral("'core' applies to deny rules only"));
    if (fields.size() < 3)
        return Error::invalid(QStringLiteral("a rule needs an id and a program"));
    rule.id = fields.at(1);
    if (!id.match(rule.id).hasMatch())
        return Error::invalid(
            QStringLiteral("rule id '%1' must be lower-case letters, digits and '-'").arg(rule.id));
    rule.program = fields.at(2);
    rule.argPatterns = fields.mid(3);
    QStringList patterns = rule.argPatterns;
    patterns.prepend(rule.program);
    for (QString pattern : std::as_const(patterns)) {
        if (pattern.startsWith(u'!'))
            pattern.remove(0, 1);
        if (pattern.isEmpty())
            return Error::invalid(QStringLiteral("empty pattern"));
        if (pattern.startsWith(QLatin1String("re:"))) {
            const QRegularExpression re(pattern.mid(3));
            if (!re.isValid())
                return Error::invalid(QStringLiteral("invalid regular expression '%1': %2")
                                          .arg(pattern.mid(3), re.errorString()));
        }
    }
    if (rule.reason.isEmpty())
        rule.reason = rule.action == PolicyRule::Action::Deny
                          ? QStringLiteral("denied by rule %1").arg(rule.id)
                          : QStringLiteral("allowed by rule %1").arg(rule.id);
    return rule;
}

Result<RulesFile::Content> RulesFile::parse(const QString &text)
{
    Content content;
    QSet<QString> ids;
    const QStringList lines = text.split(u'\n');
    for (qsizetype n = 0; n < lines.size(); ++n) {
        const QString line = lines.at(n).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const auto fail = [n](const QString &why) {
            return Error::invalid(QStringLiteral("rules line %1: %2").arg(n + 1).arg(why));
        };
        if (line.startsWith(QLatin1String("mode ")) || line == u"mode") {
            const QString mode = line.mid(4).trimmed();
            if (mode == u"denylist")
                content.mode = CommandPolicy::Mode::DenyList;
            else if (mode == u"allowlist")
                content.mode = CommandPolicy::Mode::AllowList;
            else
                return fail(QStringLiteral("mode must be 'denylist' or 'allowlist'"));
            continue;
        }
        auto rule = parseRule(line);
        if (!rule)
            return fail(rule.error().message);
        if (ids.contains(rule.value().id))
            return fail(QStringLiteral("duplicate rule id '%1'").arg(rule.value().id));
        ids.insert(rule.value().id);
        content.rules.append(rule.value());
    }
    return content;
}

QString RulesFile::formatRule(const PolicyRule &rule)
{
    QStringList fields;
    if (rule.core)
        fields << QStringLiteral("core");
    fields << (rule.action == PolicyRule::Action::Deny ? QStringLiteral("deny")
                                                       : QStringLiteral("allow"));
    fields << rule.id << rule.program << rule.argPatterns;
    QString line = fields.join(u' ');
    if (!rule.reason.isEmpty())
        line += QStringLiteral(" -- ") + rule.reason;
    return line;
}

QString RulesFile::write(const Content &content)
{
    QString out =
        QStringLiteral("mode %1\n")
            .arg(content.mode == CommandPolicy::Mode::AllowList ? QStringLiteral("allowlist")
                                                                : QStringLiteral("denylist"));
    for (const PolicyRule &rule : content.rules)
        out += formatRule(rule) + u'\n';
    return out;
}

} // namespace pmcp
