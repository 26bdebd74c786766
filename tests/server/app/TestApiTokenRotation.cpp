#include "server/app/ApiTokenRotation.h"

#include "server/app/RotationRecord.h"
#include "server/proxmox/ProxmoxClient.h"
#include "server/simulator/PveSimulator.h"
#include "server/simulator/SimState.h"
#include "shared/config/Config.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>

using namespace pmcp;

using Step = ApiTokenRotation::Step;
Q_DECLARE_METATYPE(ApiTokenRotation::Step)

namespace {

const QString kUser = QStringLiteral("root@pam");
const QString kOldName = QStringLiteral("mcp-ops");

} // namespace

// Token rotation against the project's Proxmox simulator: a privilege-separated token with ACL
// rows on three paths, rotated, and a failure injected at each step rolled back.
class TestApiTokenRotation final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void dryRunChangesNothing();
    void aTokenFromACredentialIsNotRotated();
    void rotatesTheToken();
    void failureAtEachStepKeepsTheOldToken_data();
    void failureAtEachStepKeepsTheOldToken();
    void reloadSeesTheNewTokenThenTheOldAgain();

private:
    struct Run {
        std::optional<Result<ApiTokenRotation::Outcome>> outcome;
        QStringList reports;
    };
    void run(ApiTokenRotation &rotation, Run &result);
    Config config() const { return Config::load(configPath(), QProcessEnvironment()); }
    QString configPath() const { return m_dir->filePath(QStringLiteral("proxmox-mcp.env")); }
    // Whether a call with this token succeeds.
    bool works(const QString &name, const QString &secret);
    // The token rows of /access/acl, as "ugid path role propagate" lines.
    QStringList tokenRows() const;
    QStringList tokenIds() const;

    std::unique_ptr<PveSimulator> m_simulator;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_oldSecret;
};

void TestApiTokenRotation::init()
{
    PveSimulator::Options options;
    options.timeScale = 0.05;
    m_simulator = std::make_unique<PveSimulator>(options);
    const auto port = m_simulator->start();
    QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
    SimState &state = m_simulator->state();
    const auto created = state.createToken(kUser, kOldName, true, 0, QStringLiteral("ops"));
    QVERIFY(created.ok());
    m_oldSecret = created.value().value(QStringLiteral("value")).toString();
    const QString id = kUser + u'!' + kOldName;
    QVERIFY(
        state.changeAcl(QStringLiteral("/"), {QStringLiteral("PVEAuditor")}, {id}, {}, true, false)
            .ok());
    QVERIFY(state
                .changeAcl(QStringLiteral("/vms/100"), {QStringLiteral("PVEVMUser")}, {id}, {},
                           false, false)
                .ok());
    QVERIFY(state
                .changeAcl(QStringLiteral("/storage/local"), {QStringLiteral("PVEDatastoreUser")},
                           {id}, {}, true, false)
                .ok());
    m_dir = std::make_unique<QTemporaryDir>();
    QFile file(configPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral("STATE_DIR=%1\nENABLE_SSH=false\nPROXMOX_HOST=127.0.0.1\n"
                              "PROXMOX_PORT=%2\nPROXMOX_USER=%3\nPROXMOX_TOKEN_NAME=%4\n"
                              "PROXMOX_TOKEN_VALUE=%5\nPROXMOX_FINGERPRINT=%6\n")
                   .arg(m_dir->path())
                   .arg(m_simulator->port())
                   .arg(kUser, kOldName, m_oldSecret, m_simulator->fingerprintSha256())
                   .toUtf8());
    file.close();
    QVERIFY(works(kOldName, m_oldSecret));
}

void TestApiTokenRotation::cleanup()
{
    m_simulator.reset();
}

void TestApiTokenRotation::run(ApiTokenRotation &rotation, Run &result)
{
    rotation.run(
        [&result](Step step, const QString &state, const QString &) {
            result.reports.append(ApiTokenRotation::stepName(step) + u' ' + state);
        },
        [&result](const Result<ApiTokenRotation::Outcome> &outcome) { result.outcome = outcome; });
    QTRY_VERIFY_WITH_TIMEOUT(result.outcome.has_value(), 30000);
}

bool TestApiTokenRotation::works(const QString &name, const QString &secret)
{
    ProxmoxTarget target;
    target.hosts = {QStringLiteral("127.0.0.1")};
    target.port = m_simulator->port();
    target.user = kUser;
    target.tokenName = name;
    target.tokenSecret = secret;
    target.fingerprint = m_simulator->fingerprintSha256();
    target.timeoutMs = 5000;
    ProxmoxClient client(target);
    std::optional<bool> ok;
    client.get(QStringLiteral("/version"), {}, [&ok](const ProxmoxResult &result) {
        ok = std::holds_alternative<ProxmoxReply>(result);
    });
    if (!QTest::qWaitFor([&ok] { return ok.has_value(); }, 10000))
        return false;
    return *ok;
}

QStringList TestApiTokenRotation::tokenRows() const
{
    QStringList rows;
    for (const QJsonValue &value : m_simulator->state().acl()) {
        const QJsonObject row = value.toObject();
        if (row.value(QStringLiteral("type")).toString() == QLatin1String("token"))
            rows.append(QStringLiteral("%1 %2 %3 %4")
                            .arg(row.value(QStringLiteral("ugid")).toString(),
                                 row.value(QStringLiteral("path")).toString(),
                                 row.value(QStringLiteral("roleid")).toString())
                            .arg(row.value(QStringLiteral("propagate")).toInt()));
    }
    rows.sort();
    return rows;
}

QStringList TestApiTokenRotation::tokenIds() const
{
    QStringList ids;
    for (const SimToken &t : m_simulator->state().tokens())
        ids.append(t.userid + u'!' + t.tokenid);
    ids.sort();
    return ids;
}

void TestApiTokenRotation::dryRunChangesNothing()
{
    const QStringList before = tokenIds();
    const ApiTokenRotation rotation(config(), configPath());
    const auto plan = rotation.plan();
    QVERIFY2(plan.ok(), qPrintable(plan.ok() ? QString() : plan.error().message));
    QCOMPARE(plan.value().size(), ApiTokenRotation::steps().size());
    QVERIFY(plan.value().first().startsWith(QStringLiteral("inspect: ")));
    QCOMPARE(tokenIds(), before);
}

void TestApiTokenRotation::aTokenFromACredentialIsNotRotated()
{
    const QStringList before = tokenIds();
    QFile file(configPath());
    QVERIFY(file.open(QIODevice::Append));
    file.write("PROXMOX_TOKEN_CREDENTIAL=proxmox-mcp.proxmox-token\n");
    file.close();
    ApiTokenRotation rotation(config(), configPath());
    const auto plan = rotation.plan();
    QVERIFY(!plan.ok());
    QVERIFY2(plan.error().message.startsWith(
                 QStringLiteral("PROXMOX_TOKEN_CREDENTIAL is set: the service reads the token "
                                "secret from the systemd credential proxmox-mcp.proxmox-token")),
             qPrintable(plan.error().message));
    Run result;
    run(rotation, result);
    QVERIFY(!result.outcome->ok());
    QCOMPARE(result.outcome->error().message, plan.error().message);
    QCOMPARE(tokenIds(), before);
}

void TestApiTokenRotation::rotatesTheToken()
{
    const QDateTime when(QDate(2026, 12, 7), QTime(9, 30), Qt::UTC);
    const QStringList rowsBefore = tokenRows();
    ApiTokenRotation rotation(config(), configPath());
    rotation.setClock([when] { return when; });
    Run result;
    run(rotation, result);
    QVERIFY2(result.outcome->ok(),
             qPrintable(result.outcome->ok() ? QString() : result.outcome->error().message));
    QStringList expected;
    for (const Step step : ApiTokenRotation::steps())
        expected << ApiTokenRotation::stepName(step) + QStringLiteral(" running")
                 << ApiTokenRotation::stepName(step) + QStringLiteral(" done");
    QCOMPARE(result.reports, expected);

    const QString newName = QStringLiteral("mcp-ops-20261207093000");
    QCOMPARE(result.outcome->value().newTokenId, kUser + u'!' + newName);
    QCOMPARE(result.outcome->value().aclRows, 3);
    // The old token is gone, the new one has its privilege separation and exactly its rows.
    QVERIFY(!m_simulator->state().token(kUser + u'!' + kOldName));
    const SimToken *created = m_simulator->state().token(kUser + u'!' + newName);
    QVERIFY(created);
    QVERIFY(created->privsep);
    QStringList renamed = rowsBefore;
    renamed.replaceInStrings(kUser + u'!' + kOldName + u' ', kUser + u'!' + newName + u' ');
    QCOMPARE(tokenRows(), renamed);
    // The configuration names it, with the secret Proxmox showed once; it works, the old does not.
    const Config after = config();
    QCOMPARE(after.string(ConfigKey::ProxmoxTokenName), newName);
    QCOMPARE(after.string(ConfigKey::ProxmoxTokenValue), created->secret);
    QVERIFY(works(newName, created->secret));
    QVERIFY(!works(kOldName, m_oldSecret));
    QCOMPARE(RotationRecord(m_dir->path()).apiTokenCreated(after), when);
}

void TestApiTokenRotation::failureAtEachStepKeepsTheOldToken_data()
{
    QTest::addColumn<Step>("failing");
    for (const Step step : ApiTokenRotation::steps())
        QTest::newRow(qPrintable(ApiTokenRotation::stepName(step))) << step;
}

void TestApiTokenRotation::failureAtEachStepKeepsTheOldToken()
{
    QFETCH(Step, failing);
    const QStringList tokensBefore = tokenIds();
    const QStringList rowsBefore = tokenRows();
    QFile file(configPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray configBefore = file.readAll();
    file.close();

    ApiTokenRotation rotation(config(), configPath());
    rotation.setFault([failing](Step step) -> std::optional<Error> {
        if (step == failing)
            return Error::internal(QStringLiteral("injected"));
        return std::nullopt;
    });
    Run result;
    run(rotation, result);
    QVERIFY(!result.outcome->ok());
    QCOMPARE(result.outcome->error().message, QStringLiteral("injected"));
    QVERIFY(
        result.reports.contains(ApiTokenRotation::stepName(failing) + QStringLiteral(" failed")));
    for (const Step step : {Step::Create, Step::CopyAcl, Step::Switch}) {
        if (step < failing)
            QVERIFY2(result.reports.contains(ApiTokenRotation::stepName(step) +
                                             QStringLiteral(" undone")),
                     qPrintable(result.reports.join(u',')));
    }
    QCOMPARE(tokenIds(), tokensBefore);
    QCOMPARE(tokenRows(), rowsBefore);
    QVERIFY(works(kOldName, m_oldSecret));
    const Config after = config();
    QCOMPARE(after.string(ConfigKey::ProxmoxTokenName), kOldName);
    QCOMPARE(after.string(ConfigKey::ProxmoxTokenValue), m_oldSecret);
    if (failing <= Step::Switch)
        QCOMPARE(QFile(configPath()).size(), qint64(configBefore.size()));
    QVERIFY(RotationRecord(m_dir->path()).apiTokenCreated(after).isNull());
}

void TestApiTokenRotation::reloadSeesTheNewTokenThenTheOldAgain()
{
    ApiTokenRotation rotation(config(), configPath());
    QStringList seen;
    rotation.setReload([&]() -> Result<void> {
        seen.append(config().string(ConfigKey::ProxmoxTokenName));
        return {};
    });
    rotation.setFault([](Step step) -> std::optional<Error> {
        if (step == Step::Revoke)
            return Error::internal(QStringLiteral("injected"));
        return std::nullopt;
    });
    Run result;
    run(rotation, result);
    QVERIFY(!result.outcome->ok());
    QCOMPARE(seen.size(), 2);
    QVERIFY(seen.first().startsWith(kOldName + u'-'));
    QCOMPARE(seen.last(), kOldName);
}

QTEST_GUILESS_MAIN(TestApiTokenRotation)
#include "TestApiTokenRotation.moc"
