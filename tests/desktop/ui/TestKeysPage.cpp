#include "desktop/ui/KeysPage.h"

#include "DesktopFixture.h"
#include "server/app/RotationRunner.h"
#include "server/simulator/PveSimulator.h"
#include "shared/config/ConfigKey.h"

#include <QAbstractButton>
#include <QFile>
#include <QLabel>
#include <QTest>
#include <QTreeWidget>

using namespace pmcp;
using namespace pmcp::test;

// The keys and tokens page against the in-process daemon started from a configuration file
// (a rotation writes the new token there) with the Proxmox simulator: both credentials with
// their age against ROTATION_DAYS, a plan that lists the steps and changes nothing, an API token
// rotation whose steps appear in order as the events arrive and that leaves a new token id, a
// refused confirmation that changes nothing, and the daemon's refusal as a sentence.
class TestKeysPage final : public QObject, public DesktopFixture {
    Q_OBJECT

private slots:
    void init()
    {
        if (!underSecretService())
            QSKIP("runs under tests/desktop/with-secret-service.sh (ctest does that)");
        setUpDesktop();
    }
    void cleanup() { tearDownDesktop(); }

    void showsBothCredentialsAndThatSshIsOff()
    {
        QVERIFY(startFromFile());
        KeysPage page(m_connections.get());
        QSignalSpy shown(&page, &KeysPage::statusShown);
        QVERIFY(connectDesktop());
        QVERIFY(shown.wait(15000));
        QCOMPARE(text(page, "sshKeyPath"),
                 QStringLiteral("SSH is off (ENABLE_SSH=false): there is no key to rotate."));
        QVERIFY(!button(page, "planSshKeyButton")->isEnabled());
        QVERIFY(!button(page, "rotateSshKeyButton")->isEnabled());
        QCOMPARE(text(page, "apiTokenId"), tokenId());
        // A token made outside the daemon has no known age, so it cannot be called due.
        QVERIFY2(text(page, "apiTokenAge").startsWith(QLatin1String("Unknown")),
                 qPrintable(text(page, "apiTokenAge")));
        QVERIFY2(text(page, "apiTokenState").contains(QLatin1String("not known")),
                 qPrintable(text(page, "apiTokenState")));
        QVERIFY2(text(page, "rotationPeriod").contains(QLatin1String("after 90 day")),
                 qPrintable(text(page, "rotationPeriod")));
        QVERIFY(button(page, "planApiTokenButton")->isEnabled());
        QVERIFY(button(page, "rotateApiTokenButton")->isEnabled());
    }

    void aPlanListsTheStepsAndChangesNothing()
    {
        QVERIFY(startFromFile());
        const QByteArray before = configText();
        KeysPage page(m_connections.get());
        page.setConfirmation([](const QString &) {
            qWarning("a plan asked for a confirmation");
            return false;
        });
        QSignalSpy shown(&page, &KeysPage::statusShown);
        QVERIFY(connectDesktop());
        QVERIFY(shown.wait(15000));
        QTRY_VERIFY_WITH_TIMEOUT(m_connections->events()->isOnline(), 10000);
        QSignalSpy steps(&page, &KeysPage::stepShown);
        QSignalSpy reported(&page, &KeysPage::reported);
        QTest::mouseClick(button(page, "planApiTokenButton"), Qt::LeftButton);
        QVERIFY(!button(page, "rotateApiTokenButton")->isEnabled()); // while it runs
        QVERIFY(reported.wait(15000));
        QVERIFY2(!reported.last().at(1).toBool(), qPrintable(reported.last().first().toString()));
        QCOMPARE(text(page, "rotationTitle"),
                 QStringLiteral("The plan of an API token rotation (nothing was changed)."));
        auto *list = page.findChild<QTreeWidget *>(QStringLiteral("rotationSteps"));
        QCOMPARE(names(list), tokenSteps());
        for (int i = 0; i < list->topLevelItemCount(); ++i) {
            QCOMPARE(list->topLevelItem(i)->text(2), QStringLiteral("planned"));
            QVERIFY(!list->topLevelItem(i)->text(3).isEmpty()); // what it would do
        }
        QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("1 of 6"));
        QCOMPARE(steps.count(), 6);
        QCOMPARE(configText(), before);
        QTRY_VERIFY_WITH_TIMEOUT(button(page, "rotateApiTokenButton")->isEnabled(), 10000);
        QCOMPARE(text(page, "apiTokenId"), tokenId());
    }

    void rotatesTheApiTokenStepByStep()
    {
        QVERIFY(startFromFile());
        KeysPage page(m_connections.get());
        QStringList asked;
        page.setConfirmation([&asked](const QString &question) {
            asked.append(question);
            return true;
        });
        QSignalSpy shown(&page, &KeysPage::statusShown);
        QVERIFY(connectDesktop());
        QVERIFY(shown.wait(15000));
        QTRY_VERIFY_WITH_TIMEOUT(m_connections->events()->isOnline(), 10000);
        QSignalSpy steps(&page, &KeysPage::stepShown);
        QSignalSpy reported(&page, &KeysPage::reported);
        QTest::mouseClick(button(page, "rotateApiTokenButton"), Qt::LeftButton);
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked.first().startsWith(QStringLiteral("Rotate the Proxmox API token ") +
                                          tokenId() + u'?'),
                 qPrintable(asked.first()));
        QVERIFY2(asked.first().contains(QLatin1String("old token works as before")),
                 qPrintable(asked.first()));
        QVERIFY(reported.wait(30000));
        const QString message = reported.last().first().toString();
        QVERIFY2(!reported.last().at(1).toBool(), qPrintable(message));
        // Each step as it happened: running, then done, in the order the steps run.
        QStringList seen;
        for (const QList<QVariant> &step : steps)
            seen.append(step.at(0).toString() + u':' + step.at(1).toString());
        QStringList expected;
        for (const QString &name : tokenSteps())
            expected << name + QStringLiteral(":running") << name + QStringLiteral(":ok");
        QCOMPARE(seen, expected);
        auto *list = page.findChild<QTreeWidget *>(QStringLiteral("rotationSteps"));
        QCOMPARE(names(list), tokenSteps());
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            QCOMPARE(list->topLevelItem(i)->text(2), QStringLiteral("done"));
        QCOMPARE(text(page, "rotationTitle"), QStringLiteral("The API token was rotated."));
        QCOMPARE(text(page, "keysMessage"), message);
        // The page asks again: a new token, made by the daemon today, so its age is known.
        QTRY_VERIFY_WITH_TIMEOUT(text(page, "apiTokenId") != tokenId(), 15000);
        QVERIFY2(text(page, "apiTokenId").startsWith(tokenId() + QStringLiteral("-")),
                 qPrintable(text(page, "apiTokenId")));
        QVERIFY2(text(page, "apiTokenAge").startsWith(QLatin1String("0 day")),
                 qPrintable(text(page, "apiTokenAge")));
        QVERIFY2(text(page, "apiTokenState").startsWith(QLatin1String("Not due: 90 day")),
                 qPrintable(text(page, "apiTokenState")));
        QVERIFY(configText().contains("PROXMOX_TOKEN_NAME=mcp-"));
        QTRY_VERIFY_WITH_TIMEOUT(button(page, "rotateApiTokenButton")->isEnabled(), 10000);
    }

    void aRefusedConfirmationChangesNothing()
    {
        QVERIFY(startFromFile());
        const QByteArray before = configText();
        KeysPage page(m_connections.get());
        QStringList asked;
        page.setConfirmation([&asked](const QString &question) {
            asked.append(question);
            return false;
        });
        QSignalSpy shown(&page, &KeysPage::statusShown);
        QVERIFY(connectDesktop());
        QVERIFY(shown.wait(15000));
        QTRY_VERIFY_WITH_TIMEOUT(m_connections->events()->isOnline(), 10000);
        QSignalSpy steps(&page, &KeysPage::stepShown);
        QSignalSpy reported(&page, &KeysPage::reported);
        QTest::mouseClick(button(page, "rotateApiTokenButton"), Qt::LeftButton);
        QCOMPARE(asked.size(), 1);
        QCOMPARE(reported.count(), 1);
        QCOMPARE(reported.first().first().toString(), QStringLiteral("Nothing was rotated."));
        QVERIFY(button(page, "rotateApiTokenButton")->isEnabled());
        QTest::qWait(500);
        QCOMPARE(steps.count(), 0);
        QCOMPARE(
            page.findChild<QTreeWidget *>(QStringLiteral("rotationSteps"))->topLevelItemCount(), 0);
        QCOMPARE(configText(), before);
        page.refresh();
        QVERIFY(shown.wait(15000));
        QCOMPARE(text(page, "apiTokenId"), tokenId());
    }

    void aFailedRotationSaysTheOldTokenStillWorks()
    {
        QVERIFY(startFromFile());
        m_daemon->rotations()->setTokenFault(
            [](ApiTokenRotation::Step step) -> std::optional<Error> {
                if (step == ApiTokenRotation::Step::Switch)
                    return Error::internal(QStringLiteral("injected failure"));
                return std::nullopt;
            });
        KeysPage page(m_connections.get());
        page.setConfirmation([](const QString &) { return true; });
        QSignalSpy shown(&page, &KeysPage::statusShown);
        QVERIFY(connectDesktop());
        QVERIFY(shown.wait(15000));
        QTRY_VERIFY_WITH_TIMEOUT(m_connections->events()->isOnline(), 10000);
        QSignalSpy reported(&page, &KeysPage::reported);
        QTest::mouseClick(button(page, "rotateApiTokenButton"), Qt::LeftButton);
        QVERIFY(reported.wait(30000));
        const QString message = reported.last().first().toString();
        QVERIFY(reported.last().at(1).toBool());
        QVERIFY2(message.contains(QLatin1String("injected failure")), qPrintable(message));
        QVERIFY2(message.endsWith(
                     QLatin1String("The old token still works: every step before was undone.")),
                 qPrintable(message));
        QCOMPARE(text(page, "rotationTitle"), QStringLiteral("The API token rotation failed."));
        // The failed step says so, and the steps before it were undone in the list.
        auto *list = page.findChild<QTreeWidget *>(QStringLiteral("rotationSteps"));
        QHash<QString, QString> states;
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            states.insert(list->topLevelItem(i)->text(1), list->topLevelItem(i)->text(2));
        QCOMPARE(states.value(QStringLiteral("switch")), QStringLiteral("failed"));
        QCOMPARE(states.value(QStringLiteral("create")), QStringLiteral("undone"));
        QVERIFY(!states.contains(QStringLiteral("revoke")));
        page.refresh();
        QVERIFY(shown.wait(15000));
        QCOMPARE(text(page, "apiTokenId"), tokenId());
    }

    void showsAndPlansTheSshKeyAgainstTheLoopbackSshd()
    {
        LoopbackSshd sshd;
        if (!sshd.start())
            QSKIP(qPrintable(QStringLiteral("no loopback sshd: ") + sshd.error()));
        QVERIFY(sshd.addClientKey(QStringLiteral("client"), QStringLiteral("ed25519")));
        QFile knownHosts(sshd.path(QStringLiteral("known_hosts")));
        QVERIFY(knownHosts.open(QIODevice::WriteOnly));
        knownHosts.write(sshd.knownHostsLine().toUtf8() + '\n');
        knownHosts.close();
        const QString key = sshd.path(QStringLiteral("client"));
        const Config config = baseConfig(
            {{ConfigKey::EnableSsh, QStringLiteral("true")},
             {ConfigKey::SshHost, QStringLiteral("127.0.0.1")},
             {ConfigKey::SshPort, QString::number(sshd.port())},
             {ConfigKey::SshUser, LoopbackSshd::userName()},
             {ConfigKey::SshKeyPath, key},
             {ConfigKey::SshKnownHosts, sshd.path(QStringLiteral("known_hosts"))},
             {ConfigKey::SshAuthorizedKeys, sshd.path(QStringLiteral("authorized_keys"))}});
        QVERIFY(startFromFile(config, {ConfigKey::StateDir, ConfigKey::McpPort,
                                       ConfigKey::McpToolProfile, ConfigKey::EnableProxmoxApi,
                                       ConfigKey::EnableSsh, ConfigKey::SshHost, ConfigKey::SshPort,
                                       ConfigKey::SshUser, ConfigKey::SshKeyPath,
                                       ConfigKey::SshKnownHosts, ConfigKey::SshAuthorizedKeys}));
        const QByteArray before = configText();
        KeysPage page(m_connections.get());
        QSignalSpy shown(&page, &KeysPage::statusShown);
        QVERIFY(connectDesktop());
        QVERIFY(shown.wait(15000));
        QTRY_VERIFY_WITH_TIMEOUT(m_connections->events()->isOnline(), 10000);
        QCOMPARE(text(page, "sshKeyPath"), key);
        QVERIFY2(text(page, "sshKeyFingerprint").startsWith(QLatin1String("SHA256:")),
                 qPrintable(text(page, "sshKeyFingerprint")));
        // A key made just now ages from its file: today, not due.
        QVERIFY2(text(page, "sshKeyAge").startsWith(QLatin1String("0 day")),
                 qPrintable(text(page, "sshKeyAge")));
        QVERIFY2(text(page, "sshKeyState").startsWith(QLatin1String("Not due")),
                 qPrintable(text(page, "sshKeyState")));
        QVERIFY(!button(page, "planApiTokenButton")->isEnabled()); // no token here
        QSignalSpy reported(&page, &KeysPage::reported);
        QTest::mouseClick(button(page, "planSshKeyButton"), Qt::LeftButton);
        QVERIFY(reported.wait(30000));
        QVERIFY2(!reported.last().at(1).toBool(), qPrintable(reported.last().first().toString()));
        auto *list = page.findChild<QTreeWidget *>(QStringLiteral("rotationSteps"));
        QCOMPARE(names(list), (QStringList{QStringLiteral("generate"), QStringLiteral("authorize"),
                                           QStringLiteral("prove"), QStringLiteral("backup"),
                                           QStringLiteral("switch"), QStringLiteral("revoke"),
                                           QStringLiteral("discard")}));
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            QCOMPARE(list->topLevelItem(i)->text(2), QStringLiteral("planned"));
        QCOMPARE(configText(), before);
        sshd.stop();
    }

    void tabReachesTheControlsInReadingOrder()
    {
        QVERIFY(startFromFile());
        KeysPage page(m_connections.get());
        const QStringList names{
            QStringLiteral("planSshKeyButton"),   QStringLiteral("rotateSshKeyButton"),
            QStringLiteral("planApiTokenButton"), QStringLiteral("rotateApiTokenButton"),
            QStringLiteral("refreshKeysButton"),  QStringLiteral("rotationSteps")};
        QStringList order;
        QWidget *first = page.findChild<QWidget *>(names.first());
        QWidget *widget = first;
        do {
            if (names.contains(widget->objectName()) && !order.contains(widget->objectName()))
                order.append(widget->objectName());
            widget = widget->nextInFocusChain();
        } while (widget && widget != first);
        QCOMPARE(order, names);
    }

    void theDaemonsRefusalIsASentence()
    {
        // Started without a configuration file: the daemon cannot write a new token, so it
        // refuses the rotation (409) and the page says why.
        QVERIFY(start(proxmoxConfig()));
        KeysPage page(m_connections.get());
        QSignalSpy shown(&page, &KeysPage::statusShown);
        QVERIFY(connectDesktop());
        QVERIFY(shown.wait(15000));
        QSignalSpy reported(&page, &KeysPage::reported);
        QTest::mouseClick(button(page, "planApiTokenButton"), Qt::LeftButton);
        QVERIFY(reported.wait(15000));
        const QString message = reported.last().first().toString();
        QVERIFY(reported.last().at(1).toBool());
        QVERIFY2(message.startsWith(QLatin1String("The rotation did not start: ")),
                 qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("configuration file")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("nowhere to write the new credential.")),
                 qPrintable(message));
        QCOMPARE(text(page, "rotationTitle"), QStringLiteral("The rotation did not start."));
        QVERIFY(button(page, "planApiTokenButton")->isEnabled());
    }

private:
    static QString text(const KeysPage &page, const char *name)
    {
        return page.findChild<QLabel *>(QLatin1String(name))->text();
    }
    static QAbstractButton *button(const KeysPage &page, const char *name)
    {
        return page.findChild<QAbstractButton *>(QLatin1String(name));
    }
    static QStringList names(QTreeWidget *list)
    {
        QStringList names;
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            names.append(list->topLevelItem(i)->text(1));
        return names;
    }
    static QStringList tokenSteps()
    {
        return {QStringLiteral("inspect"), QStringLiteral("create"), QStringLiteral("copy-acl"),
                QStringLiteral("prove"),   QStringLiteral("switch"), QStringLiteral("revoke")};
    }
    static QString tokenId() { return PveSimulator::tokenUser() + QStringLiteral("!mcp"); }
    QString configPath() const { return m_dir->filePath(QStringLiteral("proxmox-mcp.env")); }
    QByteArray configText() const
    {
        QFile file(configPath());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    // The daemon with the Proxmox simulator, started from a configuration file.
    bool startFromFile()
    {
        return startFromFile(proxmoxConfig(),
                             {ConfigKey::StateDir, ConfigKey::McpPort, ConfigKey::EnableSsh,
                              ConfigKey::EnableProxmoxApi, ConfigKey::ProxmoxHost,
                              ConfigKey::ProxmoxPort, ConfigKey::ProxmoxUser,
                              ConfigKey::ProxmoxTokenName, ConfigKey::ProxmoxTokenValue,
                              ConfigKey::ProxmoxFingerprint, ConfigKey::McpToolProfile});
    }
    // These settings of config as the configuration file, and the daemon started from it.
    bool startFromFile(const Config &config, const QList<ConfigKey> &keys)
    {
        QByteArray text;
        for (const ConfigKey key : keys)
            text += (configKeyName(key) + u'=' + config.string(key) + u'\n').toUtf8();
        QFile file(configPath());
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
            return false;
        file.close();
        QFile::setPermissions(configPath(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        const Config loaded = Config::load(configPath(), QProcessEnvironment());
        if (!loaded.isValid())
            return false;
        m_daemon = std::make_unique<Daemon>(loaded);
        m_daemon->setConfigFile(configPath(), QProcessEnvironment());
        return m_daemon->startHttp().ok();
    }
};

QTEST_MAIN(TestKeysPage)
#include "TestKeysPage.moc"
