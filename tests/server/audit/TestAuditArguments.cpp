#include "server/audit/AuditArguments.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QTest>

using namespace pmcp;

class TestAuditArguments final : public QObject {
    Q_OBJECT

private slots:
    void smallArgumentsStayAsTheyAre();
    void aLongStringBecomesItsSizeAndHash();
    void theLimitIsInUtf8Bytes();
    void nestedValuesAreCappedToo();
    void aLargeObjectBecomesOneDigest();
    void otherValuesStay();
};

namespace {

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

void TestAuditArguments::smallArgumentsStayAsTheyAre()
{
    const QJsonObject arguments{{QStringLiteral("command"), QStringLiteral("qm list")},
                                {QStringLiteral("vmid"), 100},
                                {QStringLiteral("edge"), QString(4096, u'x')}};
    QCOMPARE(AuditArguments::cap(arguments), arguments);
}

void TestAuditArguments::aLongStringBecomesItsSizeAndHash()
{
    const QString script = QString(4097, u'y');
    const QJsonObject capped =
        AuditArguments::cap({{QStringLiteral("command"), script}, {QStringLiteral("vmid"), 100}});
    const QJsonValue recorded = capped.value(QLatin1String("command"));
    QVERIFY(AuditArguments::isDigest(recorded));
    QCOMPARE(recorded.toObject().value(QLatin1String("bytes")).toInteger(), 4097);
    QCOMPARE(recorded.toObject().value(QLatin1String("sha256")).toString(),
             sha256(script.toUtf8()));
    QCOMPARE(capped.value(QLatin1String("vmid")).toInt(), 100);
}

void TestAuditArguments::theLimitIsInUtf8Bytes()
{
    // 2000 characters of two bytes each: 4000 bytes, kept; 2100 of them: 4200 bytes, capped.
    const QString fits(2000, QChar(0xe9));
    const QString over(2100, QChar(0xe9));
    QCOMPARE(AuditArguments::cap({{QStringLiteral("a"), fits}}).value(QLatin1String("a")),
             QJsonValue(fits));
    const QJsonValue capped =
        AuditArguments::cap({{QStringLiteral("a"), over}}).value(QLatin1String("a"));
    QVERIFY(AuditArguments::isDigest(capped));
    QCOMPARE(capped.toObject().value(QLatin1String("bytes")).toInteger(), 4200);
}

void TestAuditArguments::nestedValuesAreCappedToo()
{
    const QString big(10'000, u'z');
    const QJsonObject capped = AuditArguments::cap(
        {{QStringLiteral("body"),
          QJsonObject{{QStringLiteral("list"), QJsonArray{big, QStringLiteral("small")}}}}});
    const QJsonArray list =
        capped.value(QLatin1String("body")).toObject().value(QLatin1String("list")).toArray();
    QCOMPARE(list.size(), 2);
    QVERIFY(AuditArguments::isDigest(list.at(0)));
    QCOMPARE(list.at(1).toString(), QStringLiteral("small"));
}

void TestAuditArguments::aLargeObjectBecomesOneDigest()
{
    // Many values under the per-value limit that add up to more than 16 KiB.
    QJsonObject arguments;
    for (int i = 0; i < 10; ++i)
        arguments.insert(QStringLiteral("k%1").arg(i), QString(4000, u'a'));
    const QJsonObject capped = AuditArguments::cap(arguments);
    QVERIFY(AuditArguments::isDigest(capped));
    const QByteArray compact = QJsonDocument(arguments).toJson(QJsonDocument::Compact);
    QCOMPARE(capped.value(QLatin1String("bytes")).toInteger(), compact.size());
    QCOMPARE(capped.value(QLatin1String("sha256")).toString(), sha256(compact));
    QVERIFY(QJsonDocument(capped).toJson(QJsonDocument::Compact).size() < 200);
}

void TestAuditArguments::otherValuesStay()
{
    const QJsonObject arguments{{QStringLiteral("n"), 1.5},
                                {QStringLiteral("b"), true},
                                {QStringLiteral("z"), QJsonValue::Null},
                                {QStringLiteral("e"), QJsonObject()}};
    QCOMPARE(AuditArguments::cap(arguments), arguments);
    QVERIFY(!AuditArguments::isDigest(QJsonObject{{QStringLiteral("truncated"), true}}));
}

QTEST_GUILESS_MAIN(TestAuditArguments)
#include "TestAuditArguments.moc"
