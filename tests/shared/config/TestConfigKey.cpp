#include "shared/config/ConfigKey.h"

#include "shared/config/ConfigSchema.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <algorithm>

using namespace pmcp;

class TestConfigKey final : public QObject {
    Q_OBJECT
private slots:
    void everyKeyHasExactlyOneSchemaEntry()
    {
        const ConfigSchema &schema = ConfigSchema::instance();
        QCOMPARE(schema.keys().size(), configKeyCount);
        for (int i = 0; i < configKeyCount; ++i) {
            const auto key = static_cast<ConfigKey>(i);
            const auto entries =
                std::count_if(schema.keys().cbegin(), schema.keys().cend(),
                              [key](const ConfigSetting &setting) { return setting.key == key; });
            QVERIFY2(entries == 1,
                     qPrintable(
                         QStringLiteral("ConfigKey %1 has %2 schema entries").arg(i).arg(entries)));
            QCOMPARE(schema.setting(key).key, key);
        }
    }

    void namesRoundTrip()
    {
        static const QRegularExpression envName(QStringLiteral("^[A-Z][A-Z0-9_]*$"));
        QSet<QString> names;
        for (int i = 0; i < configKeyCount; ++i) {
            const auto key = static_cast<ConfigKey>(i);
            const QString name = configKeyName(key);
            QVERIFY2(envName.match(name).hasMatch(), qPrintable(name));
            QVERIFY2(!names.contains(name), qPrintable(name + QStringLiteral(" twice")));
            names.insert(name);
            const std::optional<ConfigKey> back = configKeyFromName(name);
            QVERIFY2(back.has_value(), qPrintable(name));
            QCOMPARE(*back, key);
            QCOMPARE(ConfigSchema::instance().find(name)->key, key);
        }
    }

    void namesAreTheEnvSpellings()
    {
        QCOMPARE(configKeyName(ConfigKey::LogLevel), QStringLiteral("LOG_LEVEL"));
        QCOMPARE(configKeyName(ConfigKey::McpPort), QStringLiteral("MCP_PORT"));
        QCOMPARE(configKeyName(ConfigKey::StateDir), QStringLiteral("STATE_DIR"));
        QCOMPARE(configKeyName(ConfigKey::ProxmoxVerifySsl), QStringLiteral("PROXMOX_VERIFY_SSL"));
        QCOMPARE(configKeyName(ConfigKey::SshTimeoutS), QStringLiteral("SSH_TIMEOUT_S"));
        QCOMPARE(configKeyName(ConfigKey::EnableMonitoring), QStringLiteral("ENABLE_MONITORING"));
    }

    void unknownNamesGiveNullopt_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("empty") << QString();
        QTest::newRow("lower case") << QStringLiteral("state_dir");
        QTest::newRow("padded") << QStringLiteral(" STATE_DIR");
        QTest::newRow("process variable") << QStringLiteral("PATH");
        QTest::newRow("legacy key") << QStringLiteral("IMAGE_TAG");
        QTest::newRow("enumerator spelling") << QStringLiteral("StateDir");
    }

    void unknownNamesGiveNullopt()
    {
        QFETCH(QString, name);
        QVERIFY(!configKeyFromName(name).has_value());
    }
};

QTEST_GUILESS_MAIN(TestConfigKey)
#include "TestConfigKey.moc"
