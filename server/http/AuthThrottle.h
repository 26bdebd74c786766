#pragma once

#include <QHash>
#include <QHostAddress>

#include <functional>
#include <optional>

namespace pmcp {

// Slows down failed authentications per source address (an IPv6 address by its /64), so a
// scanner backs off and its noise stays small: each address may fail kBurst times, then once per
// kRefillMs; past that its wrong tokens get 429 with the seconds until its next try (HttpRouter
// still serves a right token from it, so a guesser cannot lock out clients behind one address).
// Memory is bounded (kMaxAddresses); under a flood from more addresses the ones that failed longest
// ago are forgotten first. Lives on one thread.
class AuthThrottle final {
public:
    using Clock = std::function<qint64()>; // milliseconds, monotonic

    // Failures an address may have in a row before it is slowed down: room for a person
    // mistyping, scripts with old tokens retrying, several clients behind one NAT.
    static constexpr int kBurst = 20;
    // Then one more try every 6 seconds: 10 guesses a minute, hopeless against a 256-bit token.
    static constexpr qint64 kRefillMs = 6000;
    // About 1 MB at most, even when a botnet tries from many addresses.
    static constexpr int kMaxAddresses = 10000;

    explicit AuthThrottle(Clock clock = {});

    // Seconds until this address may try again; nullopt: it may try now.
    std::optional<int> retryAfter(const QHostAddress &address);
    void failed(const QHostAddress &address);
    int trackedAddresses() const { return int(m_buckets.size()); }

private:
    struct Bucket {
        double tokens = kBurst;
        qint64 updatedMs = 0;
    };
    void refill(Bucket &bucket, qint64 now) const;
    void makeRoom(qint64 now);

    Clock m_clock;
    QHash<QHostAddress, Bucket> m_buckets;
};

} // namespace pmcp
