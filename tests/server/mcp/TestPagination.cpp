#include "server/mcp/Pagination.h"

#include <QRegularExpression>
#include <QTest>

#include <limits>

using namespace pmcp;

namespace {

QJsonObject withCursor(const QJsonValue &cursor)
{
    return {{QStringLiteral("cursor"), cursor}};
}

QString base64Url(const QByteArray &text)
{
    return QString::fromLatin1(text.toBase64(QByteArray::Base64UrlEncoding));
}

} // namespace

class TestPagination final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void roundTrip_data();
    void roundTrip();
    void noCursorIsTheStart();
    void garbageCursors_data();
    void garbageCursors();
};

void TestPagination::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void TestPagination::roundTrip_data()
{
    QTest::addColumn<int>("offset");
    QTest::newRow("0") << 0;
    QTest::newRow("1") << 1;
    QTest::newRow("2") << 2;
    QTest::newRow("100") << 100;
    QTest::newRow("123456") << 123456;
    QTest::newRow("int max") << std::numeric_limits<int>::max();
}

void TestPagination::roundTrip()
{
    QFETCH(int, offset);
    const QString cursor = Pagination::encode(offset);
    QVERIFY(!cursor.isEmpty());
    // Cursors travel in JSON and URLs: nothing that would need escaping in either.
    QVERIFY2(QRegularExpression(QStringLiteral("^[A-Za-z0-9_=-]+$")).match(cursor).hasMatch(),
             qPrintable(cursor));
    QCOMPARE(Pagination::decode(withCursor(cursor)), std::optional<int>(offset));
}

void TestPagination::noCursorIsTheStart()
{
    QCOMPARE(Pagination::decode({}), std::optional<int>(0));
    QCOMPARE(Pagination::decode(withCursor(QJsonValue())), std::optional<int>(0));
    QCOMPARE(Pagination::decode({{QStringLiteral("other"), 5}}), std::optional<int>(0));
}

void TestPagination::garbageCursors_data()
{
    QTest::addColumn<QJsonValue>("cursor");
    QTest::newRow("empty string") << QJsonValue(QString());
    QTest::newRow("not base64") << QJsonValue(QStringLiteral("***not a cursor***"));
    QTest::newRow("plain word") << QJsonValue(QStringLiteral("garbage"));
    QTest::newRow("plain text offset") << QJsonValue(QStringLiteral("offset:2"));
    QTest::newRow("other prefix") << QJsonValue(base64Url("limit:2"));
    QTest::newRow("negative") << QJsonValue(base64Url("offset:-1"));
    QTest::newRow("not a number") << QJsonValue(base64Url("offset:abc"));
    QTest::newRow("trailing junk") << QJsonValue(base64Url("offset:2x"));
    QTest::newRow("no number") << QJsonValue(base64Url("offset:"));
    QTest::newRow("overflows int") << QJsonValue(base64Url("offset:99999999999"));
    QTest::newRow("fraction") << QJsonValue(base64Url("offset:1.5"));
    QTest::newRow("number") << QJsonValue(2);
    QTest::newRow("object") << QJsonValue(QJsonObject{{QStringLiteral("offset"), 2}});
    QTest::newRow("bool") << QJsonValue(true);
}

void TestPagination::garbageCursors()
{
    QFETCH(QJsonValue, cursor);
    QCOMPARE(Pagination::decode(withCursor(cursor)), std::nullopt);
}

QTEST_GUILESS_MAIN(TestPagination)
#include "TestPagination.moc"
