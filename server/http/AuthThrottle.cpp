#include "server/http/AuthThrottle.h"

#include "server/http/NetworkList.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <vector>

namespace pmcp {

namespace {

// One IPv6 host usually holds a whole /64: its addresses count as one.
QHostAddress keyOf(const QHostAddress &address)
{
    const QHostAddress plain = NetworkList::normalised(address);
    if (plain.protocol() != QAbstractSocket::IPv6Protocol)
        return plain;
    Q_IPV6ADDR bytes = plain.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0;
    return QHostAddress(bytes);
}

} // namespace

AuthThrottle::AuthThrottle(Clock clock)
    : m_clock(std::move(clock))
{
    if (!m_clock) {
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        m_clock = [timer] { return timer->elapsed(); };
    }
}

void AuthThrottle::refill(Bucket &bucket, qint64 now) const
{
    const double gained = double(now - bucket.updatedMs) / double(kRefillMs);
    bucket.tokens = std::min(double(kBurst), bucket.tokens + gained);
    bucket.updatedMs = now;
}

std::optional<int> AuthThrottle::retryAfter(const QHostAddress &address)
{
    const auto found = m_buckets.find(keyOf(address));
    if (found == m_buckets.end())
        return std::nullopt;
    const qint64 now = m_clock();
    refill(found.value(), now);
    if (found->tokens >= 1.0)
        return std::nullopt;
    const double waitMs = (1.0 - found->tokens) * double(kRefillMs);
    return std::max(1, int(std::ceil(waitMs / 1000.0)));
}

void AuthThrottle::failed(const QHostAddress &address)
{
    const QHostAddress key = keyOf(address);
    const qint64 now = m_clock();
    auto found = m_buckets.find(key);
    if (found == m_buckets.end()) {
        if (m_buckets.size() >= kMaxAddresses)
            makeRoom(now);
        found = m_buckets.insert(key, Bucket{double(kBurst), now});
    }
    refill(found.value(), now);
    found->tokens = std::max(0.0, found->tokens - 1.0);
}

void AuthThrottle::makeRoom(qint64 now)
{
    // Addresses whose bucket is full again carry no state worth keeping.
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        refill(it.value(), now);
        it = it->tokens >= double(kBurst) ? m_buckets.erase(it) : std::next(it);
    }
    if (m_buckets.size() < kMaxAddresses)
        return;
    // Still full: forget the older half (sorting once keeps a flood at O(n log n) per n/2).
    std::vector<qint64> times;
    times.reserve(size_t(m_buckets.size()));
    for (const Bucket &bucket : std::as_const(m_buckets))
        times.push_back(bucket.updatedMs);
    auto middle = times.begin() + std::ptrdiff_t(times.size() / 2);
    std::nth_element(times.begin(), middle, times.end());
    const qint64 cutoff = *middle;
    for (auto it = m_buckets.begin(); it != m_buckets.end();)
        it = it->updatedMs <= cutoff ? m_buckets.erase(it) : std::next(it);
}

} // namespace pmcp
