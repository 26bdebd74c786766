#include "server/oauth/OAuthSecrets.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace pmcp;

class TestOAuthSecrets final : public QObject {
    Q_OBJECT
private slots:
    void secretsAreLongAndDistinct();
    void requestCodesAreReadable();
    void hashIsHexSha256();
    void pkceFollowsRfc7636Appendix();
    void pkceRefusesBadVerifiers_data();
    void pkceRefusesBadVerifiers();
    void challengeShape();
};

void TestOAuthSecrets::secretsAreLongAndDistinct()
{
    QSet<QString> seen;
    for (int i = 0; i < 100; ++i) {
        const QString secret = OAuthSecrets::newSecret(QStringLiteral("pmat_"));
        QVERIFY(secret.startsWith(QLatin1String("pmat_")));
        QCOMPARE(secret.size(), 5 + 43);
        seen.insert(secret);
    }
    QCOMPARE(seen.size(), 100);
}

void TestOAuthSecrets::requestCodesAreReadable()
{
    static const QRegularExpression shape(
        QStringLiteral("^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$"));
    for (int i = 0; i < 200; ++i) {
        const QString code = OAuthSecrets::newRequestCode();
        QVERIFY2(shape.match(code).hasMatch(), qPrintable(code));
    }
}

void TestOAuthSecrets::hashIsHexSha256()
{
    QCOMPARE(OAuthSecrets::hash("abc"),
             QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QVERIFY(OAuthSecrets::constantTimeEquals("abc", "abc"));
    QVERIFY(!OAuthSecrets::constantTimeEquals("abc", "abd"));
    QVERIFY(!OAuthSecrets::constantTimeEquals("abc", "abcd"));
}

void TestOAuthSecrets::pkceFollowsRfc7636Appendix()
{
    // RFC 7636 appendix B.
    QVERIFY(
        OAuthSecrets::pkceMatches(QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
                                  QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")));
    QVERIFY(
        !OAuthSecrets::pkceMatches(QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXj"),
                                   QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")));
}

void TestOAuthSecrets::pkceRefusesBadVerifiers_data()
{
    QTest::addColumn<QString>("verifier");
    QTest::newRow("too short") << QString(42, u'a');
    QTest::newRow("too long") << QString(129, u'a');
    QTest::newRow("bad character") << QString(42, u'a') + u'+';
}

void TestOAuthSecrets::pkceRefusesBadVerifiers()
{
    QFETCH(QString, verifier);
    const QString challenge = QString::fromLatin1(
        QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    QVERIFY(!OAuthSecrets::pkceMatches(verifier, challenge));
}

void TestOAuthSecrets::challengeShape()
{
    QVERIFY(OAuthSecrets::isS256Challenge(
        QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")));
    QVERIFY(!OAuthSecrets::isS256Challenge(QStringLiteral("plain-verifier")));
    QVERIFY(!OAuthSecrets::isS256Challenge(
        QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM")));
}

QTEST_GUILESS_MAIN(TestOAuthSecrets)
#include "TestOAuthSecrets.moc"
