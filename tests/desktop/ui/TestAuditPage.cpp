#include "desktop/ui/AuditPage.h"

#include "DesktopFixture.h"
#include "server/audit/AuditLog.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QDateTimeEdit>
#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTest>
#include <QTreeWidget>

using namespace pmcp;
using namespace pmcp::test;

namespace {

// The names of these widgets in the order Tab reaches them, starting from the first.
inline QStringList tabOrderOf(QWidget *page, const QStringList &names)
{
    QStringList order;
    QWidget *first = page->findChild<QWidget *>(names.first());
    QWidget *widget = first;
    do {
        if (names.contains(widget->objectName()) && !order.contains(widget->objectName()))
            order.append(widget->objectName());
        widget = widget->nextInFocusChain();
    } while (widget && widget != first);
    return order;
}

} // namespace

// The audit and security page against the in-process daemon with real audit entries: three
// commands of alice's that the policy refused and one call of reader's. Filters and paging,
// the denied commands with their rule (and a new one arriving by the event stream), the chain
// verified and then found broken in a tampered file, the filter's entries exported to CSV and
// JSON through the file chooser seam, and the security checks as the daemon reports them.
class TestAuditPage final : public QObject, public DesktopFixture {
    Q_OBJECT

private slots:
    void init()
    {
        if (!underSecretService())
            QSKIP("runs under tests/desktop/with-secret-service.sh (ctest does that)");
        setUpDesktop();
        QVERIFY(start(baseConfig({{ConfigKey::EnableLocalExecution, QStringLiteral("true")}})));
        QVERIFY(writeEntries());
    }
    void cleanup() { tearDownDesktop(); }

    void filtersAndPages()
    {
        AuditPage page(m_connections.get());
        QSignalSpy shown(&page, &AuditPage::entriesShown);
        QVERIFY(connectDesktop());
        QVERIFY(shown.wait(15000));
        auto *entries = page.findChild<QTreeWidget *>(QStringLiteral("auditEntries"));
        auto *label = page.findChild<QLabel *>(QStringLiteral("auditPageLabel"));
        QCOMPARE(entries->topLevelItemCount(), 4);
        QCOMPARE(label->text(), QStringLiteral("Entries 1–4 of 4, newest first."));
        // Newest first: reader's call came last.
        QCOMPARE(entries->topLevelItem(0)->text(1), QStringLiteral("reader"));
        QCOMPARE(entries->topLevelItem(0)->text(2), QStringLiteral("server_info"));

        const auto searchFor = [&] {
            shown.clear();
            QTest::mouseClick(
                page.findChild<QAbstractButton *>(QStringLiteral("auditSearchButton")),
                Qt::LeftButton);
            return shown.wait(15000);
        };
        auto *client = page.findChild<QLineEdit *>(QStringLiteral("auditClient"));
        auto *tool = page.findChild<QLineEdit *>(QStringLiteral("auditTool"));
        auto *denied = page.findChild<QCheckBox *>(QStringLiteral("auditDeniedOnly"));
        client->setText(QStringLiteral("alice"));
        QVERIFY(searchFor());
        QCOMPARE(entries->topLevelItemCount(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(entries->topLevelItem(i)->text(1), QStringLiteral("alice"));
            QCOMPARE(entries->topLevelItem(i)->text(3), QStringLiteral("denied"));
            QCOMPARE(entries->topLevelItem(i)->text(4), QStringLiteral("rm-root"));
        }
        client->clear();
        denied->setChecked(true);
        QVERIFY(searchFor());
        QCOMPARE(entries->topLevelItemCount(), 3);
        denied->setChecked(false);
        tool->setText(QStringLiteral("server_info"));
        QVERIFY(searchFor());
        QCOMPARE(entries->topLevelItemCount(), 1);
        QCOMPARE(entries->topLevelItem(0)->text(1), QStringLiteral("reader"));
        tool->clear();

        // Pages of two: 1-2, then 3-4; previous goes back.
        page.findChild<QSpinBox *>(QStringLiteral("auditPageSize"))->setValue(2);
        QVERIFY(searchFor());
        QCOMPARE(entries->topLevelItemCount(), 2);
        QCOMPARE(label->text(), QStringLiteral("Entries 1–2 of 4, newest first."));
        auto *previous = page.findChild<QAbstractButton *>(QStringLiteral("auditPreviousPage"));
        auto *next = page.findChild<QAbstractButton *>(QStringLiteral("auditNextPage"));
        QVERIFY(!previous->isEnabled());
        QVERIFY(next->isEnabled());
        const QString newest = entries->topLevelItem(0)->text(1);
        shown.clear();
        QTest::mouseClick(next, Qt::LeftButton);
        QVERIFY(shown.wait(15000));
        QCOMPARE(label->text(), QStringLiteral("Entries 3–4 of 4, newest first."));
        QVERIFY(!next->isEnabled());
        QVERIFY(previous->isEnabled());
        shown.clear();
        QTest::mouseClick(previous, Qt::LeftButton);
        QVERIFY(shown.wait(15000));
        QCOMPARE(entries->topLevelItem(0)->text(1), newest);

        // A time range before the calls matches nothing; a range that ends before it starts is
        // a sentence, and nothing is asked.
        auto *useRange = page.findChild<QCheckBox *>(QStringLiteral("auditUseRange"));
        auto *from = page.findChild<QDateTimeEdit *>(QStringLiteral("auditFrom"));
        auto *to = page.findChild<QDateTimeEdit *>(QStringLiteral("auditTo"));
        useRange->setChecked(true);
        QVERIFY(from->isEnabled());
        from->setDateTime(QDateTime::currentDateTime().addDays(-3));
        to->setDateTime(QDateTime::currentDateTime().addDays(-2));
        QVERIFY(searchFor());
        QCOMPARE(entries->topLevelItemCount(), 0);
        QCOMPARE(label->text(), QStringLiteral("No entry matches the filters."));
        to->setDateTime(QDateTime::currentDateTime().addDays(1));
        QVERIFY(searchFor());
        QCOMPARE(label->text(), QStringLiteral("Entries 1–2 of 4, newest first."));
        from->setDateTime(QDateTime::currentDateTime().addDays(2));
        QSignalSpy reported(&page, &AuditPage::reported);
        QTest::mouseClick(page.findChild<QAbstractButton *>(QStringLiteral("auditSearchButton")),
                          Qt::LeftButton);
        QCOMPARE(reported.count(), 1);
        QVERIFY(reported.first().at(1).toBool());
        QVERIFY2(reported.first().first().toString().startsWith(
                     QLatin1String("The time range ends before it starts")),
                 qPrintable(reported.first().first().toString()));
    }

    void showsDeniedCommandsWithTheirRule()
    {
        AuditPage page(m_connections.get());
        QSignalSpy denied(&page, &AuditPage::deniedShown);
        QVERIFY(connectDesktop());
        QVERIFY(denied.wait(15000));
        auto *list = page.findChild<QTreeWidget *>(QStringLiteral("deniedCommands"));
        QCOMPARE(list->topLevelItemCount(), 3);
        QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("alice"));
        QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("execute_command"));
        QCOMPARE(list->topLevelItem(0)->text(3), QStringLiteral("rm-root"));
        QCOMPARE(list->topLevelItem(0)->text(4), QStringLiteral("rm -rf /*"));
        QCOMPARE(list->topLevelItem(2)->text(4), QStringLiteral("rm -rf /"));

        // One more refused command arrives as command.denied on the stream: the list follows.
        QTRY_VERIFY_WITH_TIMEOUT(m_connections->events()->isOnline(), 10000);
        QVERIFY(callTool(m_token, QStringLiteral("execute_command"),
                         {{QStringLiteral("command"), QStringLiteral("rm -rf /etc")}}));
        QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 4, 15000);
        QCOMPARE(list->topLevelItem(0)->text(4), QStringLiteral("rm -rf /etc"));
        QCOMPARE(list->topLevelItem(0)->text(3), QStringLiteral("rm-system"));
    }

    void verifiesTheChainAndFindsABreak()
    {
        AuditPage page(m_connections.get());
        QSignalSpy shown(&page, &AuditPage::entriesShown);
        QVERIFY(connectDesktop());
        QVERIFY(shown.wait(15000));
        QSignalSpy chain(&page, &AuditPage::chainShown);
        auto *verify = page.findChild<QAbstractButton *>(QStringLiteral("verifyAuditButton"));
        auto *result = page.findChild<QLabel *>(QStringLiteral("auditChainResult"));
        QCOMPARE(result->text(), QStringLiteral("Not verified yet."));
        QTest::mouseClick(verify, Qt::LeftButton);
        QVERIFY(chain.wait(15000));
        QVERIFY(chain.first().first().toBool());
        QVERIFY2(result->text().startsWith(QLatin1String("The chain is intact: ")),
                 qPrintable(result->text()));

        // One entry changed after the fact: the chain breaks there.
        const QDir audit(AuditLog::directoryIn(m_stateDir));
        const QStringList files = audit.entryList({QStringLiteral("audit-*.jsonl")}, QDir::Files);
        QVERIFY(!files.isEmpty());
        QFile file(audit.filePath(files.first()));
        QVERIFY(file.open(QIODevice::ReadWrite));
        QByteArray content = file.readAll();
        const qsizetype at = content.indexOf("rm -rf /*");
        QVERIFY(at > 0);
        content[at + 8] = '+';
        QVERIFY(file.seek(0));
        QCOMPARE(file.write(content), content.size());
        file.close();
        chain.clear();
        QTest::mouseClick(verify, Qt::LeftButton);
        QVERIFY(chain.wait(15000));
        QVERIFY(!chain.first().first().toBool());
        QVERIFY2(result->text().startsWith(QStringLiteral("The chain is broken at ") +
                                           files.first() + QStringLiteral(", line ")),
                 qPrintable(result->text()));
    }

    void exportsWhatTheFilterShows()
    {
        AuditPage page(m_connections.get());
        QSignalSpy shown(&page, &AuditPage::entriesShown);
        QVERIFY(connectDesktop());
        QVERIFY(shown.wait(15000));
        page.findChild<QLineEdit *>(QStringLiteral("auditClient"))
            ->setText(QStringLiteral("alice"));
        // Pages of one: the export still holds every entry the filter matches.
        page.findChild<QSpinBox *>(QStringLiteral("auditPageSize"))->setValue(1);
        shown.clear();
        QTest::mouseClick(page.findChild<QAbstractButton *>(QStringLiteral("auditSearchButton")),
                          Qt::LeftButton);
        QVERIFY(shown.wait(15000));

        // Cancelled: nothing written.
        QSignalSpy reported(&page, &AuditPage::reported);
        page.setFileChooser([](const QString &, const QString &) { return QString(); });
        QTest::mouseClick(page.findChild<QAbstractButton *>(QStringLiteral("exportCsvButton")),
                          Qt::LeftButton);
        QCOMPARE(reported.last().first().toString(), QStringLiteral("Nothing was exported."));

        const QString csvPath = m_dir->filePath(QStringLiteral("audit.csv"));
        QString suggested;
        QString filter;
        page.setFileChooser([&](const QString &name, const QString &kinds) {
            suggested = name;
            filter = kinds;
            return csvPath;
        });
        QSignalSpy exported(&page, &AuditPage::exported);
        QTest::mouseClick(page.findChild<QAbstractButton *>(QStringLiteral("exportCsvButton")),
                          Qt::LeftButton);
        QVERIFY(exported.wait(15000));
        QVERIFY(suggested.endsWith(QLatin1String(".csv")));
        QVERIFY(filter.contains(QLatin1String("*.csv")));
        QCOMPARE(exported.first().at(1).toInt(), 3);
        QVERIFY2(reported.last().first().toString().startsWith(QLatin1String("Exported 3 ")),
                 qPrintable(reported.last().first().toString()));
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QList<QByteArray> lines = csv.readAll().split('\n');
        QCOMPARE(lines.takeLast(), QByteArray()); // the last line ends too
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines.first().startsWith("seq,time,client,tool,decision,rule,command,arguments"));
        for (const QByteArray &line : lines)
            QVERIFY(line.endsWith('\r'));
        // The arguments hold quotes and commas: quoted, quotes doubled.
        QVERIFY2(lines.at(1).contains(",alice,execute_command,denied:rm-root,rm-root,rm -rf /*,"
                                      "\"{\"\"command\"\":\"\"rm -rf /*\"\""),
                 lines.at(1).constData());

        const QString jsonPath = m_dir->filePath(QStringLiteral("audit.json"));
        page.setFileChooser([&](const QString &name, const QString &) {
            suggested = name;
            return jsonPath;
        });
        exported.clear();
        QTest::mouseClick(page.findChild<QAbstractButton *>(QStringLiteral("exportJsonButton")),
                          Qt::LeftButton);
        QVERIFY(exported.wait(15000));
        QVERIFY(suggested.endsWith(QLatin1String(".json")));
        QFile json(jsonPath);
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject document = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(document[QLatin1String("count")].toInt(), 3);
        QCOMPARE(document[QLatin1String("filter")][QLatin1String("client")].toString(),
                 QStringLiteral("alice"));
        const QJsonArray entries = document[QLatin1String("entries")].toArray();
        QCOMPARE(entries.size(), 3);
        QCOMPARE(entries.first()[QLatin1String("decision")].toString(),
                 QStringLiteral("denied:rm-root"));
        QCOMPARE(entries.first()[QLatin1String("arguments")][QLatin1String("command")].toString(),
                 QStringLiteral("rm -rf /*"));
    }

    void csvQuotesWhatNeedsIt()
    {
        admin::AuditEntry entry;
        entry.seq = 7;
        entry.client = QStringLiteral("plain");
        entry.tool = QStringLiteral("a,b");
        entry.outcome = QStringLiteral("said \"no\"");
        entry.target = QStringLiteral("two\nlines");
        const QByteArray csv = AuditPage::toCsv({entry});
        const QByteArray record = csv.mid(csv.indexOf("\r\n") + 2);
        QVERIFY2(
            record.startsWith("7,,plain,\"a,b\",,,,{},\"said \"\"no\"\"\",0,\"two\nlines\",,\r\n"),
            record.constData());
    }

    void showsTheSecurityChecks()
    {
        AuditPage page(m_connections.get());
        QSignalSpy security(&page, &AuditPage::securityShown);
        QVERIFY(connectDesktop());
        QVERIFY(security.wait(15000));
        const QString text = page.findChild<QLabel *>(QStringLiteral("securityChecks"))->text();
        // The status route's audit check, and no sudoers check from this daemon: said so.
        QVERIFY2(text.contains(QStringLiteral("audit: OK — ")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("sudoers: this daemon does not report")),
                 qPrintable(text));
    }

    void reportsSudoersWhenTheDaemonDoes()
    {
        admin::DaemonStatus status;
        status.checks = {{QStringLiteral("sudoers"), QStringLiteral("fail"),
                          QStringLiteral("visudo reports a parse error in /etc/sudoers.d/x")},
                         {QStringLiteral("proxmox"), QStringLiteral("ok"), QStringLiteral("up")}};
        const QStringList lines = AuditPage::securityLines(status);
        QCOMPARE(lines,
                 QStringList{QStringLiteral(
                     "sudoers: failing — visudo reports a parse error in /etc/sudoers.d/x")});
    }

    void tabFollowsTheLayout()
    {
        AuditPage page(m_connections.get());
        const QStringList names{
            QStringLiteral("auditClient"),      QStringLiteral("auditTool"),
            QStringLiteral("auditDeniedOnly"),  QStringLiteral("auditUseRange"),
            QStringLiteral("auditFrom"),        QStringLiteral("auditTo"),
            QStringLiteral("auditPageSize"),    QStringLiteral("auditSearchButton"),
            QStringLiteral("auditEntries"),     QStringLiteral("auditPreviousPage"),
            QStringLiteral("auditNextPage"),    QStringLiteral("exportCsvButton"),
            QStringLiteral("exportJsonButton"), QStringLiteral("verifyAuditButton"),
            QStringLiteral("deniedCommands")};
        QCOMPARE(tabOrderOf(&page, names), names);
    }

private:
    bool callTool(const QByteArray &token, const QString &tool, const QJsonObject &arguments)
    {
        const QByteArray session = openSession(token);
        if (session.isEmpty())
            return false;
        const Answer answer = rpc(token, toolCallRequest(2, tool, arguments), session);
        return answer.status == 200;
    }

    // Three commands of alice's the policy refuses (nothing runs), then one call of reader's.
    bool writeEntries()
    {
        for (const QString &command : {QStringLiteral("rm -rf /"), QStringLiteral("rm -rf / "),
                                       QStringLiteral("rm -rf /*")}) {
            if (!callTool(m_token, QStringLiteral("execute_command"),
                          {{QStringLiteral("command"), command}}))
                return false;
        }
        return callTool(m_readOnlyToken, QStringLiteral("server_info"), {});
    }
};

QTEST_MAIN(TestAuditPage)
#include "TestAuditPage.moc"
