#include "server/app/RotationRunner.h"

#include "server/app/RotationRecord.h"
#include "server/ssh/SshKeyPair.h"
#include "shared/config/Config.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace pmcp;

// What the admin API's rotation routes get from the daemon: both credentials as they are, never
// a secret, and a rotation refused with a sentence when it cannot start. The rotations
// themselves are TestSshKeyRotation's and TestApiTokenRotation's; through the routes,
// TestRotationController's.
class TestRotationRunner final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void fingerprintIsTheOneSshKeygenPrints();
    void statusShowsAgeRotationAndDue();
    void refusesWhatCannotStart();
    void dryRunReportsThePlannedStepsAfterwards();

private:
    RotationRunner::Options options(const QString &configFile = QStringLiteral("x.env"));
    QString keyPath() const { return m_dir->filePath(QStringLiteral("id_ed25519")); }

    std::unique_ptr<QTemporaryDir> m_dir;
    Config m_config;
};

void TestRotationRunner::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const auto key = SshKeyPair::generateEd25519(QStringLiteral("test"));
    QVERIFY(key.ok());
    QVERIFY(key.value().write(keyPath(), {}).ok());
    m_config = Config::defaults();
    m_config.set(ConfigKey::StateDir, m_dir->path());
    m_config.set(ConfigKey::EnableSsh, QStringLiteral("false"));
    m_config.set(ConfigKey::EnableProxmoxApi, QStringLiteral("false"));
    m_config.set(ConfigKey::SshKeyPath, keyPath());
    m_config.set(ConfigKey::ProxmoxUser, QStringLiteral("mcp@pve"));
    m_config.set(ConfigKey::ProxmoxTokenName, QStringLiteral("mcp"));
    m_config.set(ConfigKey::ProxmoxTokenValue, QStringLiteral("secret-value-0123456789"));
    m_config.set(ConfigKey::RotationDays, QStringLiteral("30"));
}

RotationRunner::Options TestRotationRunner::options(const QString &configFile)
{
    return {[this] { return m_config; }, [configFile] { return configFile; },
            [] { return Result<void>{}; }};
}

void TestRotationRunner::fingerprintIsTheOneSshKeygenPrints()
{
    const QString fingerprint = RotationRunner::fingerprintOf(keyPath(), {});
    QVERIFY(fingerprint.startsWith(QStringLiteral("SHA256:")));
    QVERIFY(RotationRunner::fingerprintOf(m_dir->filePath(QStringLiteral("none")), {}).isEmpty());
    if (QStandardPaths::findExecutable(QStringLiteral("ssh-keygen")).isEmpty())
        QSKIP("ssh-keygen is not installed");
    QProcess keygen;
    keygen.start(QStringLiteral("ssh-keygen"),
                 {QStringLiteral("-l"), QStringLiteral("-E"), QStringLiteral("sha256"),
                  QStringLiteral("-f"), keyPath() + QStringLiteral(".pub")});
    QVERIFY(keygen.waitForFinished(10000));
    QCOMPARE(keygen.exitCode(), 0);
    // "256 SHA256:… test (ED25519)"
    QCOMPARE(QString::fromUtf8(keygen.readAllStandardOutput()).section(u' ', 1, 1), fingerprint);
}

void TestRotationRunner::statusShowsAgeRotationAndDue()
{
    RotationRunner runner(options());
    QJsonObject status = runner.status();
    QCOMPARE(status[QLatin1String("rotationDays")].toInt(), 30);
    QJsonObject key = status[QLatin1String("sshKey")].toObject();
    QCOMPARE(key[QLatin1String("keyPath")].toString(), keyPath());
    QCOMPARE(key[QLatin1String("present")].toBool(), true);
    QCOMPARE(key[QLatin1String("fingerprint")].toString(),
             RotationRunner::fingerprintOf(keyPath(), {}));
    QCOMPARE(key[QLatin1String("ageDays")].toInt(), 0); // the file's time: just made
    QVERIFY(key[QLatin1String("lastRotated")].isNull());
    QCOMPARE(key[QLatin1String("due")].toBool(), false);
    QJsonObject token = status[QLatin1String("apiToken")].toObject();
    QCOMPARE(token[QLatin1String("tokenId")].toString(), QStringLiteral("mcp@pve!mcp"));
    QVERIFY(token[QLatin1String("ageDays")].isNull());
    QCOMPARE(token[QLatin1String("due")].toBool(), false);

    // Rotated 45 days ago, with ROTATION_DAYS at 30: both are due.
    const QDateTime when = QDateTime::currentDateTimeUtc().addDays(-45);
    RotationRecord record(m_dir->path());
    QVERIFY(record.recordSshKey(keyPath(), when).ok());
    QVERIFY(record.recordApiToken(QStringLiteral("mcp@pve!mcp"), when).ok());
    status = runner.status();
    key = status[QLatin1String("sshKey")].toObject();
    token = status[QLatin1String("apiToken")].toObject();
    QCOMPARE(key[QLatin1String("ageDays")].toInt(), 45);
    QCOMPARE(key[QLatin1String("due")].toBool(), true);
    QCOMPARE(QDateTime::fromString(key[QLatin1String("lastRotated")].toString(), Qt::ISODate),
             QDateTime::fromString(when.toString(Qt::ISODate), Qt::ISODate));
    QCOMPARE(token[QLatin1String("ageDays")].toInt(), 45);
    QCOMPARE(token[QLatin1String("due")].toBool(), true);
    QVERIFY(!QJsonDocument(status).toJson().contains("secret-value"));
}

void TestRotationRunner::refusesWhatCannotStart()
{
    int calls = 0;
    const RotationController::Callbacks callbacks{
        [&calls](const RotationController::StepReport &) { ++calls; },
        [&calls](const RotationController::Finish &) { ++calls; }};
    RotationRunner withoutFile(options(QString()));
    const auto noFile = withoutFile.start(QStringLiteral("api-token"), true, callbacks);
    QVERIFY(!noFile.ok());
    QVERIFY(noFile.error().message.contains(QStringLiteral("configuration file")));

    RotationRunner runner(options(m_dir->filePath(QStringLiteral("proxmox-mcp.env"))));
    const auto unknown = runner.start(QStringLiteral("password"), false, callbacks);
    QVERIFY(!unknown.ok());
    QVERIFY(unknown.error().message.contains(QStringLiteral("ssh-key or api-token")));
    // SSH and the Proxmox API are off: nothing in use to rotate.
    const auto ssh = runner.start(QStringLiteral("ssh-key"), false, callbacks);
    QVERIFY(!ssh.ok());
    QVERIFY2(ssh.error().message.contains(QStringLiteral("ENABLE_SSH=false")),
             qPrintable(ssh.error().message));
    const auto token = runner.start(QStringLiteral("api-token"), false, callbacks);
    QVERIFY(!token.ok());
    QVERIFY(token.error().message.contains(QStringLiteral("ENABLE_PROXMOX_API=false")));
    // On, but without SSH_HOST: the rotation's own sentence, as `rotate --dry-run` says it.
    m_config.set(ConfigKey::EnableSsh, QStringLiteral("true"));
    const auto noHost = runner.start(QStringLiteral("ssh-key"), true, callbacks);
    QVERIFY(!noHost.ok());
    QVERIFY2(noHost.error().message.startsWith(QStringLiteral("SSH_HOST is not set")),
             qPrintable(noHost.error().message));
    QVERIFY(noHost.error().message.endsWith(u'.'));
    QTest::qWait(50);
    QCOMPARE(calls, 0);
}

void TestRotationRunner::dryRunReportsThePlannedStepsAfterwards()
{
    m_config.set(ConfigKey::EnableSsh, QStringLiteral("true"));
    m_config.set(ConfigKey::SshHost, QStringLiteral("127.0.0.1"));
    m_config.set(ConfigKey::SshUser, QStringLiteral("mcp"));
    RotationRunner runner(options(m_dir->filePath(QStringLiteral("proxmox-mcp.env"))));
    QList<RotationController::StepReport> steps;
    std::optional<RotationController::Finish> finish;
    const auto started =
        runner.start(QStringLiteral("ssh-key"), true,
                     {[&steps](const RotationController::StepReport &step) { steps.append(step); },
                      [&finish](const RotationController::Finish &end) { finish = end; }});
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
    QVERIFY(steps.isEmpty()); // not before the caller has answered
    QTRY_VERIFY(finish.has_value());
    QVERIFY(finish->ok);
    const QList<SshKeyRotation::Step> expected = SshKeyRotation::steps();
    QCOMPARE(steps.size(), expected.size());
    for (qsizetype i = 0; i < steps.size(); ++i) {
        QCOMPARE(steps.at(i).index, int(i) + 1);
        QCOMPARE(steps.at(i).total, int(expected.size()));
        QCOMPARE(steps.at(i).name, SshKeyRotation::stepName(expected.at(i)));
        QCOMPARE(steps.at(i).state, QStringLiteral("planned"));
        QVERIFY(!steps.at(i).message.startsWith(steps.at(i).name + u':'));
        QVERIFY(!steps.at(i).message.isEmpty());
    }
    QVERIFY(QFile::exists(keyPath())); // nothing changed
}

QTEST_MAIN(TestRotationRunner)
#include "TestRotationRunner.moc"
