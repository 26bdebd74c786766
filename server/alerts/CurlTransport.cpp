#include "server/alerts/CurlTransport.h"

#include <QUrl>

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>

namespace pmcp {

namespace {

// An answer's body is only quoted in the error: the first bytes are enough.
constexpr qsizetype kKeptAnswerBytes = 512;

struct Upload {
    const QByteArray *data = nullptr;
    qsizetype offset = 0;
};

size_t readBody(char *buffer, size_t size, size_t count, void *userdata)
{
    auto *upload = static_cast<Upload *>(userdata);
    const qsizetype left = upload->data->size() - upload->offset;
    const qsizetype n = std::min<qsizetype>(left, qsizetype(size * count));
    std::memcpy(buffer, upload->data->constData() + upload->offset, size_t(n));
    upload->offset += n;
    return size_t(n);
}

size_t keepAnswer(char *data, size_t size, size_t count, void *userdata)
{
    auto *answer = static_cast<QByteArray *>(userdata);
    const qsizetype n = qsizetype(size * count);
    if (answer->size() < kKeptAnswerBytes)
        answer->append(data, std::min(n, kKeptAnswerBytes - answer->size()));
    return size * count;
}

struct CurlDeleter {
    void operator()(CURL *curl) const { curl_easy_cleanup(curl); }
};
struct ListDeleter {
    void operator()(curl_slist *list) const { curl_slist_free_all(list); }
};

curl_slist *append(curl_slist *list, const QByteArray &item)
{
    curl_slist *grown = curl_slist_append(list, item.constData());
    return grown ? grown : list;
}

} // namespace

void CurlTransport::initialize()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<void> CurlTransport::send(const AlertMessage &message, int timeoutMs)
{
    initialize();
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl)
        return Error::internal(QStringLiteral("libcurl could not start a transfer"));
    CURL *handle = curl.get();
    char errorText[CURL_ERROR_SIZE] = {};
    const QByteArray url = message.url.toUtf8();
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, errorText);
    curl_easy_setopt(handle, CURLOPT_URL, url.constData());
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L); // a worker thread: no SIGALRM for timeouts
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, long(timeoutMs));
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L);
    QByteArray answer;
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &keepAnswer);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &answer);

    std::unique_ptr<curl_slist, ListDeleter> list;
    Upload upload{&message.body, 0};
    const QByteArray user = message.user.toUtf8();
    const QByteArray password = message.password.toUtf8();
    const QByteArray caFile = message.caFile.toUtf8();
    const QByteArray from = '<' + message.from.toUtf8() + '>';
    if (message.protocol == AlertMessage::Protocol::HttpPost) {
        curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(handle, CURLOPT_POST, 1L);
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, message.body.constData());
        curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(message.body.size()));
        curl_slist *headers = nullptr;
        for (const auto &[name, value] : message.headers)
            headers = append(headers, name + ": " + value);
        headers = append(headers, "Expect:"); // no 100-continue round trip
        list.reset(headers);
        curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
    } else {
        curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
        curl_easy_setopt(handle, CURLOPT_USE_SSL, long(CURLUSESSL_ALL)); // STARTTLS or fail
        curl_easy_setopt(handle, CURLOPT_MAIL_FROM, from.constData());
        curl_slist *recipients = nullptr;
        for (const QString &to : message.to)
            recipients = append(recipients, '<' + to.toUtf8() + '>');
        list.reset(recipients);
        curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients);
        curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(handle, CURLOPT_READFUNCTION, &readBody);
        curl_easy_setopt(handle, CURLOPT_READDATA, &upload);
        curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.body.size()));
        if (!user.isEmpty()) {
            curl_easy_setopt(handle, CURLOPT_USERNAME, user.constData());
            curl_easy_setopt(handle, CURLOPT_PASSWORD, password.constData());
        }
        if (!caFile.isEmpty())
            curl_easy_setopt(handle, CURLOPT_CAINFO, caFile.constData());
    }

    const CURLcode code = curl_easy_perform(handle);
    if (code != CURLE_OK) {
        // The host only: a webhook's path is its secret (Slack, Discord), never logged.
        const QString detail =
            QString::fromUtf8(errorText[0] ? errorText : curl_easy_strerror(code)).trimmed();
        return Error{ErrorCode::Unavailable,
                     QStringLiteral("%1: %2").arg(QUrl(message.url).host(), detail)};
    }
    if (message.protocol == AlertMessage::Protocol::HttpPost) {
        long status = 0;
        curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
        if (status < 200 || status > 299)
            return Error{ErrorCode::Unavailable, QStringLiteral("the webhook answered HTTP %1: %2")
                                                     .arg(status)
                                                     .arg(QString::fromUtf8(answer).simplified())};
    }
    return {};
}

} // namespace pmcp
