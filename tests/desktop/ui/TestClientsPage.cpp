#include "desktop/ui/ClientsPage.h"

#include "DesktopFixture.h"
#include "server/oauth/OAuthSecrets.h"
#include "server/oauth/OAuthStore.h"

#include <QAbstractButton>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QLabel>
#include <QTest>
#include <QTreeWidget>

using namespace pmcp;
using namespace pmcp::test;

// The clients page against the in-process daemon: a pending access request approved with a
// scope and an expiry or rejected, a client revoked with a reason, a static token created and
// shown once with its copy button and Claude Code line.
class TestClientsPage final : public QObject, public DesktopFixture {
    Q_OBJECT

private slots:
    void init()
    {
        if (!underSecretService())
            QSKIP("runs under tests/desktop/with-secret-service.sh (ctest does that)");
        setUpDesktop();
    }
    void cleanup() { tearDownDesktop(); }

    void approvesAPendingRequest()
    {
        QVERIFY(start(baseConfig()));
        const QString id = pendingRequest(QStringLiteral("Claude"));
        ClientsPage page(m_connections.get());
        QSignalSpy shown(&page, &ClientsPage::listsShown);
        QVERIFY(connectDesktop());
        auto *pending = page.findChild<QTreeWidget *>(QStringLiteral("pendingRequests"));
        QTRY_COMPARE_WITH_TIMEOUT(pending->topLevelItemCount(), 1, 15000);
        QTreeWidgetItem *row = pending->topLevelItem(0);
        QCOMPARE(row->text(0), QStringLiteral("Claude"));
        QCOMPARE(row->text(1), QStringLiteral("127.0.0.1"));
        QCOMPARE(row->text(2), id);

        auto *scope = page.findChild<QComboBox *>(QStringLiteral("approveScope"));
        scope->setCurrentIndex(scope->findData(QStringLiteral("full")));
        page.findChild<QSpinBox *>(QStringLiteral("approveDays"))->setValue(14);
        QSignalSpy reported(&page, &ClientsPage::reported);
        QTest::mouseClick(page.findChild<QAbstractButton *>(QStringLiteral("approveButton")),
                          Qt::LeftButton);
        QVERIFY(reported.wait(15000));
        QVERIFY2(!reported.first().at(1).toBool(), qPrintable(reported.first().first().toString()));
        // The message a screen reader reads (a named label shows it as its description).
        QCOMPARE(
            page.findChild<QLabel *>(QStringLiteral("clientsMessage"))->accessibleDescription(),
            reported.first().first().toString());
        QTRY_COMPARE_WITH_TIMEOUT(pending->topLevelItemCount(), 0, 15000);

        // The daemon granted what the page asked for.
        const Answer clients = get(QStringLiteral("/api/admin/clients"), bearer(m_adminToken));
        bool found = false;
        for (const QJsonValue &entry : clients.json()[QLatin1String("clients")].toArray()) {
            if (entry[QLatin1String("kind")].toString() != QLatin1String("oauth"))
                continue;
            found = true;
            QCOMPARE(entry[QLatin1String("scope")].toString(), QStringLiteral("full"));
            const QDateTime expires = QDateTime::fromString(
                entry[QLatin1String("expires")].toString(), Qt::ISODateWithMs);
            QVERIFY(qAbs(QDateTime::currentDateTimeUtc().daysTo(expires) - 14) <= 1);
        }
        QVERIFY(found);
        auto *list = page.findChild<QTreeWidget *>(QStringLiteral("approvedClients"));
        QTRY_VERIFY_WITH_TIMEOUT(
            !list->findItems(QStringLiteral("OAuth"), Qt::MatchExactly, 1).isEmpty(), 15000);
    }

    void rejectsAPendingRequest()
    {
        QVERIFY(start(baseConfig()));
        pendingRequest(QStringLiteral("Stranger"));
        ClientsPage page(m_connections.get());
        QVERIFY(connectDesktop());
        auto *pending = page.findChild<QTreeWidget *>(QStringLiteral("pendingRequests"));
        QTRY_COMPARE_WITH_TIMEOUT(pending->topLevelItemCount(), 1, 15000);
        QSignalSpy reported(&page, &ClientsPage::reported);
        QTest::mouseClick(page.findChild<QAbstractButton *>(QStringLiteral("rejectButton")),
                          Qt::LeftButton);
        QVERIFY(reported.wait(15000));
        QVERIFY(reported.first().first().toString().startsWith(QLatin1String("Rejected")));
        QTRY_COMPARE_WITH_TIMEOUT(pending->topLevelItemCount(), 0, 15000);
        const Answer left = get(QStringLiteral("/api/admin/clients/pending"), bearer(m_adminToken));
        QCOMPARE(left.json()[QLatin1String("requests")].toArray().size(), 0);
    }

    void revokesAClientWithAReason()
    {
        QVERIFY(start(baseConfig()));
        ClientsPage page(m_connections.get());
        QVERIFY(connectDesktop());
        auto *list = page.findChild<QTreeWidget *>(QStringLiteral("approvedClients"));
        QTRY_VERIFY_WITH_TIMEOUT(list->topLevelItemCount() >= 2, 15000);
        const auto alice = list->findItems(QStringLiteral("alice"), Qt::MatchExactly, 0);
        QCOMPARE(alice.size(), 1);
        list->setCurrentItem(alice.first());
        page.findChild<QLineEdit *>(QStringLiteral("revokeReason"))
            ->setText(QStringLiteral("laptop lost"));
        QSignalSpy reported(&page, &ClientsPage::reported);
        QTest::mouseClick(page.findChild<QAbstractButton *>(QStringLiteral("revokeButton")),
                          Qt::LeftButton);
        QVERIFY(reported.wait(15000));
        QVERIFY2(!reported.first().at(1).toBool(), qPrintable(reported.first().first().toString()));
        // Alice's token no longer opens /api/mcp, and the list says so.
        QCOMPARE(rpc(m_token, initializeRequest(1, QStringLiteral("x"))).status, 401);
        QTRY_COMPARE_WITH_TIMEOUT(
            list->findItems(QStringLiteral("alice"), Qt::MatchExactly, 0).value(0)->text(3),
            QStringLiteral("revoked"), 15000);
    }

    void createsATokenShownOnce()
    {
        QVERIFY(start(baseConfig()));
        ClientsPage page(m_connections.get());
        QVERIFY(connectDesktop());
        page.findChild<QLineEdit *>(QStringLiteral("newTokenName"))->setText(QStringLiteral("ci"));
        auto *scope = page.findChild<QComboBox *>(QStringLiteral("newTokenScope"));
        scope->setCurrentIndex(scope->findData(QStringLiteral("read-only")));
        auto *token = page.findChild<QLineEdit *>(QStringLiteral("newToken"));
        auto *copy = page.findChild<QAbstractButton *>(QStringLiteral("copyTokenButton"));
        QVERIFY(!copy->isEnabled());
        QTest::mouseClick(page.findChild<QAbstractButton *>(QStringLiteral("createTokenButton")),
                          Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!token->text().isEmpty(), 15000);
        QVERIFY(token->isReadOnly());
        QVERIFY(copy->isEnabled());
        QTest::mouseClick(copy, Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), token->text());
        const QString lines =
            page.findChild<QPlainTextEdit *>(QStringLiteral("claudeLines"))->toPlainText();
        QCOMPARE(lines, ClientsPage::claudeLines(QUrl(m_daemon->baseUrl()), token->text()));
        QVERIFY(lines.startsWith(QLatin1String("claude mcp add --transport http proxmox ") +
                                 m_daemon->baseUrl() + QLatin1String("/api/mcp --header")));
        // The token works, read-only.
        QVERIFY(!openSession(token->text().toLatin1()).isEmpty());
        // A new connection forgets it: shown once.
        QVERIFY(connectDesktop());
        QVERIFY(token->text().isEmpty());
    }

private:
    // An OAuth access request as a client's authorization makes it; its id.
    QString pendingRequest(const QString &clientName)
    {
        OAuthStore store(m_stateDir);
        const auto client = store.registerClient(
            clientName, {QStringLiteral("http://127.0.0.1/callback")}, QStringLiteral("cli"));
        if (!client.ok())
            return {};
        const auto request = store.createRequest(
            {client.value().clientId, QStringLiteral("http://127.0.0.1/callback"),
             QStringLiteral("state"), OAuthSecrets::newSecret(QString()).left(43),
             m_daemon->baseUrl() + QStringLiteral("/api/mcp"), QStringLiteral("read-only")});
        return request.ok() ? request.value().first.id : QString();
    }
};

QTEST_MAIN(TestClientsPage)
#include "TestClientsPage.moc"
