#include "shared/config/ConfigSchema.h"

#include <QSet>
#include <QTest>

using namespace pmcp;

namespace {

QStringList strings(std::initializer_list<const char *> items)
{
    QStringList result;
    for (const char *item : items)
        result.append(QString::fromLatin1(item));
    return result;
}

} // namespace

class TestConfigSchema final : public QObject {
    Q_OBJECT
private:
    static const ConfigSetting &key(const char *name)
    {
        const ConfigSetting *found = ConfigSchema::instance().find(QString::fromLatin1(name));
        if (!found)
            qFatal("no schema key %s", name);
        return *found;
    }

private slots:
    void listsTheDocumentedKeysInGroups()
    {
        const QStringList expected = strings({
            "LOG_LEVEL",
            "MCP_HOST",
            "MCP_PORT",
            "MCP_TLS_CERT",
            "MCP_TLS_KEY",
            "MCP_ALLOWED_ORIGINS",
            "MCP_ALLOWED_HOSTS",
            "MCP_MAX_BODY_BYTES",
            "MCP_SESSION_IDLE_S",
            "MCP_MAX_SESSIONS_PER_CLIENT",
            "MCP_REQUIRE_AUTH",
            "METRICS_PUBLIC",
            "ADMIN_ALLOWED_NETWORKS",
            "TRUSTED_PROXIES",
            "MCP_TOOL_PROFILE",
            "MCP_TOOLS_ALLOW",
            "MCP_TOOLS_DENY",
            "MCP_TOOL_CATEGORIES",
            "STATE_DIR",
            "AUDIT_MAX_BYTES",
            "AUDIT_KEEP_DAYS",
            "BACKUP_DIR",
            "BACKUP_KEEP",
            "BACKUP_KEEP_DAYS",
            "BACKUP_SCHEDULE",
            "ROTATION_DAYS",
            "ENABLE_PROXMOX_API",
            "PROXMOX_HOST",
            "PROXMOX_PORT",
            "PROXMOX_USER",
            "PROXMOX_TOKEN_NAME",
            "PROXMOX_TOKEN_VALUE",
            "PROXMOX_TOKEN_CREDENTIAL",
            "PROXMOX_PASSWORD",
            "PROXMOX_VERIFY_SSL",
            "PROXMOX_CA_FILE",
            "PROXMOX_FINGERPRINT",
            "PROXMOX_TIMEOUT_S",
            "PROXMOX_MAX_CONNECTIONS",
            "PROXMOX_COALESCE_READS",
            "PROXMOX_TARGETS_FILE",
            "ENABLE_SSH",
            "SSH_HOST",
            "SSH_PORT",
            "SSH_USER",
            "SSH_KEY_PATH",
            "SSH_KEY_CREDENTIAL",
            "SSH_KEY_PASSPHRASE",
            "SSH_PASSWORD",
            "SSH_KNOWN_HOSTS",
            "SSH_HOST_KEY_FINGERPRINT",
            "SSH_TIMEOUT_S",
            "SSH_AUTHORIZED_KEYS",
            "ALERT_SLACK_WEBHOOK",
            "ALERT_DISCORD_WEBHOOK",
            "ALERT_WEBHOOK_URL",
            "ALERT_WEBHOOK_SECRET",
            "ALERT_SMTP_URL",
            "ALERT_SMTP_USER",
            "ALERT_SMTP_PASSWORD",
            "ALERT_SMTP_CA_FILE",
            "ALERT_EMAIL_FROM",
            "ALERT_EMAIL_TO",
            "ALERT_QUEUE_MAX",
            "ALERT_AUTH_FAILURES",
            "ALERT_CHECK_INTERVAL_S",
            "HEALTH_REPORT_SCHEDULE",
            "COMMAND_POLICY_FILE",
            "ENABLE_DANGEROUS_COMMANDS",
            "ENABLE_LOCAL_EXECUTION",
            "ENABLE_MONITORING",
        });
        QStringList names;
        for (const ConfigSetting &k : ConfigSchema::instance().keys())
            names.append(k.name);
        QCOMPARE(names, expected);
        QCOMPARE(ConfigSchema::instance().groups(),
                 strings({"Logging", "MCP server", "State", "Proxmox API", "SSH", "Alerts",
                          "Features"}));
        QVERIFY(!ConfigSchema::instance().find(QStringLiteral("IMAGE_TAG")));
        QVERIFY(!ConfigSchema::instance().find(QStringLiteral("log_level")));
    }

    void everyKeyIsDescribedAndHasAValidDefault()
    {
        const ConfigSchema &schema = ConfigSchema::instance();
        for (const ConfigSetting &k : schema.keys()) {
            QVERIFY2(k.description.size() > 20, qPrintable(k.name));
            QVERIFY2(k.description.endsWith(u'.'), qPrintable(k.name)); // a sentence
            QVERIFY2(!k.group.isEmpty(), qPrintable(k.name));
            QVERIFY2(schema.validate(k, k.defaultValue).isEmpty(), qPrintable(k.name));
            if (k.type == ConfigType::Enum)
                QVERIFY2(k.choices.contains(k.defaultValue), qPrintable(k.name));
            if (k.secret)
                QVERIFY2(k.defaultValue.isEmpty(), qPrintable(k.name));
        }
    }

    void typesDefaultsAndSecrets_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("defaultValue");
        QTest::addColumn<QString>("group");
        QTest::addColumn<bool>("secret");

        auto row = [](const char *name, ConfigType type, const char *value, const char *group,
                      bool secret = false) {
            QTest::newRow(name) << QString::fromLatin1(name) << int(type)
                                << QString::fromLatin1(value) << QString::fromLatin1(group)
                                << secret;
        };
        row("LOG_LEVEL", ConfigType::Enum, "INFO", "Logging");
        row("MCP_HOST", ConfigType::Host, "127.0.0.1", "MCP server");
        row("MCP_PORT", ConfigType::Port, "8080", "MCP server");
        row("MCP_TLS_CERT", ConfigType::Path, "", "MCP server");
        row("MCP_ALLOWED_ORIGINS", ConfigType::List, "", "MCP server");
        row("MCP_MAX_BODY_BYTES", ConfigType::Integer, "4194304", "MCP server");
        row("MCP_SESSION_IDLE_S", ConfigType::Integer, "1800", "MCP server");
        row("MCP_REQUIRE_AUTH", ConfigType::Bool, "true", "MCP server");
        row("METRICS_PUBLIC", ConfigType::Bool, "false", "MCP server");
        row("ADMIN_ALLOWED_NETWORKS", ConfigType::List, "", "MCP server");
        row("TRUSTED_PROXIES", ConfigType::List, "", "MCP server");
        row("STATE_DIR", ConfigType::Path, "/var/lib/proxmox-mcp", "State");
        row("AUDIT_MAX_BYTES", ConfigType::Integer, "1073741824", "State");
        row("AUDIT_KEEP_DAYS", ConfigType::Integer, "0", "State");
        row("BACKUP_DIR", ConfigType::Path, "", "State");
        row("BACKUP_KEEP", ConfigType::Integer, "14", "State");
        row("BACKUP_KEEP_DAYS", ConfigType::Integer, "0", "State");
        row("BACKUP_SCHEDULE", ConfigType::String, "", "State");
        row("ENABLE_PROXMOX_API", ConfigType::Bool, "true", "Proxmox API");
        row("PROXMOX_PORT", ConfigType::Port, "8006", "Proxmox API");
        row("PROXMOX_USER", ConfigType::String, "root@pam", "Proxmox API");
        row("PROXMOX_HOST", ConfigType::List, "", "Proxmox API");
        row("PROXMOX_TOKEN_VALUE", ConfigType::String, "", "Proxmox API", true);
        row("PROXMOX_PASSWORD", ConfigType::String, "", "Proxmox API", true);
        row("PROXMOX_TARGETS_FILE", ConfigType::Path, "", "Proxmox API");
        row("PROXMOX_FINGERPRINT", ConfigType::Fingerprint, "", "Proxmox API");
        row("PROXMOX_TIMEOUT_S", ConfigType::Integer, "30", "Proxmox API");
        row("PROXMOX_MAX_CONNECTIONS", ConfigType::Integer, "16", "Proxmox API");
        row("PROXMOX_COALESCE_READS", ConfigType::Bool, "true", "Proxmox API");
        row("SSH_PORT", ConfigType::Port, "22", "SSH");
        row("SSH_USER", ConfigType::String, "claude-user", "SSH");
        row("SSH_KEY_PASSPHRASE", ConfigType::String, "", "SSH", true);
        row("SSH_PASSWORD", ConfigType::String, "", "SSH", true);
        row("SSH_TIMEOUT_S", ConfigType::Integer, "30", "SSH");
        row("ENABLE_DANGEROUS_COMMANDS", ConfigType::Bool, "false", "Features");
    }

    void typesDefaultsAndSecrets()
    {
        QFETCH(QString, name);
        QFETCH(int, type);
        QFETCH(QString, defaultValue);
        QFETCH(QString, group);
        QFETCH(bool, secret);
        const ConfigSetting *k = ConfigSchema::instance().find(name);
        QVERIFY(k);
        QCOMPARE(int(k->type), type);
        QCOMPARE(k->defaultValue, defaultValue);
        QCOMPARE(k->group, group);
        QCOMPARE(k->secret, secret);
    }

    // Webhook URLs of Slack and Discord carry their credential in the path.
    void onlyPasswordsTokensAndWebhookCredentialsAreSecret()
    {
        QSet<QString> secrets;
        for (const ConfigSetting &k : ConfigSchema::instance().keys()) {
            if (k.secret)
                secrets.insert(k.name);
        }
        const QStringList expected =
            strings({"PROXMOX_TOKEN_VALUE", "PROXMOX_PASSWORD", "SSH_KEY_PASSPHRASE",
                     "SSH_PASSWORD", "ALERT_SLACK_WEBHOOK", "ALERT_DISCORD_WEBHOOK",
                     "ALERT_WEBHOOK_SECRET", "ALERT_SMTP_PASSWORD"});
        QCOMPARE(secrets, QSet<QString>(expected.cbegin(), expected.cend()));
    }

    void validate_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("reason"); // "" = valid, else a fragment of the reason

        // Bool
        for (const char *v : {"true", "FALSE", "yes", "No", "1", "0", "on", "OFF", "y", "n"})
            QTest::addRow("bool %s", v) << "MCP_REQUIRE_AUTH" << QString::fromLatin1(v) << "";
        QTest::newRow("bool maybe") << "MCP_REQUIRE_AUTH"
                                    << "maybe"
                                    << "\"maybe\" is not a boolean (true/false";
        QTest::newRow("bool 2") << "ENABLE_SSH"
                                << "2"
                                << "is not a boolean";
        QTest::newRow("bool empty") << "ENABLE_SSH"
                                    << ""
                                    << "must not be empty";

        // Alert channels
        QTest::newRow("webhook https") << "ALERT_WEBHOOK_URL"
                                       << "https://monitor.example.com/hook?x=1"
                                       << "";
        QTest::newRow("webhook ftp") << "ALERT_SLACK_WEBHOOK"
                                     << "ftp://hooks.example.com/x"
                                     << "expected an http:// or https:// URL";
        QTest::newRow("smtp starttls") << "ALERT_SMTP_URL"
                                       << "smtp://mail.example.com:587"
                                       << "";
        QTest::newRow("smtps") << "ALERT_SMTP_URL"
                               << "smtps://mail.example.com"
                               << "";
        QTest::newRow("smtp with a path") << "ALERT_SMTP_URL"
                                          << "smtp://mail.example.com/x"
                                          << "expected smtp://HOST[:PORT]";
        QTest::newRow("mail list") << "ALERT_EMAIL_TO"
                                   << "a@example.com, b@example.org"
                                   << "";
        QTest::newRow("mail no at") << "ALERT_EMAIL_TO"
                                    << "a@example.com,admin"
                                    << "expected an e-mail address";
        QTest::newRow("report schedule") << "HEALTH_REPORT_SCHEDULE"
                                         << "weekly mon 08:00"
                                         << "";
        QTest::newRow("report schedule bad") << "HEALTH_REPORT_SCHEDULE"
                                             << "hourly"
                                             << "expected \"daily HH:MM\"";

        // Integer with bounds
        QTest::newRow("int default") << "MCP_MAX_BODY_BYTES"
                                     << "4194304"
                                     << "";
        QTest::newRow("int minimum") << "MCP_MAX_BODY_BYTES"
                                     << "1024"
                                     << "";
        QTest::newRow("int maximum") << "MCP_MAX_BODY_BYTES"
                                     << "1073741824"
                                     << "";
        QTest::newRow("int below") << "MCP_MAX_BODY_BYTES"
                                   << "1023"
                                   << "\"1023\" is not a whole number between 1024 and 1073741824";
        QTest::newRow("int above") << "MCP_SESSION_IDLE_S"
                                   << "604801"
                                   << "between 10 and 604800";
        QTest::newRow("int text") << "PROXMOX_TIMEOUT_S"
                                  << "30s"
                                  << "\"30s\" is not a whole number between 1 and 3600";
        QTest::newRow("int fraction") << "SSH_TIMEOUT_S"
                                      << "1.5"
                                      << "is not a whole number";
        QTest::newRow("int ssh max") << "SSH_TIMEOUT_S"
                                     << "86400"
                                     << "";

        // Port
        QTest::newRow("port 1") << "SSH_PORT"
                                << "1"
                                << "";
        QTest::newRow("port 65535") << "PROXMOX_PORT"
                                    << "65535"
                                    << "";
        QTest::newRow("port 0") << "SSH_PORT"
                                << "0"
                                << "\"0\" is not a port number (1-65535)";
        QTest::newRow("port 65536") << "SSH_PORT"
                                    << "65536"
                                    << "is not a port number (1-65535)";
        QTest::newRow("port text") << "MCP_PORT"
                                   << "80a"
                                   << "\"80a\" is not a port number (1-65535)";
        QTest::newRow("mcp port 0 for tests") << "MCP_PORT"
                                              << "0"
                                              << "";
        QTest::newRow("mcp port negative") << "MCP_PORT"
                                           << "-1"
                                           << "is not a port number";

        // Host
        QTest::newRow("host ipv4") << "PROXMOX_HOST"
                                   << "192.168.1.137"
                                   << "";
        QTest::newRow("host any ipv4") << "MCP_HOST"
                                       << "0.0.0.0"
                                       << "";
        QTest::newRow("host ipv6") << "MCP_HOST"
                                   << "::1"
                                   << "";
        QTest::newRow("host bracketed ipv6") << "SSH_HOST"
                                             << "[fd00::10]"
                                             << "";
        QTest::newRow("host name") << "PROXMOX_HOST"
                                   << "pve-01.example.com"
                                   << "";
        QTest::newRow("host single label") << "SSH_HOST"
                                           << "proxmox"
                                           << "";
        QTest::newRow("host trailing dot") << "SSH_HOST"
                                           << "pve.example.com."
                                           << "";
        QTest::newRow("host with scheme") << "PROXMOX_HOST"
                                          << "https://pve:8006"
                                          << "is not a host name or IP address (give the name only";
        QTest::newRow("host with port") << "PROXMOX_HOST"
                                        << "pve:8006"
                                        << "is not a host name";
        QTest::newRow("host with path") << "PROXMOX_HOST"
                                        << "pve/api2"
                                        << "is not a host name";
        QTest::newRow("host bad ipv4") << "PROXMOX_HOST"
                                       << "192.168.1.300"
                                       << "is not a host name";
        QTest::newRow("host underscore") << "SSH_HOST"
                                         << "pve_1"
                                         << "is not a host name";
        QTest::newRow("host leading dash") << "SSH_HOST"
                                           << "-pve"
                                           << "is not a host name";
        QTest::newRow("host space") << "SSH_HOST"
                                    << "pve 1"
                                    << "is not a host name";
        QTest::newRow("host list") << "PROXMOX_HOST"
                                   << "pve1.example.com, 192.0.2.12,[fd00::13]"
                                   << "";
        QTest::newRow("host list one bad") << "PROXMOX_HOST"
                                           << "pve1.example.com,pve2:8006"
                                           << "\"pve2:8006\" is not a host name";
        QTest::newRow("host empty optional") << "PROXMOX_HOST"
                                             << ""
                                             << "";
        QTest::newRow("host empty required")
            << "MCP_HOST"
            << ""
            << "must not be empty (remove the line to use the default, 127.0.0.1)";

        // Path
        QTest::newRow("path") << "STATE_DIR"
                              << "/srv/pmcp state"
                              << "";
        QTest::newRow("path empty required") << "STATE_DIR"
                                             << ""
                                             << "must not be empty";
        QTest::newRow("path empty optional") << "SSH_KEY_PATH"
                                             << ""
                                             << "";
        QTest::newRow("path newline") << "SSH_KEY_PATH"
                                      << "/a\nb"
                                      << "control character";

        // Enum
        QTest::newRow("enum canonical") << "LOG_LEVEL"
                                        << "DEBUG"
                                        << "";
        QTest::newRow("enum lower case") << "LOG_LEVEL"
                                         << "error"
                                         << "";
        QTest::newRow("enum alias") << "LOG_LEVEL"
                                    << "Warning"
                                    << "";
        QTest::newRow("enum unknown") << "LOG_LEVEL"
                                      << "verbose"
                                      << "\"verbose\" is not one of INFO, DEBUG, WARN, ERROR";

        // List
        QTest::newRow("origins") << "MCP_ALLOWED_ORIGINS"
                                 << "https://admin.example.com, http://127.0.0.1:3000"
                                 << "";
        QTest::newRow("origins empties dropped") << "MCP_ALLOWED_ORIGINS"
                                                 << "https://a.example,,"
                                                 << "";
        QTest::newRow("origin with path") << "MCP_ALLOWED_ORIGINS"
                                          << "https://a.example/app"
                                          << "\"https://a.example/app\" is not a browser origin";
        QTest::newRow("origin without scheme") << "MCP_ALLOWED_ORIGINS"
                                               << "admin.example.com"
                                               << "is not a browser origin";
        QTest::newRow("origin ipv6") << "MCP_ALLOWED_ORIGINS"
                                     << "http://[::1]:8080"
                                     << "";
        QTest::newRow("networks") << "ADMIN_ALLOWED_NETWORKS"
                                  << "127.0.0.1, 10.0.0.0/8, fd00::/8, ::1"
                                  << "";
        QTest::newRow("network prefix too long") << "ADMIN_ALLOWED_NETWORKS"
                                                 << "10.0.0.0/33"
                                                 << "\"10.0.0.0/33\" is not an IP address or a "
                                                    "network in CIDR form";
        QTest::newRow("proxy by name") << "TRUSTED_PROXIES"
                                       << "proxy.example.com"
                                       << "\"proxy.example.com\" is not an IP address";
        QTest::newRow("hosts") << "MCP_ALLOWED_HOSTS"
                               << "mcp.example.com,proxy"
                               << "";
        QTest::newRow("hosts with scheme") << "MCP_ALLOWED_HOSTS"
                                           << "mcp.example.com, https://x"
                                           << "\"https://x\" is not a host name";

        // Fingerprint
        const QString hex = QStringLiteral("AB:CD:EF:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:"
                                           "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89");
        QTest::newRow("fingerprint hex") << "PROXMOX_FINGERPRINT" << hex << "";
        QTest::newRow("fingerprint hex without colons")
            << "PROXMOX_FINGERPRINT" << QString(hex).remove(u':').toLower() << "";
        QTest::newRow("fingerprint hex without colons short")
            << "PROXMOX_FINGERPRINT" << QString(hex).remove(u':').left(62)
            << "is not a SHA-256 fingerprint";
        QTest::newRow("fingerprint hex short")
            << "PROXMOX_FINGERPRINT" << hex.left(hex.size() - 3) << "is not a SHA-256 fingerprint";
        QTest::newRow("fingerprint hex bad digit")
            << "PROXMOX_FINGERPRINT" << QString(hex).replace(0, 2, QStringLiteral("GG"))
            << "is not a SHA-256 fingerprint";
        QTest::newRow("fingerprint ssh") << "SSH_HOST_KEY_FINGERPRINT"
                                         << "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"
                                         << "";
        QTest::newRow("fingerprint ssh padded")
            << "SSH_HOST_KEY_FINGERPRINT"
            << "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s="
            << "";
        QTest::newRow("fingerprint ssh too short")
            << "SSH_HOST_KEY_FINGERPRINT"
            << "SHA256:uNiVztksCsDhcc0u9e8Buj"
            << "is not a SHA-256 fingerprint (SHA256:<base64> or 32 hex bytes, colon-separated or "
               "not)";
        QTest::newRow("fingerprint md5") << "SSH_HOST_KEY_FINGERPRINT"
                                         << "MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48"
                                         << "is not a SHA-256 fingerprint";

        // String with a check
        QTest::newRow("user") << "PROXMOX_USER"
                              << "claude@pve"
                              << "";
        QTest::newRow("user without realm") << "PROXMOX_USER"
                                            << "root"
                                            << "\"root\" is not a Proxmox user id (user@realm";
        QTest::newRow("user with token") << "PROXMOX_USER"
                                         << "root@pam!mcp"
                                         << "belongs in PROXMOX_TOKEN_NAME";
        QTest::newRow("token name") << "PROXMOX_TOKEN_NAME"
                                    << "claude-mcp"
                                    << "";
        QTest::newRow("token id as name") << "PROXMOX_TOKEN_NAME"
                                          << "root@pam!claude-mcp"
                                          << "give only the name after";
        QTest::newRow("token secret uuid") << "PROXMOX_TOKEN_VALUE"
                                           << "5f0c2a9e-8c4f-4a8e-9b1e-2c3d4e5f6a7b"
                                           << "";
        QTest::newRow("token secret placeholder") << "PROXMOX_TOKEN_VALUE"
                                                  << "xxxxxxxx"
                                                  << "is not a Proxmox API token secret";
        QTest::newRow("plain string") << "SSH_USER"
                                      << "claude-user"
                                      << "";
        QTest::newRow("password with symbols") << "SSH_PASSWORD"
                                               << "p@ss w0rd #1 $x"
                                               << "";
        QTest::newRow("password with tab") << "SSH_PASSWORD"
                                           << "p\tw"
                                           << "contains a control character";
    }

    void validate()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(QString, reason);
        const ConfigSetting *k = ConfigSchema::instance().find(name);
        QVERIFY(k);
        const QString actual = ConfigSchema::instance().validate(*k, value);
        if (reason.isEmpty())
            QVERIFY2(actual.isEmpty(), qPrintable(actual));
        else
            QVERIFY2(actual.contains(reason), qPrintable(actual));
        if (k->secret && !value.isEmpty())
            QVERIFY2(!actual.contains(value), qPrintable(actual));
    }

    void secretReasonsNeverQuoteTheValue()
    {
        const ConfigSchema &schema = ConfigSchema::instance();
        for (const ConfigSetting &k : schema.keys()) {
            if (!k.secret)
                continue;
            for (const QString &value : {QStringLiteral("hunter2\tx"), QStringLiteral("hunter2")}) {
                const QString reason = schema.validate(k, value);
                QVERIFY2(!reason.contains(QStringLiteral("hunter2")),
                         qPrintable(k.name + u' ' + reason));
            }
        }
    }

    void canonicalisesEnums()
    {
        const ConfigSchema &schema = ConfigSchema::instance();
        QCOMPARE(schema.canonical(key("LOG_LEVEL"), QStringLiteral("debug")),
                 QStringLiteral("DEBUG"));
        QCOMPARE(schema.canonical(key("LOG_LEVEL"), QStringLiteral("warning")),
                 QStringLiteral("WARN"));
        QCOMPARE(schema.canonical(key("LOG_LEVEL"), QStringLiteral("Warn")),
                 QStringLiteral("WARN"));
        QCOMPARE(schema.canonical(key("LOG_LEVEL"), QStringLiteral("bogus")),
                 QStringLiteral("bogus"));
        QCOMPARE(schema.canonical(key("SSH_USER"), QStringLiteral("Warn")), QStringLiteral("Warn"));
    }

    void parsesBooleans()
    {
        bool ok = false;
        QVERIFY(ConfigSchema::parseBool(QStringLiteral("On"), &ok));
        QVERIFY(ok);
        QVERIFY(!ConfigSchema::parseBool(QStringLiteral("no"), &ok));
        QVERIFY(ok);
        QVERIFY(!ConfigSchema::parseBool(QStringLiteral("nope"), &ok));
        QVERIFY(!ok);
    }

    void saysWhichKeysApplyLive()
    {
        // Daemon::reload() applies exactly these to the running daemon; a key added to the
        // list without code there would be reported live and never take effect.
        QStringList live;
        for (const ConfigSetting &setting : ConfigSchema::instance().keys()) {
            if (setting.live)
                live.append(setting.name);
        }
        QCOMPARE(live, strings({"LOG_LEVEL",
                                "MCP_ALLOWED_ORIGINS",
                                "MCP_ALLOWED_HOSTS",
                                "MCP_SESSION_IDLE_S",
                                "MCP_MAX_SESSIONS_PER_CLIENT",
                                "ADMIN_ALLOWED_NETWORKS",
                                "TRUSTED_PROXIES",
                                "MCP_TOOL_PROFILE",
                                "MCP_TOOLS_ALLOW",
                                "MCP_TOOLS_DENY",
                                "MCP_TOOL_CATEGORIES",
                                "AUDIT_MAX_BYTES",
                                "AUDIT_KEEP_DAYS",
                                "ROTATION_DAYS",
                                "PROXMOX_TOKEN_NAME",
                                "PROXMOX_TOKEN_VALUE",
                                "SSH_KEY_PATH",
                                "SSH_KEY_PASSPHRASE",
                                "ALERT_SLACK_WEBHOOK",
                                "ALERT_DISCORD_WEBHOOK",
                                "ALERT_WEBHOOK_URL",
                                "ALERT_WEBHOOK_SECRET",
                                "ALERT_SMTP_URL",
                                "ALERT_SMTP_USER",
                                "ALERT_SMTP_PASSWORD",
                                "ALERT_SMTP_CA_FILE",
                                "ALERT_EMAIL_FROM",
                                "ALERT_EMAIL_TO",
                                "ALERT_QUEUE_MAX",
                                "ALERT_AUTH_FAILURES",
                                "ALERT_CHECK_INTERVAL_S",
                                "HEALTH_REPORT_SCHEDULE",
                                "COMMAND_POLICY_FILE",
                                "ENABLE_DANGEROUS_COMMANDS"}));
        QVERIFY(!key("MCP_PORT").live);
        QVERIFY(!key("PROXMOX_PASSWORD").live);
    }

    void knowsTheLegacyKeys()
    {
        QVERIFY(ConfigSchema::isLegacyKey(QStringLiteral("IMAGE_TAG")));
        QVERIFY(ConfigSchema::isLegacyKey(QStringLiteral("SSH_TARGET")));
        QVERIFY(ConfigSchema::isLegacyKey(QStringLiteral("GRAFANA_PASSWORD")));
        QVERIFY(!ConfigSchema::isLegacyKey(QStringLiteral("SSH_HOST")));
    }
};

QTEST_GUILESS_MAIN(TestConfigSchema)
#include "TestConfigSchema.moc"
