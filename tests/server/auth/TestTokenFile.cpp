#include "server/auth/TokenFile.h"

#include "server/auth/ClientStore.h" // its kind is the example every test here uses

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

namespace {

enum class Mutation {
    Empty,
    WrongPrefix,
    FlipLastChar,
    DropLastChar,
    AppendChar,
    TrailingNewline,
    Huge,
    HugeWithPrefix,
    NeverIssued,
};

QByteArray mutate(const QByteArray &token, Mutation mutation)
{
    switch (mutation) {
    case Mutation::Empty:
        return {};
    case Mutation::WrongPrefix:
        return QByteArray("pmcx_") + token.mid(5);
    case Mutation::FlipLastChar: {
        QByteArray modified = token;
        modified.back() = modified.back() == 'A' ? 'B' : 'A';
        return modified;
    }
    case Mutation::DropLastChar:
        return token.chopped(1);
    case Mutation::AppendChar:
        return token + 'A';
    case Mutation::TrailingNewline:
        return token + '\n';
    case Mutation::Huge:
        return QByteArray(8 * 1024 * 1024, 'A');
    case Mutation::HugeWithPrefix:
        return token + QByteArray(8 * 1024 * 1024, 'A');
    case Mutation::NeverIssued:
        return QByteArray("pmcp_") + QByteArray(43, 'A');
    }
    return token;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool overwrite(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(content) == content.size();
}

// QVERIFY2 evaluates its message even when the check passes.
template <typename T>
QString messageOf(const Result<T> &result)
{
    return result.ok() ? QString() : result.error().message;
}

const QDateTime kStart = QDateTime(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC);

} // namespace

class TestTokenFile final : public QObject {
    Q_OBJECT
private slots:
    void createdTokenAuthenticatesItsClient_data()
    {
        QTest::addColumn<bool>("readOnly");
        QTest::newRow("read-write") << false;
        QTest::newRow("read-only") << true;
    }

    void createdTokenAuthenticatesItsClient()
    {
        QFETCH(bool, readOnly);
        QTemporaryDir dir;
        TokenFile store(dir.path(), ClientStore::kind());
        const auto token = store.create(QStringLiteral("claude-code"), readOnly, 0);
        QVERIFY2(token.ok(), qPrintable(messageOf(token)));
        static const QRegularExpression format(
            QRegularExpression::anchoredPattern(QStringLiteral("pmcp_[A-Za-z0-9_-]{43}")));
        QVERIFY2(format.match(token.value()).hasMatch(), qPrintable(token.value()));

        const auto identity = store.authenticate(token.value().toLatin1());
        QVERIFY(identity);
        QCOMPARE(identity->name, QStringLiteral("claude-code"));
        QCOMPARE(identity->readOnly, readOnly);
        QCOMPARE(store.activeCount(), 1);
    }

    void tokensDifferBetweenClients()
    {
        QTemporaryDir dir;
        TokenFile store(dir.path(), ClientStore::kind());
        const auto first = store.create(QStringLiteral("a"), false, 0);
        const auto second = store.create(QStringLiteral("b"), true, 0);
        QVERIFY(first.ok() && second.ok());
        QVERIFY(first.value() != second.value());
        QCOMPARE(store.authenticate(first.value().toLatin1())->name, QStringLiteral("a"));
        QCOMPARE(store.authenticate(second.value().toLatin1())->name, QStringLiteral("b"));
    }

    void fileHoldsOnlyTheHash()
    {
        QTemporaryDir dir;
        TokenFile store(dir.path(), ClientStore::kind());
        store.setClock([] { return kStart; });
        const auto token = store.create(QStringLiteral("cursor"), true, 30);
        QVERIFY(token.ok());

        const QByteArray content = readAll(store.filePath());
        QVERIFY(!content.contains(token.value().toLatin1()));
        QVERIFY(!content.contains(token.value().mid(5).toLatin1()));
        const QJsonObject root = QJsonDocument::fromJson(content).object();
        QCOMPARE(root.value(QStringLiteral("version")).toInt(), 1);
        const QJsonObject client = root.value(QStringLiteral("clients")).toArray().at(0).toObject();
        QCOMPARE(client.value(QStringLiteral("name")).toString(), QStringLiteral("cursor"));
        QCOMPARE(
            client.value(QStringLiteral("token_sha256")).toString().toLatin1(),
            QCryptographicHash::hash(token.value().toLatin1(), QCryptographicHash::Sha256).toHex());
        QCOMPARE(client.value(QStringLiteral("created")).toString(),
                 QStringLiteral("2025-03-01T12:00:00Z"));
        QCOMPARE(client.value(QStringLiteral("expires")).toString(),
                 QStringLiteral("2025-03-31T12:00:00Z"));
        QCOMPARE(client.value(QStringLiteral("read_only")).toBool(), true);
        QVERIFY(client.value(QStringLiteral("revoked")).isNull());
    }

    void rejectsBadTokens_data()
    {
        QTest::addColumn<int>("mutation");
        QTest::newRow("empty") << int(Mutation::Empty);
        QTest::newRow("wrong prefix") << int(Mutation::WrongPrefix);
        QTest::newRow("last char changed") << int(Mutation::FlipLastChar);
        QTest::newRow("truncated") << int(Mutation::DropLastChar);
        QTest::newRow("one char longer") << int(Mutation::AppendChar);
        QTest::newRow("trailing newline") << int(Mutation::TrailingNewline);
        QTest::newRow("huge") << int(Mutation::Huge);
        QTest::newRow("huge after valid token") << int(Mutation::HugeWithPrefix);
        QTest::newRow("well-formed, never issued") << int(Mutation::NeverIssued);
    }

    void rejectsBadTokens()
    {
        QFETCH(int, mutation);
        QTemporaryDir dir;
        TokenFile store(dir.path(), ClientStore::kind());
        const auto token = store.create(QStringLiteral("client"), false, 0);
        QVERIFY(token.ok());
        const QByteArray valid = token.value().toLatin1();
        QVERIFY(store.authenticate(valid)); // the store does accept something
        QVERIFY(!store.authenticate(mutate(valid, static_cast<Mutation>(mutation))));
    }

    void revokedTokenFailsAndStaysListed()
    {
        QTemporaryDir dir;
        TokenFile store(dir.path(), ClientStore::kind());
        store.setClock([] { return kStart; });
        const auto token = store.create(QStringLiteral("old-laptop"), false, 0);
        QVERIFY(token.ok());
        QVERIFY(store.authenticate(token.value().toLatin1()));

        QVERIFY(store.revoke(QStringLiteral("old-laptop")).ok());
        QVERIFY(!store.authenticate(token.value().toLatin1()));
        QCOMPARE(store.activeCount(), 0);

        store.setClock([] { return kStart.addDays(1); });
        QVERIFY(store.revoke(QStringLiteral("old-laptop")).ok());
        const auto records = store.list();
        QVERIFY(records.ok());
        QCOMPARE(records.value().size(), 1);
        QCOMPARE(records.value().at(0).name, QStringLiteral("old-laptop"));
        QCOMPARE(records.value().at(0).revoked, kStart); // the first revocation is kept
    }

    void revokeOfUnknownNameIsNotFound()
    {
        QTemporaryDir dir;
        TokenFile store(dir.path(), ClientStore::kind());
        QVERIFY(store.create(QStringLiteral("known"), false, 0).ok());
        const auto result = store.revoke(QStringLiteral("unknown"));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::NotFound);
        QVERIFY(result.error().message.contains(QStringLiteral("unknown")));
    }

    void recreatingRevokedNameReplacesRecord()
    {
        QTemporaryDir dir;
        TokenFile store(dir.path(), ClientStore::kind());
        const auto first = store.create(QStringLiteral("desk"), false, 0);
        QVERIFY(first.ok());
        QVERIFY(store.revoke(QStringLiteral("desk")).ok());
        const auto second = store.create(QStringLiteral("desk"), true, 0);
        QVERIFY2(second.ok(), qPrintable(messageOf(second)));

        QVERIFY(!store.authenticate(first.value().toLatin1()));
        const auto identity = store.authenticate(second.value().toLatin1());
        QVERIFY(identity);
        QVERIFY(identity->readOnly);
        const auto records = store.list();
        QVERIFY(records.ok());
        QCOMPARE(records.value().size(), 1);
        QVERIFY(!records.value().at(0).revoked.isValid());
    }

    void expiredTokenFails()
    {
        QTemporaryDir dir;
        TokenFile store(dir.path(), ClientStore::kind());
        QDateTime now = kStart;
        store.setClock([&now] { return now; });
        const auto token = store.create(QStringLiteral("temp"), false, 2);
        QVERIFY(token.ok());
        QCOMPARE(store.list().value().at(0).expires, kStart.addDays(2));

        now = kStart.addDays(2).addSecs(-1);
        QVERIFY(store.authenticate(token.value().toLatin1()));
        QCOMPARE(store.activeCount(), 1);
        now = kStart.addDays(2);
        QVERIFY(!store.authenticate(token.value().toLatin1()));
        QCOMPARE(store.activeCount(), 0);
        // An expired client is no longer active, so its name may be issued again.
        QVERIFY(store.create(QStringLiteral("temp"), false, 0).ok());
    }

    void isActive_data()
    {
        QTest::addColumn<QDateTime>("expires");
        QTest::addColumn<QDateTime>("revoked");
        QTest::addColumn<bool>("active");
        QTest::newRow("never expires") << QDateTime() << QDateTime() << true;
        QTest::newRow("before expiry") << kStart.addSecs(1) << QDateTime() << true;
        QTest::newRow("at expiry") << kStart << QDateTime() << false;
        QTest::newRow("after expiry") << kStart.addSecs(-1) << QDateTime() << false;
        QTest::newRow("revoked") << QDateTime() << kStart.addDays(-1) << false;
    }

    void isActive()
    {
        QFETCH(QDateTime, expires);
        QFETCH(QDateTime, revoked);
        QFETCH(bool, active);
        ClientRecord record;
        record.expires = expires;
        record.revoked = revoked;
        QCOMPARE(record.isActive(kStart), active);
    }

    void changesByAnotherProcessAreSeen()
    {
        QTemporaryDir dir;
        TokenFile daemon(dir.path(), ClientStore::kind());
        daemon.setRecheckIntervalMs(0);
        QCOMPARE(daemon.activeCount(), 0);

        TokenFile cli(dir.path(), ClientStore::kind()); // what `proxmox-mcpd clients create` does
        const auto token = cli.create(QStringLiteral("new-client"), true, 0);
        QVERIFY(token.ok());
        const auto identity = daemon.authenticate(token.value().toLatin1());
        QVERIFY(identity);
        QCOMPARE(identity->name, QStringLiteral("new-client"));

        QVERIFY(cli.revoke(QStringLiteral("new-client")).ok());
        QVERIFY(!daemon.authenticate(token.value().toLatin1()));
    }

    void fileIsCheckedAtMostOncePerInterval()
    {
        QTemporaryDir dir;
        TokenFile daemon(dir.path(), ClientStore::kind());
        daemon.setRecheckIntervalMs(60 * 60 * 1000);
        QCOMPARE(daemon.activeCount(), 0);

        TokenFile cli(dir.path(), ClientStore::kind());
        const auto token = cli.create(QStringLiteral("late"), false, 0);
        QVERIFY(token.ok());
        QVERIFY(!daemon.authenticate(token.value().toLatin1())); // still the cached view
        QVERIFY(daemon.reload().ok());
        QVERIFY(daemon.authenticate(token.value().toLatin1()));
    }

    void validatesNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("one letter") << QStringLiteral("a") << true;
        QTest::newRow("one digit") << QStringLiteral("7") << true;
        QTest::newRow("dots, dashes, underscores")
            << QStringLiteral("Claude.Code_2-laptop") << true;
        QTest::newRow("64 chars") << QString(64, QLatin1Char('x')) << true;
        QTest::newRow("65 chars") << QString(65, QLatin1Char('x')) << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("leading dash") << QStringLiteral("-x") << false;
        QTest::newRow("leading dot") << QStringLiteral(".x") << false;
        QTest::newRow("leading underscore") << QStringLiteral("_x") << false;
        QTest::newRow("space") << QStringLiteral("my client") << false;
        QTest::newRow("slash") << QStringLiteral("a/b") << false;
        QTest::newRow("trailing newline") << QStringLiteral("name\n") << false;
        QTest::newRow("non-ASCII letter") << QStringLiteral("caf\u00e9") << false;
    }

    void validatesNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(TokenFile::isValidName(name), valid);
        QTemporaryDir dir;
        TokenFile store(dir.path(), ClientStore::kind());
        const auto result = store.create(name, false, 0);
        QCOMPARE(result.ok(), valid);
        if (!valid) {
            QCOMPARE(result.error().code, ErrorCode::InvalidArgument);
            QVERIFY(result.error().message.contains(QStringLiteral("invalid client name")));
            QVERIFY(!QFile::exists(store.filePath()));
        }
    }

    void rejectsInvalidExpiry()
    {
        QTemporaryDir dir;
        TokenFile store(dir.path(), ClientStore::kind());
        const auto result = store.create(QStringLiteral("x"), false, -1);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::InvalidArgument);
    }

    void duplicateActiveNameConflicts()
    {
        QTemporaryDir dir;
        TokenFile store(dir.path(), ClientStore::kind());
        const auto first = store.create(QStringLiteral("twin"), false, 0);
        QVERIFY(first.ok());
        const auto second = store.create(QStringLiteral("twin"), true, 0);
        QVERIFY(!second.ok());
        QCOMPARE(second.error().code, ErrorCode::Conflict);
        QCOMPARE(second.error().message, QStringLiteral("client twin exists; revoke it first"));
        const auto identity = store.authenticate(first.value().toLatin1());
        QVERIFY(identity);
        QVERIFY(!identity->readOnly); // the first record was not replaced
    }

    void corruptFileIsReportedAndDenies_data()
    {
        // %REC% stands for the valid record of the token the test created.
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("empty file") << QByteArray();
        QTest::newRow("truncated JSON") << QByteArray(R"({"version":1,"clients":[%REC%)");
        QTest::newRow("not an object") << QByteArray(R"([%REC%])");
        QTest::newRow("newer version") << QByteArray(R"({"version":2,"clients":[%REC%]})");
        QTest::newRow("clients not a list") << QByteArray(R"({"version":1,"clients":%REC%})");
        QTest::newRow("bad hash in another record")
            << QByteArray(R"({"version":1,"clients":[%REC%,{"name":"b","token_sha256":"xyz",)"
                          R"("created":"2025-01-01T00:00:00Z","expires":null,"read_only":false,)"
                          R"("revoked":null}]})");
        QTest::newRow("bad date in another record") << QByteArray(
            R"({"version":1,"clients":[%REC%,{"name":"b","token_sha256":")" + QByteArray(64, 'a') +
            R"(","created":"yesterday","expires":null,"read_only":false,)"
            R"("revoked":null}]})");
        QTest::newRow("duplicate name") << QByteArray(R"({"version":1,"clients":[%REC%,%REC%]})");
    }

    void corruptFileIsReportedAndDenies()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        TokenFile cli(dir.path(), ClientStore::kind());
        const auto token = cli.create(QStringLiteral("victim"), false, 0);
        QVERIFY(token.ok());
        const QJsonObject record = QJsonDocument::fromJson(readAll(cli.filePath()))
                                       .object()
                                       .value(QStringLiteral("clients"))
                                       .toArray()
                                       .at(0)
                                       .toObject();
        content.replace("%REC%", QJsonDocument(record).toJson(QJsonDocument::Compact));
        QVERIFY(overwrite(cli.filePath(), content));

        const auto listed = cli.list();
        QVERIFY(!listed.ok());
        QVERIFY2(listed.error().message.contains(cli.filePath()),
                 qPrintable(listed.error().message));
        QVERIFY(!cli.create(QStringLiteral("other"), false, 0).ok());
        QVERIFY(!cli.revoke(QStringLiteral("victim")).ok());

        TokenFile daemon(dir.path(), ClientStore::kind());
        daemon.setRecheckIntervalMs(0);
        const QRegularExpression warning(QStringLiteral("client store .* denying every"));
        QTest::ignoreMessage(QtWarningMsg, warning);
        QTest::failOnWarning(warning); // a second one would be noise in the journal
        QVERIFY(!daemon.authenticate(token.value().toLatin1()));
        QVERIFY(!daemon.authenticate(token.value().toLatin1()));
        QCOMPARE(daemon.activeCount(), 0);

        QCOMPARE(readAll(cli.filePath()), content);
    }

    void repairedFileIsAcceptedAgain()
    {
        QTemporaryDir dir;
        TokenFile store(dir.path(), ClientStore::kind());
        store.setRecheckIntervalMs(0);
        const auto token = store.create(QStringLiteral("c"), false, 0);
        QVERIFY(token.ok());
        const QByteArray good = readAll(store.filePath());
        QVERIFY(overwrite(store.filePath(), "{"));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("corrupt")));
        QVERIFY(!store.authenticate(token.value().toLatin1()));
        QVERIFY(overwrite(store.filePath(), good));
        QVERIFY(store.authenticate(token.value().toLatin1()));
    }

    void missingFileMeansNoClients()
    {
        QTemporaryDir dir;
        TokenFile store(dir.filePath(QStringLiteral("absent")), ClientStore::kind());
        const auto records = store.list();
        QVERIFY(records.ok());
        QVERIFY(records.value().isEmpty());
        QVERIFY(!store.authenticate(QByteArray("pmcp_") + QByteArray(43, 'A')));
        QCOMPARE(store.activeCount(), 0);
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("absent"))));
    }

    void filesAreOwnerOnly()
    {
        QTemporaryDir dir;
        const QString stateDir = dir.filePath(QStringLiteral("var/lib/proxmox-mcp"));
        TokenFile store(stateDir, ClientStore::kind());
        QVERIFY(store.create(QStringLiteral("a"), false, 0).ok());
        QVERIFY(store.revoke(QStringLiteral("a")).ok()); // a rewrite keeps them too

        const auto ownerReadWrite =
            QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser;
        QCOMPARE(QFile::permissions(store.filePath()), ownerReadWrite);
        QCOMPARE(QFile::permissions(stateDir), ownerReadWrite | QFile::ExeOwner | QFile::ExeUser);
        QVERIFY(!QFile::exists(store.filePath() + QStringLiteral(".lock"))); // released
    }

    void constantTimeEquals_data()
    {
        QTest::addColumn<QByteArray>("a");
        QTest::addColumn<QByteArray>("b");
        QTest::addColumn<bool>("equal");
        QTest::newRow("same") << QByteArray("abcdef") << QByteArray("abcdef") << true;
        QTest::newRow("both empty") << QByteArray() << QByteArray() << true;
        QTest::newRow("first byte differs")
            << QByteArray("xbcdef") << QByteArray("abcdef") << false;
        QTest::newRow("last byte differs") << QByteArray("abcdex") << QByteArray("abcdef") << false;
        QTest::newRow("prefix") << QByteArray("abc") << QByteArray("abcdef") << false;
        QTest::newRow("one empty") << QByteArray() << QByteArray("a") << false;
    }

    void constantTimeEquals()
    {
        QFETCH(QByteArray, a);
        QFETCH(QByteArray, b);
        QFETCH(bool, equal);
        QCOMPARE(TokenFile::constantTimeEquals(a, b), equal);
        QCOMPARE(TokenFile::constantTimeEquals(b, a), equal);
    }
};

QTEST_GUILESS_MAIN(TestTokenFile)
#include "TestTokenFile.moc"
