#include "server/app/StateCheck.h"

#include "server/alerts/AlertStore.h"
#include "server/app/RotationRecord.h"
#include "server/audit/AuditLog.h"
#include "server/auth/AdminTokenStore.h"
#include "server/auth/ClientStore.h"
#include "server/oauth/OAuthStore.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

namespace {

// A state folder as this version writes it, through the real writers: two client tokens, an
// admin token, an OAuth client with an approved request, audit entries, a rotation record and
// an alert store.
bool writeState(const QString &stateDir)
{
    ClientStore clients(stateDir);
    AdminTokenStore admins(stateDir);
    if (!clients.create(QStringLiteral("alice"), false, 0).ok() ||
        !clients.create(QStringLiteral("bob"), true, 30).ok() ||
        !admins.create(QStringLiteral("desk"), false, 0).ok())
        return false;
    OAuthStore oauth(stateDir);
    const auto client = oauth.registerClient(QStringLiteral("Claude Code"),
                                             {QStringLiteral("http://127.0.0.1:5000/callback")},
                                             QStringLiteral("dcr"));
    if (!client.ok())
        return false;
    const auto request = oauth.createRequest(
        {client.value().clientId, QStringLiteral("http://127.0.0.1:5000/callback"),
         QStringLiteral("st"), QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
         QStringLiteral("http://127.0.0.1:8080/api/mcp"), QString()});
    if (!request.ok() ||
        !oauth.approve(request.value().first.id, OAuthScope::readOnly(), 30, QStringLiteral("t"))
             .ok())
        return false;
    AuditLog log(AuditLog::directoryIn(stateDir), AuditLog::keyPathIn(stateDir));
    if (!log.open().ok())
        return false;
    for (int i = 0; i < 3; ++i) {
        AuditEntry entry;
        entry.client = QStringLiteral("alice");
        entry.tool = QStringLiteral("list_vms");
        entry.outcome = QStringLiteral("ok");
        if (!log.append(entry).ok())
            return false;
    }
    log.sync();
    if (!RotationRecord(stateDir)
             .recordApiToken(QStringLiteral("mcp@pve!mcp"), QDateTime::currentDateTimeUtc())
             .ok())
        return false;
    AlertStore::State alerts;
    Alert alert;
    alert.id = Alert::newId();
    alert.key = QStringLiteral("backup.failed");
    alert.title = QStringLiteral("The backup failed");
    alert.message = QStringLiteral("The scheduled backup failed.");
    alert.time = QDateTime::currentDateTimeUtc();
    alerts.active.append(alert);
    return AlertStore(stateDir).save(alerts).ok();
}

bool overwrite(const QString &path, const QByteArray &content, bool append = false)
{
    QFile file(path);
    if (!file.open(append ? QIODevice::Append : (QIODevice::WriteOnly | QIODevice::Truncate)))
        return false;
    return file.write(content) == content.size();
}

// Every file below dir with its size and modification time.
QStringList snapshot(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info(it.next());
        files.append(QStringLiteral("%1 %2 %3")
                         .arg(info.filePath())
                         .arg(info.size())
                         .arg(info.lastModified().toMSecsSinceEpoch()));
    }
    files.sort();
    return files;
}

QString describe(const QList<StateCheckItem> &items)
{
    QString text;
    for (const StateCheckItem &item : items)
        text += QStringLiteral("%1 %2: %3\n")
                    .arg(item.what, item.path, item.ok() ? item.detail : item.problem);
    return text;
}

} // namespace

// StateCheck: every store of STATE_DIR read with this version's readers, nothing written, and an
// unreadable one named with its reason.
class TestStateCheck final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void readableStatePasses();
    void emptyStateFolderPasses();
    void unreadableStoreFailsWithItsName_data();
    void unreadableStoreFailsWithItsName();
    void missingStateFolderFails();
    void writesNothing();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_state;
};

void TestStateCheck::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_state = m_dir->filePath(QStringLiteral("state"));
    QVERIFY(QDir().mkpath(m_state));
}

void TestStateCheck::readableStatePasses()
{
    QVERIFY(writeState(m_state));
    const QList<StateCheckItem> items = StateCheck::run(m_state);
    const QStringList expected{
        QStringLiteral("client store"),    QStringLiteral("admin token store"),
        QStringLiteral("OAuth store"),     QStringLiteral("audit log"),
        QStringLiteral("rotation record"), QStringLiteral("alert store")};
    QStringList names;
    for (const StateCheckItem &item : items) {
        names.append(item.what);
        QVERIFY2(item.ok(), qPrintable(describe(items)));
    }
    QCOMPARE(names, expected);
    // What was read is what was written.
    QCOMPARE(items.at(0).detail, QStringLiteral("2 client token(s)"));
    QCOMPARE(items.at(0).path, m_state + QStringLiteral("/clients.json"));
    QCOMPARE(items.at(1).detail, QStringLiteral("1 admin token(s)"));
    QVERIFY2(items.at(2).detail.startsWith(QLatin1String("1 client(s), 1 access request(s)")),
             qPrintable(items.at(2).detail));
    QCOMPARE(items.at(3).detail, QStringLiteral("chain head at entry 3"));
    QCOMPARE(items.at(4).detail, QStringLiteral("read"));
    QCOMPARE(items.at(5).detail, QStringLiteral("0 queued deliveries, 1 active condition(s)"));
}

void TestStateCheck::emptyStateFolderPasses()
{
    // A fresh installation: nothing made yet is nothing unreadable.
    const QList<StateCheckItem> items = StateCheck::run(m_state);
    QCOMPARE(items.size(), 6);
    for (const StateCheckItem &item : items)
        QVERIFY2(item.ok(), qPrintable(describe(items)));
    QCOMPARE(items.at(3).detail, QStringLiteral("chain head at entry 0"));
    QCOMPARE(items.at(4).detail, QStringLiteral("none yet"));
}

void TestStateCheck::unreadableStoreFailsWithItsName_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("append");
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("named"); // what the problem must name

    QTest::newRow("client store") << QStringLiteral("clients.json") << QByteArray("{\"clients\": [")
                                  << false << QStringLiteral("client store")
                                  << QStringLiteral("clients.json");
    QTest::newRow("admin token store")
        << QStringLiteral("admin-tokens.json") << QByteArray("not json") << false
        << QStringLiteral("admin token store") << QStringLiteral("admin-tokens.json");
    QTest::newRow("OAuth store") << QStringLiteral("oauth/oauth.json") << QByteArray("[1, 2")
                                 << false << QStringLiteral("OAuth store")
                                 << QStringLiteral("oauth.json");
    QTest::newRow("audit key") << QStringLiteral("audit.key") << QByteArray("abcd\n") << false
                               << QStringLiteral("audit log") << QStringLiteral("audit.key");
    QTest::newRow("audit head") << QStringLiteral("audit/audit-000001.jsonl")
                                << QByteArray("{\"garbled\": true}\n") << true
                                << QStringLiteral("audit log")
                                << QStringLiteral("audit-000001.jsonl");
    QTest::newRow("audit anchor") << QStringLiteral("audit/anchor.json")
                                  << QByteArray("{\"first_file\": \"audit-000002.jsonl\"}") << false
                                  << QStringLiteral("audit log") << QStringLiteral("anchor.json");
    QTest::newRow("rotation record")
        << QStringLiteral("rotation.json") << QByteArray("{\"sshKey\"") << false
        << QStringLiteral("rotation record") << QStringLiteral("rotation.json");
    QTest::newRow("rotation entry")
        << QStringLiteral("rotation.json") << QByteArray("{\"apiToken\": {\"id\": \"x\"}}") << false
        << QStringLiteral("rotation record") << QStringLiteral("apiToken");
    QTest::newRow("alert store") << QStringLiteral("alerts/alerts.json") << QByteArray("\x01\x02")
                                 << false << QStringLiteral("alert store")
                                 << QStringLiteral("alerts.json");
}

void TestStateCheck::unreadableStoreFailsWithItsName()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, content);
    QFETCH(bool, append);
    QFETCH(QString, what);
    QFETCH(QString, named);
    QVERIFY(writeState(m_state));
    QVERIFY(overwrite(m_state + QLatin1Char('/') + file, content, append));

    const QList<StateCheckItem> items = StateCheck::run(m_state);
    int failed = 0;
    for (const StateCheckItem &item : items) {
        if (item.what == what) {
            QVERIFY2(!item.ok(), qPrintable(describe(items)));
            QVERIFY2(item.problem.contains(named), qPrintable(item.problem));
            ++failed;
        } else {
            // The others are still read: one bad file does not hide another's state.
            QVERIFY2(item.ok(), qPrintable(describe(items)));
        }
    }
    QCOMPARE(failed, 1);
}

void TestStateCheck::missingStateFolderFails()
{
    const QString missing = m_dir->filePath(QStringLiteral("nowhere"));
    const QList<StateCheckItem> items = StateCheck::run(missing);
    QCOMPARE(items.size(), 1);
    QVERIFY(!items.first().ok());
    QCOMPARE(items.first().problem, QStringLiteral("there is no state folder %1").arg(missing));
    QVERIFY(!QFileInfo::exists(missing));

    const QString file = m_dir->filePath(QStringLiteral("a-file"));
    QVERIFY(overwrite(file, "x"));
    QCOMPARE(StateCheck::run(file).first().problem, QStringLiteral("%1 is not a folder").arg(file));
}

void TestStateCheck::writesNothing()
{
    StateCheck::run(m_state);
    QVERIFY(snapshot(m_state).isEmpty()); // no store, lock, key or folder made
    QVERIFY(writeState(m_state));
    // A torn last audit line (a crash) is what the daemon repairs at start; the check leaves it.
    QVERIFY(overwrite(m_state + QStringLiteral("/audit/audit-000001.jsonl"), "{\"seq\": 4", true));
    const QStringList before = snapshot(m_state);
    const QList<StateCheckItem> items = StateCheck::run(m_state);
    for (const StateCheckItem &item : items)
        QVERIFY2(item.ok(), qPrintable(describe(items)));
    QCOMPARE(items.at(3).detail, QStringLiteral("chain head at entry 3"));
    QCOMPARE(snapshot(m_state), before);
}

QTEST_GUILESS_MAIN(TestStateCheck)
#include "TestStateCheck.moc"
