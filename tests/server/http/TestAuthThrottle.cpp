#include "server/http/AuthThrottle.h"

#include <QTest>

using namespace pmcp;

class TestAuthThrottle final : public QObject {
    Q_OBJECT
private slots:
    void slowsAnAddressDownAfterItsBurstAndLetsItRecover()
    {
        qint64 now = 1000;
        AuthThrottle throttle([&now] { return now; });
        const QHostAddress address(QStringLiteral("192.0.2.1"));
        QVERIFY(!throttle.retryAfter(address));
        for (int i = 0; i < AuthThrottle::kBurst; ++i) {
            QVERIFY2(!throttle.retryAfter(address), qPrintable(QString::number(i)));
            throttle.failed(address);
        }
        QCOMPARE(throttle.retryAfter(address).value_or(0), 6);
        now += 3000;
        QCOMPARE(throttle.retryAfter(address).value_or(0), 3);
        now += 3000; // one try earned back
        QVERIFY(!throttle.retryAfter(address));
        throttle.failed(address);
        QVERIFY(throttle.retryAfter(address));
        // Quiet for a minute: the whole burst again.
        now += AuthThrottle::kBurst * AuthThrottle::kRefillMs;
        for (int i = 0; i < AuthThrottle::kBurst; ++i) {
            QVERIFY(!throttle.retryAfter(address));
            throttle.failed(address);
        }
        QVERIFY(throttle.retryAfter(address));
    }

    void addressesAreSeparateAndMappedIpv4IsTheSame()
    {
        qint64 now = 0;
        AuthThrottle throttle([&now] { return now; });
        for (int i = 0; i < AuthThrottle::kBurst; ++i)
            throttle.failed(QHostAddress(QStringLiteral("::ffff:192.0.2.1")));
        QVERIFY(throttle.retryAfter(QHostAddress(QStringLiteral("192.0.2.1"))));
        QVERIFY(!throttle.retryAfter(QHostAddress(QStringLiteral("192.0.2.2"))));
        // An IPv6 host rotating through its /64 is one address; the next /64 is another.
        for (int i = 0; i < AuthThrottle::kBurst; ++i)
            throttle.failed(QHostAddress(QStringLiteral("2001:db8:1:2::%1").arg(i + 1)));
        QVERIFY(throttle.retryAfter(QHostAddress(QStringLiteral("2001:db8:1:2:ffff::9"))));
        QVERIFY(!throttle.retryAfter(QHostAddress(QStringLiteral("2001:db8:1:3::1"))));
    }

    void memoryStaysBoundedUnderAFloodOfAddresses()
    {
        qint64 now = 0;
        AuthThrottle throttle([&now] { return now; });
        for (quint32 i = 0; i < quint32(AuthThrottle::kMaxAddresses) * 3; ++i) {
            ++now;
            throttle.failed(QHostAddress(0x0a000000u + i));
            QVERIFY(throttle.trackedAddresses() <= AuthThrottle::kMaxAddresses);
        }
        // The newest addresses are still remembered.
        const QHostAddress newest(0x0a000000u + quint32(AuthThrottle::kMaxAddresses) * 3 - 1);
        for (int i = 1; i < AuthThrottle::kBurst; ++i)
            throttle.failed(newest);
        QVERIFY(throttle.retryAfter(newest));
    }
};

QTEST_GUILESS_MAIN(TestAuthThrottle)
#include "TestAuthThrottle.moc"
