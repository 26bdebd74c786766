#include "server/http/NetworkList.h"

#include <QTest>

using namespace pmcp;

class TestNetworkList final : public QObject {
    Q_OBJECT
private slots:
    void parsesAddressesAndRanges_data()
    {
        QTest::addColumn<QStringList>("entries");
        QTest::addColumn<QString>("bad"); // "" = parses
        QTest::newRow("empty") << QStringList{} << QString();
        QTest::newRow("blanks are skipped") << QStringList{QStringLiteral(" ")} << QString();
        QTest::newRow("ipv4 and ipv6")
            << QStringList{QStringLiteral("10.0.0.0/8"), QStringLiteral("::1"),
                           QStringLiteral("fd00::/8"), QStringLiteral("192.0.2.7")}
            << QString();
        QTest::newRow("a name") << QStringList{QStringLiteral("proxy.lan")}
                                << QStringLiteral("proxy.lan");
        QTest::newRow("prefix too long")
            << QStringList{QStringLiteral("10.0.0.1"), QStringLiteral("10.0.0.0/40")}
            << QStringLiteral("10.0.0.0/40");
    }

    void parsesAddressesAndRanges()
    {
        QFETCH(QStringList, entries);
        QFETCH(QString, bad);
        QString seen;
        const auto list = NetworkList::parse(entries, &seen);
        QCOMPARE(list.has_value(), bad.isEmpty());
        QCOMPARE(seen, bad);
    }

    void contains_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("inside");
        QTest::newRow("in the range") << QStringLiteral("10.200.3.4") << true;
        QTest::newRow("the single host") << QStringLiteral("192.0.2.7") << true;
        QTest::newRow("next to the single host") << QStringLiteral("192.0.2.8") << false;
        QTest::newRow("mapped ipv4") << QStringLiteral("::ffff:10.1.1.1") << true;
        QTest::newRow("ipv6 range") << QStringLiteral("fd12::5") << true;
        QTest::newRow("ipv6 outside") << QStringLiteral("2001:db8::1") << false;
    }

    void contains()
    {
        QFETCH(QString, address);
        QFETCH(bool, inside);
        const auto list =
            NetworkList::parse({QStringLiteral("10.0.0.0/8"), QStringLiteral("192.0.2.7"),
                                QStringLiteral("fd00::/8")});
        QVERIFY(list);
        QCOMPARE(list->contains(QHostAddress(address)), inside);
    }

    void clientAddress_data()
    {
        QTest::addColumn<QString>("peer");
        QTest::addColumn<QByteArray>("forwardedFor");
        QTest::addColumn<QString>("client");
        QTest::newRow("no header")
            << QStringLiteral("192.0.2.1") << QByteArray() << QStringLiteral("192.0.2.1");
        QTest::newRow("untrusted peer's header is ignored")
            << QStringLiteral("192.0.2.1") << QByteArray("10.0.0.5") << QStringLiteral("192.0.2.1");
        QTest::newRow("trusted proxy")
            << QStringLiteral("172.16.0.1") << QByteArray("10.0.0.5") << QStringLiteral("10.0.0.5");
        QTest::newRow("the client cannot prepend a fake")
            << QStringLiteral("172.16.0.1") << QByteArray("127.0.0.1, 198.51.100.9")
            << QStringLiteral("198.51.100.9");
        QTest::newRow("two trusted proxies")
            << QStringLiteral("172.16.0.1") << QByteArray("198.51.100.9, 172.16.0.2")
            << QStringLiteral("198.51.100.9");
        QTest::newRow("garbage stops at the last trusted hop")
            << QStringLiteral("172.16.0.1") << QByteArray("x, 172.16.0.2")
            << QStringLiteral("172.16.0.2");
        QByteArray chain = "198.51.100.9";
        for (int i = 0; i < 40; ++i)
            chain += ", 172.16.0.2";
        QTest::newRow("a chain longer than any deployment stops at a proxy")
            << QStringLiteral("172.16.0.1") << chain << QStringLiteral("172.16.0.2");
        QTest::newRow("a huge entry is no address")
            << QStringLiteral("172.16.0.1") << QByteArray(100000, '1')
            << QStringLiteral("172.16.0.1");
        QTest::newRow("a trailing comma") << QStringLiteral("172.16.0.1") << QByteArray("10.0.0.5,")
                                          << QStringLiteral("172.16.0.1");
        QTest::newRow("mapped peer") << QStringLiteral("::ffff:172.16.0.1")
                                     << QByteArray("10.0.0.5") << QStringLiteral("10.0.0.5");
    }

    void clientAddress()
    {
        QFETCH(QString, peer);
        QFETCH(QByteArray, forwardedFor);
        QFETCH(QString, client);
        const auto proxies = NetworkList::parse({QStringLiteral("172.16.0.0/24")});
        QCOMPARE(NetworkList::clientAddress(QHostAddress(peer), forwardedFor, *proxies),
                 QHostAddress(client));
    }
};

QTEST_GUILESS_MAIN(TestNetworkList)
#include "TestNetworkList.moc"
