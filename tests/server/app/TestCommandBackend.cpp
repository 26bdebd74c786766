#include "server/app/CommandBackend.h"

#include "shared/config/Config.h"
#include "server/policy/CommandPolicy.h"
#include "server/exec/CommandExecutor.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

class TestCommandBackend final : public QObject {
    Q_OBJECT
private slots:
    void noExecutorWithoutSshOrLocalExecution()
    {
        Config config = Config::defaults();
        config.set(ConfigKey::EnableSsh, QStringLiteral("false"));
        config.set(ConfigKey::EnableLocalExecution, QStringLiteral("false"));
        QVERIFY(!CommandBackend::executorFromConfig(config));
    }

    void localExecutionWinsOverSsh()
    {
        Config config = Config::defaults();
        config.set(ConfigKey::EnableLocalExecution, QStringLiteral("true"));
        const auto executor = CommandBackend::executorFromConfig(config);
        QVERIFY(executor);
        QCOMPARE(executor->describe(), QStringLiteral("local"));
    }

    void sshExecutorDescribesItsTarget()
    {
        Config config = Config::defaults();
        config.set(ConfigKey::EnableSsh, QStringLiteral("true"));
        config.set(ConfigKey::SshHost, QStringLiteral("pve1.example.com"));
        config.set(ConfigKey::SshUser, QStringLiteral("claude-user"));
        const auto executor = CommandBackend::executorFromConfig(config);
        QVERIFY(executor);
        QVERIFY2(executor->describe().contains(QStringLiteral("claude-user@pve1.example.com")),
                 qPrintable(executor->describe()));
    }

    void builtInPolicyUnlessARulesFileIsGiven()
    {
        const auto builtIn = CommandBackend::policyFromConfig(Config::defaults());
        QVERIFY(builtIn.ok());
        QVERIFY(!builtIn.value()->evaluate(QStringLiteral("rm -rf /")).allowed);
        QVERIFY(builtIn.value()->evaluate(QStringLiteral("qm list")).allowed);

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("rules"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("deny no-qm qm -- no qm here\n");
        file.close();
        Config config = Config::defaults();
        config.set(ConfigKey::CommandPolicyFile, path);
        const auto custom = CommandBackend::policyFromConfig(config);
        QVERIFY2(custom.ok(), qPrintable(custom.ok() ? QString() : custom.error().message));
        const PolicyDecision decision = custom.value()->evaluate(QStringLiteral("qm list"));
        QVERIFY(!decision.allowed);
        QCOMPARE(decision.rule, QStringLiteral("no-qm"));
    }

    void badRulesFilesAreNamed()
    {
        QTemporaryDir dir;
        Config config = Config::defaults();
        config.set(ConfigKey::CommandPolicyFile, dir.filePath(QStringLiteral("missing")));
        auto missing = CommandBackend::policyFromConfig(config);
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.contains(QStringLiteral("COMMAND_POLICY_FILE")));

        const QString path = dir.filePath(QStringLiteral("broken"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("frobnicate everything\n");
        file.close();
        config.set(ConfigKey::CommandPolicyFile, path);
        auto broken = CommandBackend::policyFromConfig(config);
        QVERIFY(!broken.ok());
        QVERIFY2(broken.error().message.contains(QStringLiteral("line 1")),
                 qPrintable(broken.error().message));
    }
};

QTEST_GUILESS_MAIN(TestCommandBackend)
#include "TestCommandBackend.moc"
