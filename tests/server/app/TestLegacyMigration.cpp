#include "server/app/LegacyMigration.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

// The plan for the old deployment of the administrator guide (tests/server/app/fixtures).
class TestLegacyMigration final : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("old/keys"))));
        QVERIFY(QFile::copy(fixture("env"), m_dir->filePath(QStringLiteral("old/.env"))));
        QFile key(m_dir->filePath(QStringLiteral("old/keys/claude_proxmox_key")));
        QVERIFY(key.open(QIODevice::WriteOnly));
        key.write("not read by the plan\n");
    }

    void carriesTheDaemonsKeysOverInOrder()
    {
        const auto plan = LegacyMigration::plan(m_dir->filePath(QStringLiteral("old")), {},
                                                QStringLiteral("/etc/proxmox-mcp/proxmox-mcp.env"));
        QVERIFY(plan.ok());
        QStringList keys;
        for (const auto &[key, value] : plan.value().changes)
            keys.append(key);
        QCOMPARE(keys,
                 QStringLiteral("LOG_LEVEL SSH_HOST SSH_USER SSH_PORT SSH_KEY_PATH PROXMOX_HOST "
                                "PROXMOX_USER PROXMOX_TOKEN_NAME PROXMOX_TOKEN_VALUE "
                                "PROXMOX_VERIFY_SSL ENABLE_PROXMOX_API ENABLE_DANGEROUS_COMMANDS "
                                "ENABLE_LOCAL_EXECUTION ENABLE_SSH MCP_HOST MCP_PORT "
                                "ENABLE_MONITORING")
                     .split(u' '));
        QCOMPARE(plan.value().changes.at(1).second, QStringLiteral("192.168.1.137"));
    }

    void theContainersKeyPathBecomesTheDaemonsCopy()
    {
        // /app/keys/claude_proxmox_key inside the container is DIR/keys/claude_proxmox_key.
        const auto plan = LegacyMigration::plan(m_dir->filePath(QStringLiteral("old")), {},
                                                QStringLiteral("/etc/proxmox-mcp/proxmox-mcp.env"));
        QVERIFY(plan.ok());
        QCOMPARE(plan.value().keySource,
                 m_dir->filePath(QStringLiteral("old/keys/claude_proxmox_key")));
        QCOMPARE(plan.value().keyTarget,
                 QStringLiteral("/etc/proxmox-mcp/keys/claude_proxmox_key"));
        QCOMPARE(plan.value().changes.at(4),
                 std::pair(QStringLiteral("SSH_KEY_PATH"),
                           QStringLiteral("/etc/proxmox-mcp/keys/claude_proxmox_key")));
    }

    void namesWhatItIgnoresAndWhy()
    {
        QFile env(m_dir->filePath(QStringLiteral("old/.env")));
        QVERIFY(env.open(QIODevice::Append));
        env.write("COMPOSE_PROJECT_NAME=mcp\n");
        env.close();
        const auto plan = LegacyMigration::plan(m_dir->filePath(QStringLiteral("old")), {},
                                                QStringLiteral("/etc/proxmox-mcp/proxmox-mcp.env"));
        QVERIFY(plan.ok());
        QStringList ignored;
        for (const LegacyMigration::Ignored &each : plan.value().ignored) {
            ignored.append(each.key);
            QVERIFY2(!each.reason.isEmpty(), qPrintable(each.key));
        }
        QCOMPARE(ignored, (QStringList{QStringLiteral("IMAGE_TAG"), QStringLiteral("SSH_TARGET"),
                                       QStringLiteral("GRAFANA_PASSWORD"),
                                       QStringLiteral("COMPOSE_PROJECT_NAME")}));
        QVERIFY(plan.value().ignored.last().reason.contains(QStringLiteral("not a key")));
    }

    void readsWhomTheOldSudoersFileNames()
    {
        const auto plan = LegacyMigration::plan(m_dir->filePath(QStringLiteral("old")),
                                                fixture("sudoers-claude-user"),
                                                QStringLiteral("/etc/proxmox-mcp/proxmox-mcp.env"));
        QVERIFY(plan.ok());
        QCOMPARE(plan.value().sudoersUsers, QStringList{QStringLiteral("claude-user")});
        QVERIFY(plan.value().notes.first().contains(QStringLiteral("setup-host")));
    }

    void aFolderWithoutEnvIsNotTheOldDeployment()
    {
        QVERIFY(QFile::remove(m_dir->filePath(QStringLiteral("old/.env"))));
        const auto plan = LegacyMigration::plan(m_dir->filePath(QStringLiteral("old")), {},
                                                QStringLiteral("/etc/proxmox-mcp/proxmox-mcp.env"));
        QVERIFY(!plan.ok());
        QVERIFY(plan.error().message.contains(QStringLiteral("has no .env")));
    }

private:
    static QString fixture(const char *name)
    {
        return qEnvironmentVariable("PMCP_SOURCE_DIR") +
               QStringLiteral("/tests/server/app/fixtures/old-deployment/") +
               QString::fromLatin1(name);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

QTEST_GUILESS_MAIN(TestLegacyMigration)
#include "TestLegacyMigration.moc"
