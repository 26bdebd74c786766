#include "desktop/ui/BackupsPage.h"

#include "DesktopFixture.h"
#include "server/auth/ClientStore.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QProgressBar>
#include <QRandomGenerator>
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

// The backups page against the in-process daemon started from a configuration file: the list
// with size, age and verification state, a backup now with its progress from the event stream
// while the call is open, a verification that names the first bad file of a damaged backup,
// a restore of one part only after a confirmation that says what it replaces, and the
// retention and schedule as the daemon's configuration has them.
class TestBackupsPage final : public QObject, public DesktopFixture {
    Q_OBJECT

private slots:
    void init()
    {
        if (!underSecretService())
            QSKIP("runs under tests/desktop/with-secret-service.sh (ctest does that)");
        setUpDesktop();
    }
    void cleanup() { tearDownDesktop(); }

    void showsRetentionAndSchedule()
    {
        QVERIFY(startFromFile(
            "BACKUP_KEEP=5\nBACKUP_KEEP_DAYS=30\nBACKUP_SCHEDULE=weekly sun 03:00\n"));
        BackupsPage page(m_connections.get());
        QSignalSpy settings(&page, &BackupsPage::settingsShown);
        QVERIFY(connectDesktop());
        QVERIFY(settings.wait(15000));
        const QString retention =
            page.findChild<QLabel *>(QStringLiteral("backupRetention"))->text();
        QVERIFY2(retention.contains(QLatin1String("newest 5 backup")), qPrintable(retention));
        QVERIFY2(retention.contains(QLatin1String("30 day")), qPrintable(retention));
        const QString schedule = page.findChild<QLabel *>(QStringLiteral("backupSchedule"))->text();
        QVERIFY2(schedule.contains(QLatin1String("weekly sun 03:00")), qPrintable(schedule));
        QSignalSpy wantsConfiguration(&page, &BackupsPage::configurationRequested);
        QTest::mouseClick(
            page.findChild<QAbstractButton *>(QStringLiteral("openConfigurationButton")),
            Qt::LeftButton);
        QCOMPARE(wantsConfiguration.count(), 1);
    }

    void backsUpNowWithProgressAndListsIt()
    {
        QVERIFY(startFromFile());
        BackupsPage page(m_connections.get());
        QSignalSpy listed(&page, &BackupsPage::listShown);
        QSignalSpy settings(&page, &BackupsPage::settingsShown);
        QVERIFY(connectDesktop());
        QVERIFY(listed.wait(15000));
        QTRY_VERIFY_WITH_TIMEOUT(settings.count() > 0, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(m_connections->events()->isOnline(), 10000);
        auto *list = page.findChild<QTreeWidget *>(QStringLiteral("backupList"));
        QCOMPARE(list->topLevelItemCount(), 0);
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("backupDirectory"))
                    ->text()
                    .startsWith(QLatin1String("No backups yet")));
        // No schedule in this file: the page says so.
        QCOMPARE(page.findChild<QLabel *>(QStringLiteral("backupSchedule"))->text(),
                 QStringLiteral("No scheduled backups (BACKUP_SCHEDULE is empty)."));

        QSignalSpy progress(&page, &BackupsPage::progressShown);
        QSignalSpy reported(&page, &BackupsPage::reported);
        auto *now = page.findChild<QAbstractButton *>(QStringLiteral("backupNowButton"));
        QVERIFY(now->isEnabled());
        QTest::mouseClick(now, Qt::LeftButton);
        // The call is open and the window goes on: the button waits, the bar shows the step.
        QVERIFY(!now->isEnabled());
        QCOMPARE(page.findChild<QProgressBar *>(QStringLiteral("backupProgress"))->format(),
                 QStringLiteral("Starting the backup…"));
        QVERIFY(reported.wait(30000));
        const QString message = reported.first().first().toString();
        QVERIFY2(!reported.first().at(1).toBool(), qPrintable(message));
        // The message a screen reader reads (a named label shows it as its description).
        QCOMPARE(
            page.findChild<QLabel *>(QStringLiteral("backupsMessage"))->accessibleDescription(),
            message);
        QVERIFY2(message.startsWith(QLatin1String("Backed up to proxmox-mcp-")),
                 qPrintable(message));
        // The backup's progress events reach the page from the stream (the answer to the call
        // and the events come on different connections, so either may be read first): writing,
        // then verifying, each step's percentage rising.
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().first().toString() ==
                                                            QStringLiteral("Verifying"),
                                 15000);
        QCOMPARE(progress.first().first().toString(), QStringLiteral("Writing"));
        QStringList steps;
        for (int i = 0; i < progress.count(); ++i) {
            const QString step = progress.at(i).first().toString();
            if (steps.isEmpty() || steps.last() != step)
                steps.append(step);
            else
                QVERIFY(progress.at(i).at(1).toInt() >= progress.at(i - 1).at(1).toInt());
        }
        QCOMPARE(steps, (QStringList{QStringLiteral("Writing"), QStringLiteral("Verifying")}));

        QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 1, 15000);
        QTreeWidgetItem *row = list->topLevelItem(0);
        QVERIFY(message.contains(row->text(0)));
        QVERIFY2(row->text(1).contains(QLatin1String("B")), qPrintable(row->text(1))); // bytes
        QVERIFY2(row->text(2).contains(QLatin1String("second")), qPrintable(row->text(2)));
        QCOMPARE(row->text(3), QStringLiteral("verified"));
        QTRY_VERIFY_WITH_TIMEOUT(now->isEnabled(), 15000);
    }

    void verifyNamesTheFirstBadFile()
    {
        QVERIFY(startFromFile());
        // A large file that does not compress, so that a byte in the middle of the archive is
        // one of its bytes.
        QFile hosts(QDir(m_stateDir).filePath(QStringLiteral("known_hosts")));
        QVERIFY(hosts.open(QIODevice::WriteOnly));
        for (int i = 0; i < 4000; ++i) {
            QByteArray line = "host-" + QByteArray::number(i) + " ssh-ed25519 ";
            for (int j = 0; j < 12; ++j)
                line += QByteArray::number(QRandomGenerator::global()->generate64(), 36);
            hosts.write(line + '\n');
        }
        hosts.close();
        BackupsPage page(m_connections.get());
        QSignalSpy listed(&page, &BackupsPage::listShown);
        QSignalSpy reported(&page, &BackupsPage::reported);
        QVERIFY(connectDesktop());
        QVERIFY(listed.wait(15000));
        QTest::mouseClick(page.findChild<QAbstractButton *>(QStringLiteral("backupNowButton")),
                          Qt::LeftButton);
        QVERIFY(reported.wait(30000));
        auto *list = page.findChild<QTreeWidget *>(QStringLiteral("backupList"));
        QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 1, 15000);
        list->setCurrentItem(list->topLevelItem(0));
        const QString name = list->topLevelItem(0)->text(0);
        auto *verify = page.findChild<QAbstractButton *>(QStringLiteral("verifyBackupButton"));
        QTRY_VERIFY_WITH_TIMEOUT(verify->isEnabled(), 15000);

        reported.clear();
        QTest::mouseClick(verify, Qt::LeftButton);
        QVERIFY(reported.wait(30000));
        QVERIFY2(!reported.first().at(1).toBool(), qPrintable(reported.first().first().toString()));
        QVERIFY2(
            reported.first().first().toString().startsWith(name + QStringLiteral(" is intact")),
            qPrintable(reported.first().first().toString()));

        // One byte flipped in the middle: verification fails and names known_hosts.
        const QString path = QDir(m_stateDir).filePath(QStringLiteral("backups/") + name);
        QFile archive(path);
        QVERIFY(archive.open(QIODevice::ReadWrite));
        QByteArray bytes = archive.readAll();
        bytes[bytes.size() / 2] = char(bytes.at(bytes.size() / 2) ^ 0x10);
        QVERIFY(archive.seek(0));
        QCOMPARE(archive.write(bytes), bytes.size());
        archive.close();
        reported.clear();
        QTRY_VERIFY_WITH_TIMEOUT(verify->isEnabled(), 15000);
        QTest::mouseClick(verify, Qt::LeftButton);
        QVERIFY(reported.wait(30000));
        const QString message = reported.first().first().toString();
        QVERIFY2(reported.first().at(1).toBool(), qPrintable(message));
        QVERIFY2(message.startsWith(name + QStringLiteral(" is damaged: the first bad file is ")),
                 qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("known_hosts")), qPrintable(message));
        QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItem(0)->text(3), QStringLiteral("failed"), 15000);
    }

    void restoresOnePartAfterTheConfirmation()
    {
        QVERIFY(startFromFile());
        BackupsPage page(m_connections.get());
        QSignalSpy listed(&page, &BackupsPage::listShown);
        QSignalSpy reported(&page, &BackupsPage::reported);
        QVERIFY(connectDesktop());
        QVERIFY(listed.wait(15000));
        QTest::mouseClick(page.findChild<QAbstractButton *>(QStringLiteral("backupNowButton")),
                          Qt::LeftButton);
        QVERIFY(reported.wait(30000));
        auto *list = page.findChild<QTreeWidget *>(QStringLiteral("backupList"));
        QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 1, 15000);
        list->setCurrentItem(list->topLevelItem(0));
        const QString name = list->topLevelItem(0)->text(0);
        QVERIFY(ClientStore(m_stateDir).revoke(QStringLiteral("alice")).ok());
        QTRY_VERIFY_WITH_TIMEOUT(openSession(m_token).isEmpty(), 5000);

        auto *part = page.findChild<QComboBox *>(QStringLiteral("restorePart"));
        part->setCurrentIndex(part->findData(QStringLiteral("clients")));
        auto *restore = page.findChild<QAbstractButton *>(QStringLiteral("restoreBackupButton"));
        QTRY_VERIFY_WITH_TIMEOUT(restore->isEnabled(), 15000);

        // Declined: nothing restored, alice stays revoked.
        QString asked;
        page.setConfirmation([&asked](const QString &text) {
            asked = text;
            return false;
        });
        reported.clear();
        QTest::mouseClick(restore, Qt::LeftButton);
        QVERIFY2(asked.startsWith(QStringLiteral("Restore from ") + name), qPrintable(asked));
        QVERIFY2(
            asked.contains(QLatin1String("replaces the client tokens, the admin tokens and the "
                                         "OAuth grants")),
            qPrintable(asked));
        QVERIFY2(!asked.contains(QLatin1String("audit log")), qPrintable(asked));
        QVERIFY2(asked.contains(QLatin1String("current state is saved as a backup first")),
                 qPrintable(asked));
        QCOMPARE(reported.count(), 1);
        QCOMPARE(reported.first().first().toString(), QStringLiteral("Nothing was restored."));
        QVERIFY(openSession(m_token).isEmpty());

        // Everything names every part.
        QVERIFY(BackupsPage::replacedBy({}).contains(QLatin1String("the audit log and its key")));
        QVERIFY(BackupsPage::replacedBy({}).contains(QLatin1String("the configuration file")));

        page.setConfirmation([](const QString &) { return true; });
        reported.clear();
        QTest::mouseClick(restore, Qt::LeftButton);
        QVERIFY(reported.wait(30000));
        const QString message = reported.first().first().toString();
        QVERIFY2(!reported.first().at(1).toBool(), qPrintable(message));
        QVERIFY2(message.startsWith(QLatin1String("Restored the client tokens")),
                 qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("-pre-restore.tar.gz")), qPrintable(message));
        QTRY_VERIFY_WITH_TIMEOUT(!openSession(m_token).isEmpty(), 5000);
        // The state before the restore is now a backup of its own.
        QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 2, 15000);
    }

    void mistakesAreSentences()
    {
        // Without a configuration file the daemon cannot say its retention: the page says why.
        QVERIFY(start(baseConfig()));
        BackupsPage page(m_connections.get());
        QSignalSpy settings(&page, &BackupsPage::settingsShown);
        QVERIFY(connectDesktop());
        QVERIFY(settings.wait(15000));
        const QString retention =
            page.findChild<QLabel *>(QStringLiteral("backupRetention"))->text();
        QVERIFY2(retention.startsWith(QLatin1String("Not known: ")), qPrintable(retention));
        QVERIFY2(retention.endsWith(QLatin1String("(HTTP 409)")), qPrintable(retention));

        admin::BackupCheck check;
        check.name = QStringLiteral("b.tar.gz");
        check.message = QStringLiteral("FAILED: the archive has no manifest");
        QCOMPARE(BackupsPage::verificationSentence(check),
                 QStringLiteral("b.tar.gz does not verify. The daemon says: FAILED: the archive "
                                "has no manifest"));
        check.ok = true;
        check.files = 1;
        QVERIFY(BackupsPage::verificationSentence(check).startsWith(
            QLatin1String("b.tar.gz is intact: 1 file")));
    }

    void tabFollowsTheLayout()
    {
        BackupsPage page(m_connections.get());
        const QStringList names{
            QStringLiteral("backupList"),          QStringLiteral("backupNowButton"),
            QStringLiteral("verifyBackupButton"),  QStringLiteral("restorePart"),
            QStringLiteral("restoreBackupButton"), QStringLiteral("openConfigurationButton")};
        QCOMPARE(tabOrderOf(&page, names), names);
    }

private:
    bool startFromFile(const QByteArray &extra = {})
    {
        const QString path = m_dir->filePath(QStringLiteral("proxmox-mcp.env"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return false;
        file.write("STATE_DIR=" + m_stateDir.toUtf8() +
                   "\nMCP_PORT=0\nENABLE_PROXMOX_API=false\nENABLE_SSH=false\n"
                   "MCP_TOOL_PROFILE=full\n" +
                   extra);
        file.close();
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        const Config config = Config::load(path, QProcessEnvironment());
        if (!config.isValid())
            return false;
        m_daemon = std::make_unique<Daemon>(config);
        m_daemon->setConfigFile(path, QProcessEnvironment());
        return m_daemon->startHttp().ok();
    }
};

QTEST_MAIN(TestBackupsPage)
#include "TestBackupsPage.moc"
