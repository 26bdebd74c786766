#include "server/oauth/OAuthPages.h"

#include <QTest>

using namespace pmcp;

class TestOAuthPages final : public QObject {
    Q_OBJECT
private slots:
    void waitingPageShowsWhoAndContinuesByItself();
    void problemPageEscapes();
};

void TestOAuthPages::waitingPageShowsWhoAndContinuesByItself()
{
    AccessRequest request;
    request.id = QStringLiteral("ABCD-EFGH");
    request.clientName = QStringLiteral("Evil <script>alert(1)</script>");
    request.redirectUri = QStringLiteral("https://claude.ai/cb");
    request.expires = QDateTime(QDate(2026, 12, 4), QTime(10, 5), Qt::UTC);
    const QByteArray page = OAuthPages::waiting(request);
    QVERIFY(page.contains("ABCD-EFGH"));
    QVERIFY(page.contains("claude.ai"));
    QVERIFY(page.contains("Evil &lt;script&gt;alert(1)&lt;/script&gt;"));
    QVERIFY(!page.contains("<script>alert(1)"));
    QVERIFY(page.contains("<noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>"));
    QVERIFY(page.contains("format=json"));
    QVERIFY(page.contains("10:05"));
}

void TestOAuthPages::problemPageEscapes()
{
    const QByteArray page =
        OAuthPages::problem(QStringLiteral("A & B"), QStringLiteral("<b>x</b>"));
    QVERIFY(page.contains("A &amp; B"));
    QVERIFY(page.contains("&lt;b&gt;x&lt;/b&gt;"));
}

QTEST_GUILESS_MAIN(TestOAuthPages)
#include "TestOAuthPages.moc"
