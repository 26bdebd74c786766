#include "server/audit/AuditChainCheck.h"

#include "server/audit/AuditLog.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

namespace {

AuditEntry entry(int n)
{
    return AuditEntry{QStringLiteral("client-%1").arg(n),
                      QStringLiteral("server_info"),
                      QJsonObject{{QStringLiteral("n"), n}},
                      QString(),
                      1,
                      QStringLiteral("ok"),
                      QString(),
                      QJsonObject(),
                      QString(),
                      QJsonObject()};
}

void append(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::Append));
    QCOMPARE(file.write(bytes), bytes.size());
}

} // namespace

class TestAuditChainCheck final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void checksOnlyWhatIsNew();
    void followsRotation();
    void followsRetention();
    void anIncompleteLastLineWaitsInLiveMode();
    void aBudgetSplitsTheWork();
    void tamperingAfterACheckIsFoundAndStays();
    void aMissingFileIsNamed();
    void anEmptyFolderIsFine();

private:
    QString firstFile() const { return m_dir + QStringLiteral("/audit-000001.jsonl"); }

    std::unique_ptr<QTemporaryDir> m_state;
    QString m_dir;
    QString m_keyPath;
};

void TestAuditChainCheck::init()
{
    m_state = std::make_unique<QTemporaryDir>();
    QVERIFY(m_state->isValid());
    m_dir = AuditLog::directoryIn(m_state->path());
    m_keyPath = AuditLog::keyPathIn(m_state->path());
}

void TestAuditChainCheck::checksOnlyWhatIsNew()
{
    AuditLog log(m_dir, m_keyPath);
    QVERIFY(log.open().ok());
    AuditChainCheck check = log.chainCheck();
    for (int i = 1; i <= 3; ++i)
        QVERIFY(log.append(entry(i)).ok());
    auto result = check.advance(AuditChainCheck::Mode::Live);
    QVERIFY2(result.ok, qPrintable(result.reason));
    QCOMPARE(result.entriesChecked, 3);
    QVERIFY(check.caughtUp());

    // Nothing new: nothing more checked.
    QCOMPARE(check.advance(AuditChainCheck::Mode::Live).entriesChecked, 3);
    for (int i = 4; i <= 5; ++i)
        QVERIFY(log.append(entry(i)).ok());
    result = check.advance(AuditChainCheck::Mode::Live);
    QVERIFY2(result.ok, qPrintable(result.reason));
    QCOMPARE(result.entriesChecked, 5);
}

void TestAuditChainCheck::followsRotation()
{
    AuditLog log(m_dir, m_keyPath, 1000);
    QVERIFY(log.open().ok());
    AuditChainCheck check = log.chainCheck();
    for (int i = 1; i <= 4; ++i)
        QVERIFY(log.append(entry(i)).ok());
    QCOMPARE(check.advance(AuditChainCheck::Mode::Live).entriesChecked, 4);
    for (int i = 5; i <= 30; ++i)
        QVERIFY(log.append(entry(i)).ok());
    QVERIFY(QDir(m_dir).entryList({QStringLiteral("audit-*.jsonl")}, QDir::Files).size() >= 3);
    const auto result = check.advance(AuditChainCheck::Mode::Live);
    QVERIFY2(result.ok, qPrintable(result.reason));
    QCOMPARE(result.entriesChecked, 30);
}

// The health probe's check was inside a file that retention removed since: it goes on from
// the anchor, without a false alarm.
void TestAuditChainCheck::followsRetention()
{
    AuditLog log(m_dir, m_keyPath, 1000);
    log.setRetention(AuditRetention(3000, 0));
    QVERIFY(log.open().ok());
    AuditChainCheck check = log.chainCheck();
    for (int i = 1; i <= 3; ++i)
        QVERIFY(log.append(entry(i)).ok());
    QCOMPARE(check.advance(AuditChainCheck::Mode::Live).entriesChecked, 3);
    for (int i = 4; i <= 60; ++i)
        QVERIFY(log.append(entry(i)).ok());
    QVERIFY(!QFile::exists(firstFile()));
    const auto result = check.advance(AuditChainCheck::Mode::Live);
    QVERIFY2(result.ok, qPrintable(result.reason));
    QVERIFY(result.entriesChecked > 3);
    QVERIFY(check.caughtUp());
}

void TestAuditChainCheck::anIncompleteLastLineWaitsInLiveMode()
{
    {
        AuditLog log(m_dir, m_keyPath);
        QVERIFY(log.open().ok());
        QVERIFY(log.append(entry(1)).ok());
    }
    append(firstFile(), "{\"client\":\"half-writ");
    const QByteArray key = QByteArray::fromHex([this] {
        QFile file(m_keyPath);
        return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed() : QByteArray();
    }());
    AuditChainCheck live(m_dir, key);
    auto result = live.advance(AuditChainCheck::Mode::Live);
    QVERIFY2(result.ok, qPrintable(result.reason));
    QCOMPARE(result.entriesChecked, 1);

    AuditChainCheck complete(m_dir, key);
    result = complete.advance(AuditChainCheck::Mode::Complete);
    QVERIFY(!result.ok);
    QCOMPARE(result.firstBadLine, 2);
    QVERIFY2(result.reason.startsWith(QLatin1String("truncated")), qPrintable(result.reason));
}

void TestAuditChainCheck::aBudgetSplitsTheWork()
{
    AuditLog log(m_dir, m_keyPath);
    QVERIFY(log.open().ok());
    for (int i = 1; i <= 50; ++i)
        QVERIFY(log.append(entry(i)).ok());
    AuditChainCheck check = log.chainCheck();
    const qint64 lineBytes = QFileInfo(firstFile()).size() / 50;
    auto result = check.advance(AuditChainCheck::Mode::Live, lineBytes * 10);
    QVERIFY(result.ok);
    QVERIFY(!check.caughtUp());
    QVERIFY2(result.entriesChecked >= 9 && result.entriesChecked <= 11,
             qPrintable(QString::number(result.entriesChecked)));
    int calls = 1;
    while (!check.caughtUp() && calls < 100) {
        result = check.advance(AuditChainCheck::Mode::Live, lineBytes * 10);
        QVERIFY2(result.ok, qPrintable(result.reason));
        ++calls;
    }
    QVERIFY(check.caughtUp());
    QCOMPARE(result.entriesChecked, 50);
    QVERIFY2(calls >= 5, qPrintable(QString::number(calls)));
}

void TestAuditChainCheck::tamperingAfterACheckIsFoundAndStays()
{
    AuditLog log(m_dir, m_keyPath);
    QVERIFY(log.open().ok());
    AuditChainCheck check = log.chainCheck();
    QVERIFY(log.append(entry(1)).ok());
    QVERIFY(check.advance(AuditChainCheck::Mode::Live).ok);
    QVERIFY(log.append(entry(2)).ok());
    log.sync();

    QFile file(firstFile());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray content = file.readAll();
    file.close();
    const qsizetype second = content.indexOf("client-2");
    QVERIFY(second > 0);
    content[second + 7] = '9';
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
    file.close();

    auto result = check.advance(AuditChainCheck::Mode::Live);
    QVERIFY(!result.ok);
    QCOMPARE(result.firstBadFile, QStringLiteral("audit-000001.jsonl"));
    QCOMPARE(result.firstBadLine, 2);
    QVERIFY2(result.reason.startsWith(QLatin1String("edited")), qPrintable(result.reason));
    // Still broken later, whatever is appended.
    QVERIFY(log.append(entry(3)).ok());
    result = check.advance(AuditChainCheck::Mode::Live);
    QVERIFY(!result.ok);
    QCOMPARE(result.firstBadLine, 2);
}

void TestAuditChainCheck::aMissingFileIsNamed()
{
    AuditLog log(m_dir, m_keyPath, 1000);
    QVERIFY(log.open().ok());
    for (int i = 1; i <= 30; ++i)
        QVERIFY(log.append(entry(i)).ok());
    QVERIFY(QFile::remove(m_dir + QStringLiteral("/audit-000002.jsonl")));
    AuditChainCheck check = log.chainCheck();
    const auto result = check.advance(AuditChainCheck::Mode::Live);
    QVERIFY(!result.ok);
    QCOMPARE(result.firstBadFile, QStringLiteral("audit-000002.jsonl"));
    QCOMPARE(result.reason, QStringLiteral("missing file"));
}

void TestAuditChainCheck::anEmptyFolderIsFine()
{
    QVERIFY(QDir().mkpath(m_dir));
    AuditChainCheck check(m_dir, QByteArray(32, 'k'));
    const auto result = check.advance(AuditChainCheck::Mode::Complete);
    QVERIFY(result.ok);
    QCOMPARE(result.entriesChecked, 0);
    QVERIFY(check.caughtUp());
}

QTEST_GUILESS_MAIN(TestAuditChainCheck)
#include "TestAuditChainCheck.moc"
