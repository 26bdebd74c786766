#include "server/simulator/SimAuth.h"

#include "server/simulator/SimState.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUrl>

namespace pmcp {

namespace {

Error unauthenticated(const QString &message)
{
    return {ErrorCode::Unauthenticated, message};
}

QString randomBase64(int bytes)
{
    QByteArray data(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(data.data()), bytes / 4);
    return QString::fromLatin1(data.toBase64());
}

QJsonObject capabilities()
{
    const QJsonObject all{{QStringLiteral("Sys.Audit"), 1},
                          {QStringLiteral("Sys.Modify"), 1},
                          {QStringLiteral("Sys.PowerMgmt"), 1},
                          {QStringLiteral("Sys.Console"), 1}};
    return {{QStringLiteral("nodes"), all},
            {QStringLiteral("vms"), QJsonObject{{QStringLiteral("VM.Allocate"), 1},
                                                {QStringLiteral("VM.PowerMgmt"), 1},
                                                {QStringLiteral("VM.Audit"), 1}}},
            {QStringLiteral("storage"), QJsonObject{{QStringLiteral("Datastore.Allocate"), 1},
                                                    {QStringLiteral("Datastore.Audit"), 1}}},
            {QStringLiteral("access"), QJsonObject{{QStringLiteral("User.Modify"), 1}}},
            {QStringLiteral("dc"), QJsonObject{{QStringLiteral("Sys.Audit"), 1}}}};
}

} // namespace

SimAuth::SimAuth(SimState &state)
    : m_state(state)
{}

QString SimAuth::ticketFrom(const HttpRequest &request)
{
    static const QRegularExpression cookieRe(QStringLiteral("(?:^|;\\s*)PVEAuthCookie=([^;]*)"));
    static const QRegularExpression headerRe(QStringLiteral("(?:^|\\s)PVEAuthCookie=([^;\\s]*)"));
    const auto cookie = cookieRe.match(QString::fromLatin1(request.header("cookie")));
    if (cookie.hasMatch())
        return QUrl::fromPercentEncoding(cookie.captured(1).toLatin1());
    const auto header = headerRe.match(QString::fromLatin1(request.header("authorization")));
    return header.hasMatch() ? QUrl::fromPercentEncoding(header.captured(1).toLatin1()) : QString();
}

Result<SimAuth::Identity> SimAuth::authenticate(const HttpRequest &request) const
{
    const QString ticket = ticketFrom(request);
    if (!ticket.isEmpty()) {
        const auto it = m_tickets.find(ticket);
        if (it == m_tickets.end())
            return unauthenticated(QStringLiteral("invalid PVE ticket"));
        if (request.method != "GET") {
            const QString csrf = QString::fromLatin1(request.header("csrfpreventiontoken"));
            if (csrf.isEmpty() || csrf != m_csrf.value(it.value()))
                return unauthenticated(QStringLiteral("Permission denied - invalid csrf token"));
        }
        return Identity{it.value(), false};
    }
    static const QRegularExpression tokenRe(QStringLiteral("(?:^|\\s)PVEAPIToken(?:=| )([^;]*)"));
    const auto token = tokenRe.match(QString::fromUtf8(request.header("authorization")));
    if (token.hasMatch())
        return checkToken(QUrl::fromPercentEncoding(token.captured(1).trimmed().toUtf8()));
    return unauthenticated(QStringLiteral("No ticket"));
}

Result<SimAuth::Identity> SimAuth::checkToken(const QString &value) const
{
    const qsizetype eq = value.lastIndexOf(QLatin1Char('='));
    if (eq <= 0)
        return unauthenticated(QStringLiteral("invalid token value!"));
    const QString tokenId = value.left(eq);
    const SimToken *token = m_state.token(tokenId);
    if (!token) {
        const QString user = tokenId.section(QLatin1Char('!'), 0, 0);
        return unauthenticated(QStringLiteral("user '%1' does not have a token '%2'")
                                   .arg(user, tokenId.section(QLatin1Char('!'), 1)));
    }
    if (token->expire > 0 && token->expire < QDateTime::currentSecsSinceEpoch())
        return unauthenticated(QStringLiteral("token expired"));
    if (token->secret != value.mid(eq + 1))
        return unauthenticated(QStringLiteral("invalid token value!"));
    return Identity{tokenId, true};
}

Result<QJsonObject> SimAuth::login(const QString &username, const QString &password)
{
    QString user = username;
    if (!user.contains(QLatin1Char('@')))
        user += QStringLiteral("@pam");
    // Renewal: the current ticket as the password.
    const bool renewal = m_tickets.value(password) == user;
    if (!renewal && !m_state.checkPassword(user, password))
        return unauthenticated(QStringLiteral("authentication failure"));
    const QString stamp = QStringLiteral("%1")
                              .arg(QDateTime::currentSecsSinceEpoch(), 8, 16, QLatin1Char('0'))
                              .toUpper();
    const QString ticket = QStringLiteral("PVE:%1:%2::%3").arg(user, stamp, randomBase64(256));
    const QString csrf = stamp + QLatin1Char(':') + randomBase64(32).left(43);
    m_tickets.insert(ticket, user);
    m_csrf.insert(user, csrf);
    return QJsonObject{{QStringLiteral("username"), user},
                       {QStringLiteral("ticket"), ticket},
                       {QStringLiteral("CSRFPreventionToken"), csrf},
                       {QStringLiteral("clustername"), m_state.clusterName()},
                       {QStringLiteral("cap"), capabilities()}};
}

} // namespace pmcp
