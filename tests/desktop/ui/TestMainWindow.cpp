#include "desktop/ui/MainWindow.h"

#include "DesktopFixture.h"
#include "desktop/ui/AuditPage.h"
#include "desktop/ui/BackupsPage.h"
#include "desktop/ui/KeysPage.h"
#include "desktop/ui/ConfigPage.h"
#include "desktop/ui/DashboardPage.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QSet>
#include <QSignalSpy>
#include <QLabel>
#include <QLineEdit>
#include <QTabBar>
#include <QTest>
#include <QTreeWidget>

using namespace pmcp;

namespace {

bool isControl(const QWidget *widget)
{
    return qobject_cast<const QAbstractButton *>(widget) ||
           qobject_cast<const QLineEdit *>(widget) || qobject_cast<const QComboBox *>(widget) ||
           qobject_cast<const QAbstractItemView *>(widget) ||
           qobject_cast<const QAbstractSpinBox *>(widget) || qobject_cast<const QTabBar *>(widget);
}

// The controls inside another control (a tree's header, a combo box's popup list) are read
// as part of it.
bool insideAControl(const QWidget *widget, const QWidget *window)
{
    for (const QWidget *parent = widget->parentWidget(); parent && parent != window;
         parent = parent->parentWidget()) {
        if (isControl(parent))
            return true;
    }
    return false;
}

} // namespace

// The window against the real in-process daemon, with tokens in a real Secret Service: the
// first run's connect page, --connect, connecting through the page, switching connections in
// one click, and every control's accessible name.
class TestMainWindow final : public QObject, public DesktopFixture {
    Q_OBJECT

private slots:
    void init()
    {
        if (!underSecretService())
            QSKIP("runs under tests/desktop/with-secret-service.sh (ctest does that)");
        setUpDesktop();
    }
    void cleanup() { tearDownDesktop(); }

    void firstRunOpensTheConnectPage()
    {
        MainWindow window(m_connections.get());
        window.startUp();
        QVERIFY(window.windowTitle().contains(QStringLiteral(PMCP_VERSION)));
        QVERIFY(!window.windowIcon().isNull()); // the embedded icon resource
        QCOMPARE(window.currentPage(), MainWindow::Page::Connect);
        QVERIFY(!window.findChild<QComboBox *>(QStringLiteral("profileSwitcher"))->isEnabled());
    }

    void connectPrefillsTheAddress()
    {
        MainWindow window(m_connections.get());
        window.prefill(QUrl(QStringLiteral("https://pve-mcp.example:8080")));
        QCOMPARE(window.currentPage(), MainWindow::Page::Connect);
        QCOMPARE(window.findChild<QLineEdit *>(QStringLiteral("connectUrl"))->text(),
                 QStringLiteral("https://pve-mcp.example:8080"));
    }

    void connectsThroughTheConnectPage()
    {
        QVERIFY(start(baseConfig()));
        MainWindow window(m_connections.get());
        window.prefill(QUrl(m_daemon->baseUrl()));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *name = window.findChild<QLineEdit *>(QStringLiteral("connectName"));
        auto *token = window.findChild<QLineEdit *>(QStringLiteral("connectToken"));
        auto *message = window.findChild<QLabel *>(QStringLiteral("connectMessage"));
        name->setText(QStringLiteral("lab"));

        // A wrong token: the page stays, with the daemon's refusal as a sentence.
        token->setText(QStringLiteral("pmcp_admin_wrong"));
        QTest::mouseClick(window.findChild<QAbstractButton *>(QStringLiteral("connectButton")),
                          Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(message->text().contains(QLatin1String("admin token")), 15000);
        QCOMPARE(window.currentPage(), MainWindow::Page::Connect);

        token->setText(QString::fromLatin1(m_adminToken));
        QTest::keyClick(token, Qt::Key_Return); // the keyboard works as the button does
        QTRY_COMPARE_WITH_TIMEOUT(window.currentPage(), MainWindow::Page::Dashboard, 15000);
        QVERIFY(token->text().isEmpty()); // the typed token is not kept in the widget
        auto *switcher = window.findChild<QComboBox *>(QStringLiteral("profileSwitcher"));
        QCOMPARE(switcher->count(), 1);
        QVERIFY(switcher->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(window.dashboard()->hasStatus(), 15000);
    }

    void switchesConnectionsInOneClick()
    {
        QVERIFY(start(baseConfig()));
        QTemporaryDir otherState;
        const auto otherToken =
            AdminTokenStore(otherState.path()).create(QStringLiteral("desk"), false, 0);
        QVERIFY(otherToken.ok());
        Config otherConfig = baseConfig();
        otherConfig.set(ConfigKey::StateDir, otherState.path());
        Daemon other(otherConfig);
        QVERIFY(other.startHttp().ok());

        MainWindow window(m_connections.get());
        QSignalSpy connected(m_connections.get(), &ConnectionManager::connected);
        m_connections->connectNew(QStringLiteral("one"), QUrl(m_daemon->baseUrl()), m_adminToken);
        QVERIFY(connected.wait(15000));
        m_connections->connectNew(QStringLiteral("two"), QUrl(other.baseUrl()),
                                  otherToken.value().toLatin1());
        QVERIFY(connected.wait(15000));
        auto *switcher = window.findChild<QComboBox *>(QStringLiteral("profileSwitcher"));
        QCOMPARE(switcher->count(), 2);
        QCOMPARE(switcher->currentData().toString(), QStringLiteral("two"));

        // One choice in the combo box: connected to the other daemon.
        const int one = switcher->findData(QStringLiteral("one"));
        QVERIFY(one >= 0);
        switcher->setCurrentIndex(one);
        emit switcher->activated(one);
        QVERIFY(connected.wait(15000));
        QCOMPARE(m_connections->profileName(), QStringLiteral("one"));
        QCOMPARE(switcher->currentData().toString(), QStringLiteral("one"));

        // The next start opens the last one used.
        MainWindow next(m_connections.get());
        m_connections->disconnectFromDaemon();
        next.startUp();
        QVERIFY(connected.wait(15000));
        QCOMPARE(connected.last().first().toString(), QStringLiteral("one"));
    }

    void editsAndRemovesTheChosenConnection()
    {
        QVERIFY(start(baseConfig()));
        MainWindow window(m_connections.get());
        QSignalSpy connected(m_connections.get(), &ConnectionManager::connected);
        m_connections->connectNew(QStringLiteral("one"), QUrl(m_daemon->baseUrl()), m_adminToken);
        QVERIFY(connected.wait(15000));
        auto *switcher = window.findChild<QComboBox *>(QStringLiteral("profileSwitcher"));
        auto *edit = window.findChild<QAbstractButton *>(QStringLiteral("editConnection"));
        auto *remove = window.findChild<QAbstractButton *>(QStringLiteral("removeConnection"));
        QVERIFY(edit != nullptr && remove != nullptr);
        QVERIFY(edit->isEnabled() && remove->isEnabled());

        // Cancelled: nothing changes.
        QString shown;
        window.setProfileEditor([&shown](const ConnectionProfile &profile) {
            shown = profile.name;
            return std::optional<MainWindow::ProfileEdit>();
        });
        QTest::mouseClick(edit, Qt::LeftButton);
        QCOMPARE(shown, QStringLiteral("one"));
        QCOMPARE(m_connections->profiles()->list().first().name, QStringLiteral("one"));

        // Renamed, the token kept: the switcher shows it and the window is connected with it.
        QSignalSpy edited(m_connections.get(), &ConnectionManager::profileEdited);
        window.setProfileEditor([this](const ConnectionProfile &) {
            return std::optional<MainWindow::ProfileEdit>(
                {QStringLiteral("lab"), QUrl(m_daemon->baseUrl()), {}});
        });
        QTest::mouseClick(edit, Qt::LeftButton);
        QVERIFY(edited.wait(15000));
        QCOMPARE(switcher->count(), 1);
        QCOMPARE(switcher->itemData(0).toString(), QStringLiteral("lab"));
        QVERIFY(connected.wait(15000));
        QCOMPARE(m_connections->profileName(), QStringLiteral("lab"));

        // Removing asks first; no: still there; yes: gone, and the connect page opens.
        QStringList asked;
        window.setRemoveConfirmation([&asked](const QString &name) {
            asked << name;
            return false;
        });
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(asked, QStringList{QStringLiteral("lab")});
        QCOMPARE(m_connections->profiles()->list().size(), 1);
        window.setRemoveConfirmation([](const QString &) { return true; });
        QTest::mouseClick(remove, Qt::LeftButton);
        QVERIFY(m_connections->profiles()->list().isEmpty());
        QCOMPARE(switcher->count(), 0);
        QVERIFY(!remove->isEnabled());
        QCOMPARE(window.currentPage(), MainWindow::Page::Connect);
    }

    void screenshotsOfEveryPageAreNotBlank()
    {
        QVERIFY(start(proxmoxConfig()));
        MainWindow window(m_connections.get());
        window.resize(1100, 760);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy shown(window.configuration(), &ConfigPage::settingsShown);
        QSignalSpy reported(window.configuration(), &ConfigPage::reported);
        const QString folder = QString::fromLocal8Bit(qgetenv("PMCP_BINARY_DIR")) +
                               QStringLiteral("/test-artifacts/screenshots");
        QVERIFY(QDir().mkpath(folder));
        const auto capture = [&](const QString &name) {
            const QImage image = window.grab().toImage();
            QVERIFY(image.save(folder + QLatin1Char('/') + name + QStringLiteral(".png")));
            // Not blank: a page with text, lists and charts has many colours.
            QSet<QRgb> colours;
            for (int y = 0; y < image.height(); y += 2) {
                for (int x = 0; x < image.width(); x += 2)
                    colours.insert(image.pixel(x, y));
            }
            QVERIFY2(colours.size() >= 8,
                     qPrintable(name + QStringLiteral(": %1 colours").arg(colours.size())));
        };
        capture(QStringLiteral("connect"));
        QVERIFY(connectDesktop());
        QTRY_VERIFY_WITH_TIMEOUT(window.dashboard()->hasStatus(), 15000);
        window.showPage(MainWindow::Page::Dashboard);
        capture(QStringLiteral("dashboard"));
        window.showPage(MainWindow::Page::Clients);
        QCOMPARE(window.currentPage(), MainWindow::Page::Clients);
        capture(QStringLiteral("clients"));
        window.showPage(MainWindow::Page::Configuration);
        QCOMPARE(window.currentPage(), MainWindow::Page::Configuration);
        // The settings on screen, or the daemon's sentence why not (this daemon has no file).
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() + reported.count() > 0, 15000);
        capture(QStringLiteral("configuration"));
        // A backup and an audit entry, so that both pages show something.
        QSignalSpy backedUp(window.backups(), &BackupsPage::reported);
        window.backups()->findChild<QAbstractButton *>(QStringLiteral("backupNowButton"))->click();
        QVERIFY(backedUp.wait(30000));
        const QByteArray session = openSession(m_token);
        QVERIFY(!session.isEmpty());
        QCOMPARE(
            rpc(m_token, test::toolCallRequest(2, QStringLiteral("server_info")), session).status,
            200);
        QSignalSpy backups(window.backups(), &BackupsPage::listShown);
        window.backups()->refresh();
        QVERIFY(backups.wait(15000));
        window.showPage(MainWindow::Page::Backups);
        QCOMPARE(window.currentPage(), MainWindow::Page::Backups);
        capture(QStringLiteral("backups"));
        // Retention and schedule are changed on the Configuration page, one click away.
        QTest::mouseClick(window.backups()->findChild<QAbstractButton *>(
                              QStringLiteral("openConfigurationButton")),
                          Qt::LeftButton);
        QCOMPARE(window.currentPage(), MainWindow::Page::Configuration);
        // Opening the page asks for the entries again: the call made meanwhile is there.
        QSignalSpy audit(window.audit(), &AuditPage::entriesShown);
        window.showPage(MainWindow::Page::Audit);
        QVERIFY(audit.wait(15000));
        auto *entries = window.audit()->findChild<QTreeWidget *>(QStringLiteral("auditEntries"));
        QTRY_VERIFY_WITH_TIMEOUT(entries->topLevelItemCount() > 0 &&
                                     entries->topLevelItem(0)->text(2) ==
                                         QStringLiteral("server_info"),
                                 15000);
        QCOMPARE(window.currentPage(), MainWindow::Page::Audit);
        capture(QStringLiteral("audit"));
        // The keys page with the simulator's token (and SSH off, as it says).
        QSignalSpy keys(window.keys(), &KeysPage::statusShown);
        window.showPage(MainWindow::Page::Keys);
        QVERIFY(keys.wait(15000));
        QCOMPARE(window.currentPage(), MainWindow::Page::Keys);
        QCOMPARE(window.keys()->findChild<QLabel *>(QStringLiteral("apiTokenId"))->text(),
                 PveSimulator::tokenUser() + QStringLiteral("!mcp"));
        capture(QStringLiteral("keys"));
    }

    // Keyboard use: on the Backups, Keys & tokens and Audit & security pages every mnemonic
    // (Alt+letter) of the page and of the tabs is a different letter, and it reaches its control.
    void mnemonicsOfTheBackupsKeysAndAuditPagesAreUnique()
    {
        QVERIFY(start(baseConfig()));
        MainWindow window(m_connections.get());
        window.show();
        QVERIFY(connectDesktop());
        const auto mnemonicOf = [](QString text) {
            text.replace(QLatin1String("&&"), QString());
            const qsizetype at = text.indexOf(QLatin1Char('&'));
            return at >= 0 && at + 1 < text.size() ? text.at(at + 1).toLower() : QChar();
        };
        auto *tabs = window.findChild<QTabBar *>();
        QVERIFY(tabs != nullptr);
        for (const MainWindow::Page page :
             {MainWindow::Page::Backups, MainWindow::Page::Keys, MainWindow::Page::Audit}) {
            window.showPage(page);
            QWidget *shown =
                page == MainWindow::Page::Backups ? static_cast<QWidget *>(window.backups())
                : page == MainWindow::Page::Keys  ? static_cast<QWidget *>(window.keys())
                                                  : window.audit();
            QHash<QChar, QString> owners;
            QStringList clashes;
            const auto claim = [&](const QString &text) {
                const QChar letter = mnemonicOf(text);
                if (letter.isNull())
                    return;
                if (owners.contains(letter))
                    clashes.append(owners.value(letter) + QStringLiteral(" / ") + text);
                owners.insert(letter, text);
            };
            for (int i = 0; i < tabs->count(); ++i)
                claim(tabs->tabText(i));
            int controls = 0;
            for (QAbstractButton *button : shown->findChildren<QAbstractButton *>()) {
                if (!mnemonicOf(button->text()).isNull())
                    ++controls;
                claim(button->text());
            }
            for (QLabel *label : shown->findChildren<QLabel *>()) {
                if (label->buddy() == nullptr)
                    continue;
                ++controls;
                claim(label->text());
            }
            QVERIFY2(controls >= 5, qPrintable(QString::number(controls)));
            QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(QStringLiteral(", "))));
        }
        // A label's mnemonic reaches its control: Alt+E on the audit page is the client filter.
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_E, Qt::AltModifier);
        QTRY_COMPARE(QApplication::focusWidget(),
                     window.audit()->findChild<QWidget *>(QStringLiteral("auditClient")));
    }

    void everyControlHasAnAccessibleName()
    {
        QVERIFY(start(proxmoxConfig()));
        MainWindow window(m_connections.get());
        window.show();
        QVERIFY(connectDesktop());
        QTRY_VERIFY_WITH_TIMEOUT(window.dashboard()->hasStatus(), 15000);
        const auto unnamedControls = [&window](int *controls) {
            QStringList unnamed;
            for (QWidget *widget : window.findChildren<QWidget *>()) {
                if (!isControl(widget) || insideAControl(widget, &window) ||
                    widget->objectName().startsWith(QLatin1String("qt_")))
                    continue; // Qt's own helpers (the tool bar's overflow button)
                ++*controls;
                QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(widget);
                if (!accessible || accessible->text(QAccessible::Name).trimmed().isEmpty())
                    unnamed.append(QString::fromLatin1(widget->metaObject()->className()) +
                                   QLatin1Char(' ') + widget->objectName());
            }
            return unnamed;
        };
        int controls = 0;
        const QStringList unnamed = unnamedControls(&controls);
        QVERIFY2(controls >= 8, qPrintable(QString::number(controls)));
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));

        // Positive control: a control without a name is found.
        auto *nameless = new QLineEdit(window.dashboard());
        nameless->setObjectName(QStringLiteral("nameless"));
        int again = 0;
        QCOMPARE(unnamedControls(&again), QStringList{QStringLiteral("QLineEdit nameless")});
    }
};

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
