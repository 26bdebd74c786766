#include "shared/admin/EventStreamClient.h"

#include "shared/admin/AdminClient.h"

#include <QJsonDocument>
#include <QNetworkReply>

namespace pmcp::admin {

EventStreamClient::EventStreamClient(AdminClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &EventStreamClient::connectNow);
    m_stall.setSingleShot(true);
    m_stall.setInterval(kDefaultStallTimeoutMs);
    connect(&m_stall, &QTimer::timeout, this, [this] {
        if (m_reply)
            m_reply->abort(); // ends in connectionEnded(), which reconnects
    });
}

EventStreamClient::~EventStreamClient()
{
    stop();
}

void EventStreamClient::setRetryDelays(int firstMs, int maxMs)
{
    m_firstRetryMs = firstMs;
    m_maxRetryMs = maxMs;
    m_delayMs = firstMs;
}

void EventStreamClient::setStallTimeout(int ms)
{
    m_stall.setInterval(ms);
}

void EventStreamClient::start(const QString &lastEventId)
{
    stop();
    m_lastEventId = lastEventId;
    m_delayMs = m_firstRetryMs;
    m_state = State::Connecting;
    connectNow();
}

void EventStreamClient::stop()
{
    m_state = State::Stopped;
    m_retry.stop();
    m_stall.stop();
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    m_parser.reset();
}

void EventStreamClient::connectNow()
{
    if (!m_client || m_state == State::Stopped)
        return;
    QList<std::pair<QByteArray, QByteArray>> headers;
    if (!m_lastEventId.isEmpty())
        headers.emplace_back("Last-Event-ID", m_lastEventId.toLatin1());
    m_parser.reset();
    m_reply = m_client->openStream(QStringLiteral("/api/admin/events"), headers);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 200 && m_state != State::Online) {
            m_state = State::Online;
            m_delayMs = m_firstRetryMs;
            emit online();
        }
    });
    connect(m_reply, &QNetworkReply::readyRead, this, &EventStreamClient::readAvailable);
    connect(m_reply, &QNetworkReply::finished, this, &EventStreamClient::connectionEnded);
    m_stall.start();
}

void EventStreamClient::readAvailable()
{
    m_stall.start();
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // an error body: connectionEnded() reads it
    for (const SseParser::Message &message : m_parser.feed(m_reply->readAll())) {
        const QJsonObject json = QJsonDocument::fromJson(message.data.toUtf8()).object();
        if (message.event == QLatin1String("resync")) {
            emit resyncNeeded(json[QLatin1String("data")][QLatin1String("reason")].toString());
            continue;
        }
        auto event = Event::fromJson(json);
        if (!event.ok())
            continue; // not ours to show; the stream goes on
        if (message.hasId)
            m_lastEventId = message.id;
        emit eventReceived(event.value());
    }
}

void EventStreamClient::connectionEnded()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    m_stall.stop();
    reply->deleteLater();
    if (m_state == State::Stopped)
        return;
    const Error why = m_client ? m_client->failureOf(reply) : Error::internal(QString());
    // A stream the daemon ended cleanly (it shut down) still means: offline until it is back.
    goOffline(reply->error() == QNetworkReply::NoError ? tr("The daemon ended the event stream.")
                                                       : why.message);
    m_retry.start(m_delayMs);
    m_delayMs = qMin(m_delayMs * 2, m_maxRetryMs);
}

void EventStreamClient::goOffline(const QString &reason)
{
    if (m_state == State::Offline)
        return;
    m_state = State::Offline;
    emit offline(reason);
}

} // namespace pmcp::admin
