#pragma once

#include "shared/core/Result.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

namespace pmcp {

// The operating system's keychain (Secret Service on Linux, Keychain on macOS, Credential
// Manager on Windows) through QtKeychain: the only class that includes it. The insecure
// plaintext fallback is never enabled, so a secret is stored in the keychain or not at all;
// without a keychain every call fails with a sentence saying so.
class Keychain final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Keychain)
public:
    static const QString kDefaultService;

    explicit Keychain(const QString &service = kDefaultService, QObject *parent = nullptr);

    QString service() const { return m_service; }

    // Each answers once on this thread (never before the call returns), unless context is gone.
    void read(const QString &key, QObject *context, std::function<void(Result<QByteArray>)> done);
    void write(const QString &key, const QByteArray &secret, QObject *context,
               std::function<void(Result<void>)> done);
    // Removing a key that is not there succeeds.
    void remove(const QString &key, QObject *context, std::function<void(Result<void>)> done);

private:
    QString m_service;
};

} // namespace pmcp
