#pragma once

#include "server/auth/ClientIdentity.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QUrlQuery>

#include <optional>
#include <utility>

namespace pmcp {

// An HTTP request as the routes see it, independent of the HTTP library underneath.
struct HttpRequest final {
    QByteArray method; // upper case: GET, POST, ...
    QString path;
    QUrlQuery query;
    QList<std::pair<QByteArray, QByteArray>> headers; // names in lower case
    QByteArray body;
    QHostAddress peer;
    bool secure = false;
    // Set by the front end once the bearer token was checked ("anonymous" when auth is off).
    std::optional<ClientIdentity> client;

    QByteArray header(const QByteArray &lowerCaseName) const
    {
        for (const auto &[name, value] : headers) {
            if (name == lowerCaseName)
                return value;
        }
        return {};
    }
    bool hasHeader(const QByteArray &lowerCaseName) const
    {
        for (const auto &entry : headers) {
            if (entry.first == lowerCaseName)
                return true;
        }
        return false;
    }
    // Compares names case-insensitively, whatever the front end did to them.
    qsizetype headerCount(const QByteArray &name) const
    {
        qsizetype count = 0;
        for (const auto &entry : headers) {
            if (entry.first.compare(name, Qt::CaseInsensitive) == 0)
                ++count;
        }
        return count;
    }
};

} // namespace pmcp
