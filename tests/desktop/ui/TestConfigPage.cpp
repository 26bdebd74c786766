#include "desktop/ui/ConfigPage.h"

#include "DesktopFixture.h"
#include "shared/config/ConfigSchema.h"

#include <QAbstractButton>
#include <QAccessible>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTest>
#include <QTreeWidget>

using namespace pmcp;
using namespace pmcp::test;

// The configuration page against the in-process daemon started from a configuration file: the
// form generated from the schema (typed controls, secrets masked), the daemon's validation
// message beside a bad value, apply after a confirmation showing the diff (live or restart per
// key), and a rollback to a kept version after a confirmation.
class TestConfigPage final : public QObject, public DesktopFixture {
    Q_OBJECT

private slots:
    void init()
    {
        if (!underSecretService())
            QSKIP("runs under tests/desktop/with-secret-service.sh (ctest does that)");
        setUpDesktop();
    }
    void cleanup() { tearDownDesktop(); }

    void formFollowsTheSchemaAndMasksSecrets()
    {
        QVERIFY(startFromFile());
        ConfigPage page(m_connections.get());
        QSignalSpy shown(&page, &ConfigPage::settingsShown);
        QVERIFY(connectDesktop());
        QVERIFY(shown.wait(15000));
        for (const ConfigSetting &setting : ConfigSchema::instance().keys()) {
            auto *editor = page.findChild<QWidget *>(QStringLiteral("setting_") + setting.name);
            QVERIFY2(editor != nullptr, qPrintable(setting.name));
            QCOMPARE(editor->accessibleName(), QStringLiteral("Setting ") + setting.name);
            QVERIFY(editor->toolTip().contains(setting.description));
            if (setting.type == ConfigType::Bool)
                QVERIFY2(qobject_cast<QCheckBox *>(editor), qPrintable(setting.name));
            else if (setting.type == ConfigType::Enum)
                QVERIFY2(qobject_cast<QComboBox *>(editor), qPrintable(setting.name));
        }
        QCOMPARE(page.findChild<QComboBox *>(QStringLiteral("setting_LOG_LEVEL"))->currentText(),
                 QStringLiteral("INFO"));
        QVERIFY(!page.findChild<QCheckBox *>(QStringLiteral("setting_ENABLE_SSH"))->isChecked());
        auto *secret = page.findChild<QLineEdit *>(QStringLiteral("setting_SSH_PASSWORD"));
        QCOMPARE(secret->echoMode(), QLineEdit::Password);
        QVERIFY(secret->text().isEmpty());
        QVERIFY(secret->placeholderText().startsWith(QLatin1String("set")));
        for (const QLabel *label : page.findChildren<QLabel *>())
            QVERIFY(!label->text().contains(QLatin1String("hunter2")));
    }

    void showsTheDaemonsMessageBesideABadValue()
    {
        QVERIFY(startFromFile());
        ConfigPage page(m_connections.get());
        QSignalSpy shown(&page, &ConfigPage::settingsShown);
        QVERIFY(connectDesktop());
        QVERIFY(shown.wait(15000));
        QSignalSpy validated(&page, &ConfigPage::validated);
        auto *user = page.findChild<QLineEdit *>(QStringLiteral("setting_PROXMOX_USER"));
        user->selectAll();
        QTest::keyClicks(user, QStringLiteral("nobody"));
        QVERIFY(validated.wait(15000));
        const ConfigSetting *setting =
            ConfigSchema::instance().find(QStringLiteral("PROXMOX_USER"));
        const QString expected =
            ConfigSchema::instance().validate(*setting, QStringLiteral("nobody"));
        QVERIFY(!expected.isEmpty());
        const QString note = page.findChild<QLabel *>(QStringLiteral("note_PROXMOX_USER"))->text();
        QVERIFY2(note.contains(expected), qPrintable(note));

        // Corrected: the message goes.
        user->selectAll();
        QTest::keyClicks(user, QStringLiteral("nobody@pve"));
        QVERIFY(validated.wait(15000));
        QCOMPARE(page.findChild<QLabel *>(QStringLiteral("note_PROXMOX_USER"))->text(),
                 QStringLiteral("valid"));
        QCOMPARE(fileText(), m_original);
    }

    void appliesAfterTheDiffAndSaysLiveOrRestart()
    {
        QVERIFY(startFromFile());
        ConfigPage page(m_connections.get());
        QSignalSpy shown(&page, &ConfigPage::settingsShown);
        QVERIFY(connectDesktop());
        QVERIFY(shown.wait(15000));
        auto *level = page.findChild<QComboBox *>(QStringLiteral("setting_LOG_LEVEL"));
        level->setCurrentIndex(level->findText(QStringLiteral("DEBUG")));
        page.findChild<QSpinBox *>(QStringLiteral("setting_MCP_PORT"))->setValue(65000);

        // Declined: nothing written.
        QString asked;
        page.setConfirmation([&asked](const QString &text) {
            asked = text;
            return false;
        });
        auto *apply = page.findChild<QAbstractButton *>(QStringLiteral("applyConfigButton"));
        QVERIFY(apply->isEnabled());
        QTest::mouseClick(apply, Qt::LeftButton);
        QVERIFY2(asked.contains(QStringLiteral("LOG_LEVEL: INFO → DEBUG")), qPrintable(asked));
        QVERIFY2(asked.contains(QStringLiteral("MCP_PORT: 0 → 65000")), qPrintable(asked));
        QCOMPARE(fileText(), m_original);

        page.setConfirmation([](const QString &) { return true; });
        QSignalSpy reported(&page, &ConfigPage::reported);
        QTest::mouseClick(apply, Qt::LeftButton);
        QVERIFY(reported.wait(15000));
        const QString message = reported.first().first().toString();
        QVERIFY2(!reported.first().at(1).toBool(), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("In use now: LOG_LEVEL")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("Waiting for a restart: MCP_PORT")),
                 qPrintable(message));
        QVERIFY(fileText().contains("LOG_LEVEL=DEBUG"));
        QVERIFY(fileText().contains("MCP_PORT=65000"));
        // The page shows the daemon's state again: the restart still pending for MCP_PORT.
        QVERIFY(shown.wait(15000));
        QTRY_VERIFY_WITH_TIMEOUT(page.findChild<QLabel *>(QStringLiteral("note_MCP_PORT"))
                                     ->text()
                                     .contains(QLatin1String("waiting for a restart")),
                                 15000);
    }

    void rollsBackToAKeptVersionAfterAConfirmation()
    {
        QVERIFY(startFromFile());
        ConfigPage page(m_connections.get());
        QSignalSpy shown(&page, &ConfigPage::settingsShown);
        QVERIFY(connectDesktop());
        QVERIFY(shown.wait(15000));
        page.setConfirmation([](const QString &) { return true; });
        auto *level = page.findChild<QComboBox *>(QStringLiteral("setting_LOG_LEVEL"));
        level->setCurrentIndex(level->findText(QStringLiteral("WARN")));
        QSignalSpy reported(&page, &ConfigPage::reported);
        QTest::mouseClick(page.findChild<QAbstractButton *>(QStringLiteral("applyConfigButton")),
                          Qt::LeftButton);
        QVERIFY(reported.wait(15000));
        QVERIFY(fileText().contains("LOG_LEVEL=WARN"));

        auto *history = page.findChild<QTreeWidget *>(QStringLiteral("configHistory"));
        QTRY_VERIFY_WITH_TIMEOUT(history->topLevelItemCount() >= 2, 15000);
        history->setCurrentItem(history->topLevelItem(0));
        const QString first = history->topLevelItem(0)->text(0);
        QString asked;
        page.setConfirmation([&asked](const QString &text) {
            asked = text;
            return true;
        });
        reported.clear();
        QTest::mouseClick(page.findChild<QAbstractButton *>(QStringLiteral("rollbackConfigButton")),
                          Qt::LeftButton);
        QVERIFY(asked.contains(QStringLiteral("back to version ") + first));
        QVERIFY(reported.wait(15000));
        QVERIFY2(!reported.first().at(1).toBool(), qPrintable(reported.first().first().toString()));
        QCOMPARE(fileText(), m_original);
        QTRY_COMPARE_WITH_TIMEOUT(level->currentText(), QStringLiteral("INFO"), 15000);
    }

    // What assistive technology does (AT-SPI EditableText and Table, as the end-to-end run
    // drives it): text set the way a program sets it is an edit, a row selected without becoming
    // current is the version rolled back to, and the page's message is readable as the label's
    // accessible description.
    void followsEditsAndSelectionsMadeThroughAccessibility()
    {
        QVERIFY(startFromFile());
        ConfigPage page(m_connections.get());
        QSignalSpy shown(&page, &ConfigPage::settingsShown);
        QVERIFY(connectDesktop());
        QVERIFY(shown.wait(15000));
        page.setConfirmation([](const QString &) { return true; });
        auto *origins = page.findChild<QLineEdit *>(QStringLiteral("setting_MCP_ALLOWED_ORIGINS"));
        auto *apply = page.findChild<QAbstractButton *>(QStringLiteral("applyConfigButton"));
        QVERIFY(origins != nullptr && apply != nullptr);
        QVERIFY(!apply->isEnabled());
        QAccessibleInterface *editor = QAccessible::queryAccessibleInterface(origins);
        QVERIFY(editor != nullptr);
        editor->setText(QAccessible::Value, QStringLiteral("https://desk.example"));
        QVERIFY(apply->isEnabled());
        QSignalSpy reported(&page, &ConfigPage::reported);
        QTest::mouseClick(apply, Qt::LeftButton);
        QVERIFY(reported.wait(15000));
        QVERIFY(fileText().contains("MCP_ALLOWED_ORIGINS=https://desk.example"));
        auto *message = page.findChild<QLabel *>(QStringLiteral("configMessage"));
        QCOMPARE(message->accessibleDescription(), reported.first().first().toString());

        auto *history = page.findChild<QTreeWidget *>(QStringLiteral("configHistory"));
        QTRY_VERIFY_WITH_TIMEOUT(history->topLevelItemCount() >= 2, 15000);
        int original = -1;
        for (int row = 0; row < history->topLevelItemCount(); ++row)
            if (history->topLevelItem(row)->text(2) == QLatin1String("original"))
                original = row;
        QVERIFY(original >= 0);
        // The current row is another version; the selection names the original.
        history->setCurrentItem(history->topLevelItem(original == 0 ? 1 : 0));
        page.show(); // the tree lays out its rows (what the table interface counts) when shown
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QAccessibleInterface *table = QAccessible::queryAccessibleInterface(history);
        QVERIFY(table != nullptr && table->tableInterface() != nullptr);
        QVERIFY(table->tableInterface()->selectRow(original));
        const QString version = history->topLevelItem(original)->text(0);
        QString asked;
        page.setConfirmation([&asked](const QString &text) {
            asked = text;
            return true;
        });
        reported.clear();
        QTest::mouseClick(page.findChild<QAbstractButton *>(QStringLiteral("rollbackConfigButton")),
                          Qt::LeftButton);
        QVERIFY2(asked.contains(QStringLiteral("back to version ") + version), qPrintable(asked));
        QVERIFY(reported.wait(15000));
        QCOMPARE(fileText(), m_original);
    }

private:
    bool startFromFile()
    {
        m_path = m_dir->filePath(QStringLiteral("proxmox-mcp.env"));
        m_original = "# written by the test\nSTATE_DIR=" + m_stateDir.toUtf8() +
                     "\nMCP_PORT=0\nENABLE_PROXMOX_API=false\nENABLE_SSH=false\n"
                     "MCP_TOOL_PROFILE=full\nSSH_PASSWORD=hunter2-secret\n";
        QFile file(m_path);
        if (!file.open(QIODevice::WriteOnly))
            return false;
        file.write(m_original);
        file.close();
        QFile::setPermissions(m_path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        const Config config = Config::load(m_path, QProcessEnvironment());
        if (!config.isValid())
            return false;
        m_daemon = std::make_unique<Daemon>(config);
        m_daemon->setConfigFile(m_path, QProcessEnvironment());
        return m_daemon->startHttp().ok();
    }

    QByteArray fileText() const
    {
        QFile file(m_path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    QString m_path;
    QByteArray m_original;
};

QTEST_MAIN(TestConfigPage)
#include "TestConfigPage.moc"
