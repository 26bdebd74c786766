#include "shared/config/Config.h"

#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace pmcp;

namespace {

using Severity = ConfigProblem::Severity;

const QString tokenSecret = QStringLiteral("5f0c2a9e-8c4f-4a8e-9b1e-2c3d4e5f6a7b");

// Copied verbatim from the administrator guide, "Environment Configuration".
const QByteArray guideFile =
    "# /opt/proxmox-mcp/.env\n"
    "# Core configuration parameters\n"
    "\n"
    "# Container Configuration\n"
    "IMAGE_TAG=latest                     # Container image version\n"
    "LOG_LEVEL=INFO                       # Logging verbosity (DEBUG, INFO, WARN, ERROR)\n"
    "\n"
    "# SSH Configuration\n"
    "SSH_TARGET=proxmox                   # SSH target type\n"
    "SSH_HOST=192.168.1.137              # Proxmox server IP\n"
    "SSH_USER=claude-user                 # SSH username\n"
    "SSH_PORT=22                          # SSH port\n"
    "SSH_KEY_PATH=/app/keys/claude_proxmox_key  # SSH private key path\n"
    "\n"
    "# Proxmox API Configuration\n"
    "PROXMOX_HOST=192.168.1.137          # Proxmox API host\n"
    "PROXMOX_USER=root@pam               # Proxmox API user\n"
    "PROXMOX_TOKEN_NAME=claude-mcp       # API token name\n"
    "PROXMOX_TOKEN_VALUE=xxxxxxxx        # API token value\n"
    "PROXMOX_VERIFY_SSL=false            # SSL verification\n"
    "\n"
    "# Feature Configuration\n"
    "ENABLE_PROXMOX_API=true             # Enable Proxmox API features\n"
    "ENABLE_DANGEROUS_COMMANDS=false     # Allow dangerous commands\n"
    "ENABLE_LOCAL_EXECUTION=false        # Enable local command execution\n"
    "ENABLE_SSH=true                     # Enable SSH connectivity\n"
    "\n"
    "# MCP Server Configuration\n"
    "MCP_HOST=0.0.0.0                    # Bind address\n"
    "MCP_PORT=8080                       # Listen port\n"
    "\n"
    "# Monitoring Configuration\n"
    "ENABLE_MONITORING=false             # Enable Prometheus/Grafana\n"
    "GRAFANA_PASSWORD=admin              # Grafana admin password\n";

// Both backends off: a file starting with this has no cross-key problem of its own.
const QByteArray quiet = "ENABLE_PROXMOX_API=false\nENABLE_SSH=false\n";

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QProcessEnvironment env(std::initializer_list<std::pair<const char *, const char *>> variables)
{
    QProcessEnvironment environment;
    for (const auto &[name, value] : variables)
        environment.insert(s(name), s(value));
    return environment;
}

Config fromText(const QByteArray &text, const QProcessEnvironment &environment = {})
{
    const auto file = EnvFile::parse(text);
    if (!file)
        qFatal("test file does not parse: %s", qPrintable(file.error().message));
    return Config::fromSources(file.value(), environment);
}

QList<ConfigProblem> problemsOf(const Config &config, const QString &key)
{
    QList<ConfigProblem> result;
    for (const ConfigProblem &p : config.problems()) {
        if (p.key == key)
            result.append(p);
    }
    return result;
}

QStringList errorKeys(const Config &config)
{
    QStringList keys;
    for (const ConfigProblem &p : config.problems()) {
        if (p.severity == Severity::Error)
            keys.append(p.key);
    }
    return keys;
}

QString describe(const Config &config)
{
    QStringList lines;
    for (const ConfigProblem &p : config.problems())
        lines.append((p.severity == Severity::Error ? s("E ") : s("W ")) + p.message());
    return lines.join(u'\n');
}

void writeFile(const QString &path, const QByteArray &content,
               QFileDevice::Permissions permissions = QFileDevice::ReadOwner |
                                                      QFileDevice::WriteOwner)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    file.close();
    file.setPermissions(permissions);
}

} // namespace

class TestConfig final : public QObject {
    Q_OBJECT
private slots:
    void defaultsHaveNoProblems()
    {
        const Config config = Config::defaults();
        QVERIFY(config.problems().isEmpty());
        QVERIFY(config.isValid());
        QCOMPARE(config.string(ConfigKey::McpHost), s("127.0.0.1"));
        QCOMPARE(config.integer(ConfigKey::McpPort), 8080);
        QCOMPARE(config.integer(ConfigKey::McpMaxBodyBytes), 4194304);
        QVERIFY(config.boolean(ConfigKey::McpRequireAuth));
        QVERIFY(!config.boolean(ConfigKey::MetricsPublic));
        QCOMPARE(config.string(ConfigKey::ProxmoxUser), s("root@pam"));
        QVERIFY(config.list(ConfigKey::McpAllowedOrigins).isEmpty());
        QCOMPARE(config.sourceOf(ConfigKey::McpPort), s("default"));
        QVERIFY(!config.isSet(ConfigKey::McpPort));
    }

    void setOverridesAndRevalidates()
    {
        Config config = Config::defaults();
        config.set(ConfigKey::EnableProxmoxApi, s("false"));
        QCOMPARE(config.sourceOf(ConfigKey::EnableProxmoxApi), s("override"));
        QVERIFY(config.isSet(ConfigKey::EnableProxmoxApi));
        // Revalidation brings up what the defaults alone do not satisfy: SSH is on by default.
        QCOMPARE(errorKeys(config), QStringList({s("SSH_HOST"), s("SSH_KEY_PATH")}));
        config.set(ConfigKey::EnableSsh, s("no"));
        QVERIFY2(config.problems().isEmpty(), qPrintable(describe(config)));
        config.set(ConfigKey::McpPort, s("0"));
        QCOMPARE(config.integer(ConfigKey::McpPort), 0);
        config.set(ConfigKey::McpPort, s("http"));
        QCOMPARE(errorKeys(config), QStringList({s("MCP_PORT")}));
        QCOMPARE(config.integer(ConfigKey::McpPort),
                 8080); // typed getters fall back to the default
    }

    void environmentOverridesFile()
    {
        const Config config = fromText(
            quiet + "MCP_PORT=8080\nLOG_LEVEL=debug\nMCP_ALLOWED_HOSTS= a.example , ,b.example\n",
            env({{"MCP_PORT", "9090"},
                 {"PATH", "/usr/bin"},
                 {"IMAGE_TAG", "latest"},
                 {"UNRELATED_PASSWORD", "x"}}));
        QVERIFY2(config.problems().isEmpty(), qPrintable(describe(config)));
        QCOMPARE(config.string(ConfigKey::McpPort), s("9090"));
        QCOMPARE(config.integer(ConfigKey::McpPort), 9090);
        QCOMPARE(config.sourceOf(ConfigKey::McpPort), s("environment"));
        QCOMPARE(config.string(ConfigKey::LogLevel), s("DEBUG")); // canonicalised
        QCOMPARE(config.sourceOf(ConfigKey::LogLevel), s("file"));
        QCOMPARE(config.list(ConfigKey::McpAllowedHosts),
                 QStringList({s("a.example"), s("b.example")}));
        QCOMPARE(config.sourceOf(ConfigKey::StateDir), s("default"));
        QVERIFY(config.isSet(ConfigKey::LogLevel));
        QVERIFY(!config.isSet(ConfigKey::StateDir));
        // Unrelated variables of the process are not configuration.
        QVERIFY(!config.toJson().contains(s("PATH")));
    }

    void environmentValuesAreValidated()
    {
        const Config config = fromText(quiet, env({{"MCP_PORT", "abc"}}));
        const auto problems = problemsOf(config, s("MCP_PORT"));
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].severity, Severity::Error);
        QCOMPARE(problems[0].line, 0);
        QCOMPARE(problems[0].reason,
                 s("\"abc\" is not a port number (1-65535) (from the environment)"));
    }

    void invalidFileValueIsAnErrorWithItsLine()
    {
        const Config config = fromText(quiet + "MCP_PORT=80a\n");
        QVERIFY(!config.isValid());
        QCOMPARE(config.problems().size(), 1);
        const ConfigProblem problem = config.problems().first();
        QCOMPARE(problem.severity, Severity::Error);
        QCOMPARE(problem.key, s("MCP_PORT"));
        QCOMPARE(problem.line, 3);
        QCOMPARE(problem.reason, s("\"80a\" is not a port number (1-65535)"));
        QCOMPARE(problem.message(), s("line 3: MCP_PORT: \"80a\" is not a port number (1-65535)"));
    }

    void invalidFileValueOverriddenByEnvironmentIsAWarning()
    {
        const Config config = fromText(quiet + "MCP_PORT=80a\n", env({{"MCP_PORT", "8081"}}));
        QVERIFY(config.isValid());
        const auto problems = problemsOf(config, s("MCP_PORT"));
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].severity, Severity::Warning);
        QCOMPARE(problems[0].line, 3);
        QCOMPARE(config.integer(ConfigKey::McpPort), 8081);
    }

    void unknownKeysWarnWithoutTheirValue()
    {
        const Config config = fromText(quiet + "BACKUP_PASSWORD=hunter2\nlog_level=DEBUG\n");
        QVERIFY(config.isValid());
        QCOMPARE(config.problems().size(), 2);
        const ConfigProblem first = config.problems()[0];
        QCOMPARE(first.severity, Severity::Warning);
        QCOMPARE(first.key, s("BACKUP_PASSWORD"));
        QCOMPARE(first.line, 3);
        QCOMPARE(first.reason, s("unknown key, ignored"));
        const ConfigProblem second = config.problems()[1];
        QCOMPARE(second.line, 4);
        QVERIFY(second.reason.contains(s("did you mean LOG_LEVEL?")));
        QCOMPARE(config.string(ConfigKey::LogLevel), s("INFO"));
        for (const ConfigProblem &p : config.problems())
            QVERIFY(!p.message().contains(s("hunter2")));
    }

    void legacyDockerKeysWarn()
    {
        const Config config = fromText(
            quiet + "IMAGE_TAG=latest\nSSH_TARGET=proxmox\nGRAFANA_PASSWORD=s3cr3t-grafana\n");
        QVERIFY(config.isValid());
        QCOMPARE(config.problems().size(), 3);
        const QStringList keys = {s("IMAGE_TAG"), s("SSH_TARGET"), s("GRAFANA_PASSWORD")};
        for (int i = 0; i < 3; ++i) {
            const ConfigProblem p = config.problems()[i];
            QCOMPARE(p.severity, Severity::Warning);
            QCOMPARE(p.key, keys[i]);
            QCOMPARE(p.line, 3 + i);
            QVERIFY2(p.reason.contains(s("old Docker deployment")), qPrintable(p.reason));
            QVERIFY(p.reason.contains(s("ignored")));
            QVERIFY(!p.message().contains(s("s3cr3t")));
        }
    }

    void duplicateKeyWarnsOnTheIneffectiveLine()
    {
        const Config config = fromText(quiet + "MCP_PORT=1000\nMCP_PORT=2000\n");
        QCOMPARE(config.integer(ConfigKey::McpPort), 2000);
        QCOMPARE(config.problems().size(), 1);
        QCOMPARE(config.problems()[0].severity, Severity::Warning);
        QCOMPARE(config.problems()[0].line, 3);
        QCOMPARE(config.problems()[0].reason, s("set again on line 4; this line has no effect"));
    }

    void secretsAreMaskedInJson()
    {
        const Config config = fromText(quiet + "PROXMOX_TOKEN_VALUE=" + tokenSecret.toLatin1() +
                                       "\nSSH_PASSWORD='pw with space'\nLOG_LEVEL=warning\n");
        const QJsonObject masked = config.toJson();
        QCOMPARE(masked.size(), ConfigSchema::instance().keys().size());
        QCOMPARE(masked.value(s("PROXMOX_TOKEN_VALUE")).toString(), s("********"));
        QCOMPARE(masked.value(s("SSH_PASSWORD")).toString(), s("********"));
        QCOMPARE(masked.value(s("SSH_KEY_PASSPHRASE")).toString(),
                 QString()); // not set: nothing to hide
        QCOMPARE(masked.value(s("LOG_LEVEL")).toString(), s("WARN"));
        QCOMPARE(masked.value(s("MCP_PORT")).toString(), s("8080"));
        const QJsonObject revealed = config.toJson(true);
        QCOMPARE(revealed.value(s("PROXMOX_TOKEN_VALUE")).toString(), tokenSecret);
        QCOMPARE(revealed.value(s("SSH_PASSWORD")).toString(), s("pw with space"));
    }

    void secretsNeverAppearInProblems()
    {
        const Config config = fromText("PROXMOX_TOKEN_VALUE=SECRET-A-shadowed\n"
                                       "PROXMOX_TOKEN_VALUE=SECRET-B-not-a-uuid\n"
                                       "SSH_PASSWORD=\"SECRET-C\\twith tab\"\n"
                                       "SSH_KEY_PASSPHRASE=\"SECRET-D\\n\"\n"
                                       "GRAFANA_PASSWORD=SECRET-E\n"
                                       "MY_OWN_TOKEN=SECRET-F\n"
                                       "MCP_REQUIRE_AUTH=false\nMCP_HOST=0.0.0.0\n",
                                       env({{"SSH_PASSWORD", "SECRET-G\tenv"}}));
        QVERIFY(!config.isValid());
        QVERIFY(!problemsOf(config, s("PROXMOX_TOKEN_VALUE")).isEmpty());
        QVERIFY(!problemsOf(config, s("SSH_PASSWORD")).isEmpty());
        QVERIFY(!problemsOf(config, s("SSH_KEY_PASSPHRASE")).isEmpty());
        QVERIFY(config.problems().size() >= 8);
        for (const ConfigProblem &p : config.problems()) {
            QVERIFY2(!p.message().contains(s("SECRET")), qPrintable(p.message()));
            QVERIFY2(!p.reason.contains(s("SECRET")), qPrintable(p.reason));
        }
    }

    void tlsNeedsCertificateAndKeyTogether_data()
    {
        QTest::addColumn<QByteArray>("lines");
        QTest::addColumn<QString>("missing");
        QTest::newRow("certificate only")
            << QByteArray("MCP_TLS_CERT=/etc/ssl/c.pem\n") << s("MCP_TLS_KEY");
        QTest::newRow("key only") << QByteArray("MCP_TLS_KEY=/etc/ssl/k.pem\n")
                                  << s("MCP_TLS_CERT");
    }

    void tlsNeedsCertificateAndKeyTogether()
    {
        QFETCH(QByteArray, lines);
        QFETCH(QString, missing);
        const Config config = fromText(quiet + lines);
        QCOMPARE(errorKeys(config), QStringList({missing}));
        QVERIFY(problemsOf(config, missing)[0].reason.startsWith(
            s("must be set together with MCP_TLS_")));
    }

    void tlsFilesMustExistAndBeReadable()
    {
        QTemporaryDir dir;
        const QString cert = dir.filePath(s("cert.pem"));
        const QString key = dir.filePath(s("key.pem"));
        const QByteArray lines =
            "MCP_TLS_CERT=" + cert.toUtf8() + "\nMCP_TLS_KEY=" + key.toUtf8() + "\n";

        const Config absent = fromText(quiet + lines);
        QCOMPARE(errorKeys(absent), QStringList({s("MCP_TLS_CERT"), s("MCP_TLS_KEY")}));
        QCOMPARE(problemsOf(absent, s("MCP_TLS_CERT"))[0].reason,
                 s("file %1 does not exist").arg(cert));

        writeFile(cert, "cert");
        writeFile(key, "key");
        const Config present = fromText(quiet + lines);
        QVERIFY2(present.problems().isEmpty(), qPrintable(describe(present)));

        const Config folder = fromText(quiet + "MCP_TLS_CERT=" + dir.path().toUtf8() +
                                       "\nMCP_TLS_KEY=" + key.toUtf8() + "\n");
        QCOMPARE(errorKeys(folder), QStringList({s("MCP_TLS_CERT")}));
        QVERIFY(problemsOf(folder, s("MCP_TLS_CERT"))[0].reason.contains(s("not a readable file")));
    }

    void proxmoxApiNeedsEachCredential()
    {
        const Config none = fromText("ENABLE_SSH=false\nPROXMOX_USER=\n");
        QCOMPARE(errorKeys(none), QStringList({s("PROXMOX_USER"), s("PROXMOX_HOST"),
                                               s("PROXMOX_TOKEN_NAME"), s("PROXMOX_TOKEN_VALUE")}));
        for (const char *key : {"PROXMOX_HOST", "PROXMOX_TOKEN_NAME", "PROXMOX_TOKEN_VALUE"})
            QCOMPARE(problemsOf(none, s(key))[0].reason,
                     s("required when ENABLE_PROXMOX_API is true"));

        const QByteArray complete = "ENABLE_SSH=false\nPROXMOX_HOST=pve.example.com\n"
                                    "PROXMOX_TOKEN_NAME=claude-mcp\nPROXMOX_TOKEN_VALUE=" +
                                    tokenSecret.toLatin1() + "\n";
        const Config ok = fromText(complete);
        QVERIFY2(ok.problems().isEmpty(), qPrintable(describe(ok)));

        const Config off = fromText(quiet);
        QVERIFY(off.problems().isEmpty());

        const Config missingCa = fromText(complete + "PROXMOX_CA_FILE=/nonexistent/ca.pem\n");
        QCOMPARE(errorKeys(missingCa), QStringList({s("PROXMOX_CA_FILE")}));
    }

    void proxmoxPasswordReplacesTheToken()
    {
        const QByteArray base =
            "ENABLE_SSH=false\nPROXMOX_HOST=pve1.example.com,pve2.example.com\n";
        const Config ticket = fromText(base + "PROXMOX_PASSWORD=not-a-uuid secret\n");
        QVERIFY2(ticket.problems().isEmpty(), qPrintable(describe(ticket)));
        QCOMPARE(ticket.list(ConfigKey::ProxmoxHost),
                 QStringList({s("pve1.example.com"), s("pve2.example.com")}));
        QCOMPARE(ticket.toJson().value(s("PROXMOX_PASSWORD")).toString(), s("********"));

        const Config both = fromText(base +
                                     "PROXMOX_PASSWORD=pw\nPROXMOX_TOKEN_NAME=mcp\n"
                                     "PROXMOX_TOKEN_VALUE=" +
                                     tokenSecret.toLatin1() + "\n");
        QVERIFY(both.isValid());
        QCOMPARE(problemsOf(both, s("PROXMOX_PASSWORD")).size(), 1);
        QCOMPARE(problemsOf(both, s("PROXMOX_PASSWORD"))[0].severity, Severity::Warning);
        QVERIFY(!describe(both).contains(s("=pw")));
    }

    void proxmoxTargetsFileMakesTheDefaultTargetOptional()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString targets = dir.filePath(s("targets.json"));
        writeFile(targets, "{\"targets\": []}");
        const Config onlyFile =
            fromText("ENABLE_SSH=false\nPROXMOX_TARGETS_FILE=" + targets.toUtf8() + "\n");
        QVERIFY2(onlyFile.problems().isEmpty(), qPrintable(describe(onlyFile)));

        const Config missing = fromText("ENABLE_SSH=false\nPROXMOX_TARGETS_FILE=" +
                                        dir.filePath(s("absent.json")).toUtf8() + "\n");
        QCOMPARE(errorKeys(missing), QStringList({s("PROXMOX_TARGETS_FILE")}));
    }

    void emailAlertsNeedASenderAndRecipients()
    {
        const QByteArray base = "ENABLE_PROXMOX_API=false\nENABLE_SSH=false\n"
                                "ALERT_SMTP_URL=smtp://mail.example.com:587\n";
        const Config none = fromText(base);
        QCOMPARE(errorKeys(none), QStringList({s("ALERT_EMAIL_FROM"), s("ALERT_EMAIL_TO")}));
        QCOMPARE(problemsOf(none, s("ALERT_EMAIL_TO"))[0].reason,
                 s("required when ALERT_SMTP_URL is set"));
        QVERIFY(
            fromText(base + "ALERT_EMAIL_FROM=mcp@example.com\nALERT_EMAIL_TO=ops@example.com\n")
                .problems()
                .isEmpty());
        // Without e-mail, neither is needed.
        QVERIFY(fromText("ENABLE_PROXMOX_API=false\nENABLE_SSH=false\n").problems().isEmpty());
    }

    void sshNeedsHostUserAndAKeyOrPassword()
    {
        const Config none = fromText("ENABLE_PROXMOX_API=false\nSSH_USER=\n");
        QCOMPARE(errorKeys(none), QStringList({s("SSH_USER"), s("SSH_HOST"), s("SSH_KEY_PATH")}));
        QCOMPARE(problemsOf(none, s("SSH_HOST"))[0].reason, s("required when ENABLE_SSH is true"));
        QCOMPARE(problemsOf(none, s("SSH_KEY_PATH"))[0].reason,
                 s("SSH_KEY_PATH or SSH_PASSWORD is required when ENABLE_SSH is true"));

        const QByteArray base = "ENABLE_PROXMOX_API=false\nSSH_HOST=192.0.2.10\n";
        QVERIFY(fromText(base + "SSH_KEY_PATH=/etc/proxmox-mcp/id_ed25519\n").problems().isEmpty());
        QVERIFY(fromText(base + "SSH_PASSWORD=pw\n").problems().isEmpty());
        QCOMPARE(errorKeys(fromText(base)), QStringList({s("SSH_KEY_PATH")}));
    }

    void credentialsGiveTheTokenAndTheKeyUnderTheUnit()
    {
        QTemporaryDir credentials;
        QVERIFY(credentials.isValid());
        writeFile(credentials.filePath(s("proxmox-mcp.proxmox-token")),
                  tokenSecret.toUtf8() + "\n");
        writeFile(credentials.filePath(s("proxmox-mcp.ssh-key")),
                  "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        const QByteArray file = "PROXMOX_HOST=pve.example.com\nPROXMOX_TOKEN_NAME=claude-mcp\n"
                                "PROXMOX_TOKEN_CREDENTIAL=proxmox-mcp.proxmox-token\n"
                                "SSH_HOST=192.0.2.10\nSSH_KEY_CREDENTIAL=proxmox-mcp.ssh-key\n";
        const QProcessEnvironment unit =
            env({{"CREDENTIALS_DIRECTORY", credentials.path().toUtf8().constData()}});
        const Config config = fromText(file, unit);
        QVERIFY2(config.problems().isEmpty(), qPrintable(describe(config)));
        // The content without its newline; the key as the credential's path.
        QCOMPARE(config.string(ConfigKey::ProxmoxTokenValue), tokenSecret);
        QCOMPARE(config.sourceOf(ConfigKey::ProxmoxTokenValue), s("credential"));
        QCOMPARE(config.string(ConfigKey::SshKeyPath),
                 credentials.filePath(s("proxmox-mcp.ssh-key")));
        QCOMPARE(config.toJson().value(s("PROXMOX_TOKEN_VALUE")).toString(), s("********"));

        // A value in the file is ignored, and said to be; the environment still wins.
        const Config both = fromText(file + "SSH_KEY_PATH=/etc/proxmox-mcp/id_ed25519\n", unit);
        QCOMPARE(both.string(ConfigKey::SshKeyPath),
                 credentials.filePath(s("proxmox-mcp.ssh-key")));
        QCOMPARE(problemsOf(both, s("SSH_KEY_PATH")).size(), 1);
        QCOMPARE(problemsOf(both, s("SSH_KEY_PATH"))[0].severity, Severity::Warning);
        QCOMPARE(problemsOf(both, s("SSH_KEY_PATH"))[0].reason,
                 s("ignored: the credential proxmox-mcp.ssh-key (SSH_KEY_CREDENTIAL) gives it"));
        QProcessEnvironment overridden = unit;
        overridden.insert(s("SSH_KEY_PATH"), s("/root/key"));
        QCOMPARE(fromText(file, overridden).string(ConfigKey::SshKeyPath), s("/root/key"));
    }

    void credentialContentIsValidatedWithoutQuotingIt()
    {
        QTemporaryDir credentials;
        QVERIFY(credentials.isValid());
        writeFile(credentials.filePath(s("token")), "not-a-uuid-secret\n");
        const Config config =
            fromText("ENABLE_SSH=false\nPROXMOX_HOST=pve.example.com\n"
                     "PROXMOX_TOKEN_NAME=mcp\nPROXMOX_TOKEN_CREDENTIAL=token\n",
                     env({{"CREDENTIALS_DIRECTORY", credentials.path().toUtf8().constData()}}));
        QCOMPARE(errorKeys(config), QStringList({s("PROXMOX_TOKEN_VALUE")}));
        QVERIFY2(problemsOf(config, s("PROXMOX_TOKEN_VALUE"))[0].reason.endsWith(
                     s("(from the credential)")),
                 qPrintable(describe(config)));
        QVERIFY(!describe(config).contains(s("not-a-uuid-secret")));
    }

    void missingCredentialIsAnErrorNamingWhereToPutIt()
    {
        QTemporaryDir credentials;
        QVERIFY(credentials.isValid());
        const Config config =
            fromText("ENABLE_PROXMOX_API=false\nSSH_HOST=192.0.2.10\n"
                     "SSH_KEY_CREDENTIAL=proxmox-mcp.ssh-key\n",
                     env({{"CREDENTIALS_DIRECTORY", credentials.path().toUtf8().constData()}}));
        QCOMPARE(errorKeys(config), QStringList({s("SSH_KEY_CREDENTIAL"), s("SSH_KEY_PATH")}));
        const QString reason = problemsOf(config, s("SSH_KEY_CREDENTIAL"))[0].reason;
        QVERIFY2(reason.startsWith(s("the service has no credential proxmox-mcp.ssh-key (")),
                 qPrintable(reason));
        QVERIFY2(reason.contains(s("/etc/credstore/proxmox-mcp.ssh-key")), qPrintable(reason));
    }

    void outsideTheUnitACredentialIsAWarningAndNotRequired()
    {
        // The CLI, the package's maintainer scripts, stdio clients: no $CREDENTIALS_DIRECTORY.
        const Config config =
            fromText("PROXMOX_HOST=pve.example.com\nPROXMOX_TOKEN_NAME=claude-mcp\n"
                     "PROXMOX_TOKEN_CREDENTIAL=proxmox-mcp.proxmox-token\n"
                     "SSH_HOST=192.0.2.10\nSSH_KEY_CREDENTIAL=proxmox-mcp.ssh-key\n");
        QVERIFY2(config.isValid(), qPrintable(describe(config)));
        QCOMPARE(problemsOf(config, s("PROXMOX_TOKEN_CREDENTIAL")).size(), 1);
        QCOMPARE(problemsOf(config, s("PROXMOX_TOKEN_CREDENTIAL"))[0].severity, Severity::Warning);
        QVERIFY(problemsOf(config, s("SSH_KEY_CREDENTIAL"))[0].reason.contains(
            s("SSH_KEY_PATH is checked when the service starts")));
        QVERIFY(config.string(ConfigKey::ProxmoxTokenValue).isEmpty());
        QCOMPARE(config.sourceOf(ConfigKey::ProxmoxTokenValue), s("default"));
    }

    void credentialNamesAreChecked()
    {
        const Config config = fromText(quiet + "PROXMOX_TOKEN_CREDENTIAL=../etc/shadow\n",
                                       env({{"CREDENTIALS_DIRECTORY", "/run/credentials/x"}}));
        QCOMPARE(errorKeys(config), QStringList({s("PROXMOX_TOKEN_CREDENTIAL")}));
        QVERIFY(config.string(ConfigKey::ProxmoxTokenValue).isEmpty());
    }

    void authOffOnlyOnLoopback_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("refused");
        QTest::newRow("any ipv4") << s("0.0.0.0") << true;
        QTest::newRow("any ipv6") << s("::") << true;
        QTest::newRow("lan address") << s("192.168.1.5") << true;
        QTest::newRow("public name") << s("mcp.example.com") << true;
        QTest::newRow("ipv4 loopback") << s("127.0.0.1") << false;
        QTest::newRow("ipv6 loopback") << s("::1") << false;
        QTest::newRow("localhost") << s("localhost") << false;
    }

    void authOffOnlyOnLoopback()
    {
        QFETCH(QString, host);
        QFETCH(bool, refused);
        const Config config =
            fromText(quiet + "MCP_REQUIRE_AUTH=false\nMCP_HOST=" + host.toUtf8() + "\n");
        QCOMPARE(config.isValid(), !refused);
        if (refused) {
            QCOMPARE(errorKeys(config), QStringList({s("MCP_REQUIRE_AUTH")}));
            QVERIFY(problemsOf(config, s("MCP_REQUIRE_AUTH"))[0].reason.startsWith(
                s("refusing to serve without authentication on a non-loopback address")));
        }
        const Config withAuth = fromText(quiet + "MCP_HOST=" + host.toUtf8() + "\n");
        QVERIFY(withAuth.problems().isEmpty());
    }

    void verifySslOffIsAWarning()
    {
        const Config config =
            fromText("ENABLE_SSH=false\nPROXMOX_HOST=pve\nPROXMOX_TOKEN_NAME=mcp\n"
                     "PROXMOX_TOKEN_VALUE=" +
                     tokenSecret.toLatin1() + "\nPROXMOX_VERIFY_SSL=false\n");
        QVERIFY(config.isValid());
        QCOMPARE(config.problems().size(), 1);
        QCOMPARE(config.problems()[0].severity, Severity::Warning);
        QCOMPARE(config.problems()[0].key, s("PROXMOX_VERIFY_SSL"));
        QVERIFY(config.problems()[0].reason.startsWith(s("TLS verification is off")));
    }

    void problemsComeInFileOrderThenCrossKeyChecks()
    {
        const QByteArray text = "ENABLE_SSH=false\nMCP_PORT=x\nFOO=1\nLOG_LEVEL=loud\n";
        const Config config = fromText(text, env({{"SSH_PORT", "0"}}));
        QStringList order;
        for (const ConfigProblem &p : config.problems())
            order.append(p.key + u'@' + QString::number(p.line));
        QCOMPARE(order, QStringList({s("MCP_PORT@2"), s("FOO@3"), s("LOG_LEVEL@4"), s("SSH_PORT@0"),
                                     s("PROXMOX_HOST@0"), s("PROXMOX_TOKEN_NAME@0"),
                                     s("PROXMOX_TOKEN_VALUE@0")}));
        const Config again = fromText(text, env({{"SSH_PORT", "0"}}));
        QCOMPARE(describe(again), describe(config));
    }

    void loadReportsAMissingFileAndStillAppliesTheEnvironment()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(s("proxmox-mcp.env"));
        const Config config = Config::load(path, env({{"MCP_PORT", "9000"}}));
        QVERIFY(!config.isValid());
        QCOMPARE(config.problems().size(), 1); // no cross-key noise about a file nobody wrote
        QCOMPARE(config.problems()[0].key, QString());
        QCOMPARE(config.problems()[0].line, 0);
        QVERIFY(config.problems()[0].reason.contains(path));
        QCOMPARE(config.integer(ConfigKey::McpPort), 9000);
    }

    void loadReportsAParseErrorWithItsLine()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(s("proxmox-mcp.env"));
        writeFile(path, quiet + "PROXMOX_TOKEN_VALUE " + tokenSecret.toLatin1() + "\n");
        const Config config = Config::load(path, {});
        QVERIFY(!config.isValid());
        QCOMPARE(config.problems().size(), 1);
        const ConfigProblem problem = config.problems()[0];
        QCOMPARE(problem.key, QString());
        QCOMPARE(problem.line, 3);
        // The line number is the problem's, said once: not also in the reason.
        QVERIFY2(!problem.reason.contains(s("line 3")), qPrintable(problem.reason));
        QVERIFY2(problem.message().startsWith(s("line 3: ")), qPrintable(problem.message()));
        QVERIFY(!problem.reason.contains(tokenSecret));
    }

    void loadGoesOnAfterASyntaxError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(s("proxmox-mcp.env"));
        writeFile(path, quiet + "not an assignment\nMCP_PORT=80a\n=x\nLOG_LEVEL=DEBUG\n");
        const Config config = Config::load(path, {});
        QVERIFY(!config.isValid());
        QList<int> lines;
        for (const ConfigProblem &problem : config.problems())
            lines.append(problem.line);
        QCOMPARE(lines, (QList<int>{3, 5, 4})); // file problems in order, then the values
        QCOMPARE(config.problems()[2].key, s("MCP_PORT"));
        // What follows a bad line still counts.
        QCOMPARE(config.string(ConfigKey::LogLevel), s("DEBUG"));
    }

    void loadWarnsWhenSecretsAreWorldReadable()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(s("proxmox-mcp.env"));
        const QByteArray text = quiet + "SSH_PASSWORD=pw\n";
        writeFile(path, text,
                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
        const Config open = Config::load(path, {});
        QVERIFY(open.isValid());
        QCOMPARE(open.problems().size(), 1);
        QCOMPARE(open.problems()[0].severity, Severity::Warning);
        QVERIFY(open.problems()[0].reason.contains(s("readable by every user")));

        writeFile(path, text);
        QVERIFY(Config::load(path, {}).problems().isEmpty());
    }

    void loadWarnsWhenAnUnknownSecretIsWorldReadable()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(s("proxmox-mcp.env"));
        writeFile(path, quiet + "GRAFANA_PASSWORD=pw\n",
                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
        const Config open = Config::load(path, {});
        QVERIFY(std::any_of(
            open.problems().cbegin(), open.problems().cend(),
            [](const ConfigProblem &p) { return p.reason.contains(s("readable by every user")); }));
    }

    void theSchemaFlagDecidesWhatIsSecret()
    {
        QVERIFY(Config::isSecretKey(s("PROXMOX_TOKEN_VALUE")));
        QVERIFY(Config::isSecretKey(s("SSH_KEY_PASSPHRASE")));
        // Known keys whose names sound secret but hold a path or an id.
        QVERIFY(!Config::isSecretKey(s("MCP_TLS_KEY")));
        QVERIFY(!Config::isSecretKey(s("PROXMOX_TOKEN_NAME")));
        // Keys the schema does not know: the name rule.
        QVERIFY(Config::isSecretKey(s("GRAFANA_PASSWORD")));
        QVERIFY(!Config::isSecretKey(s("GRAFANA_PORT")));
    }

    // Decision: the guide's file carries a placeholder token ("xxxxxxxx"). Proxmox token
    // secrets are UUIDs, so the placeholder is the one error; everything else only warns.
    void administratorGuideFileLoads()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(s(".env"));
        writeFile(path, guideFile);
        const Config config = Config::load(path, {});
        QStringList seen;
        for (const ConfigProblem &p : config.problems())
            seen.append(s("%1 %2@%3")
                            .arg(p.severity == Severity::Error ? s("E") : s("W"), p.key)
                            .arg(p.line));
        QCOMPARE(seen, QStringList({s("W IMAGE_TAG@5"), s("W SSH_TARGET@9"),
                                    s("E PROXMOX_TOKEN_VALUE@19"), s("W GRAFANA_PASSWORD@34"),
                                    s("W PROXMOX_VERIFY_SSL@0")}));
        QVERIFY(!config.isValid());
        QVERIFY(problemsOf(config, s("PROXMOX_TOKEN_VALUE"))[0].reason.startsWith(
            s("is not a Proxmox API token secret")));
        for (const ConfigProblem &p : config.problems())
            QVERIFY2(!p.message().contains(s("xxxxxxxx")), qPrintable(p.message()));

        QCOMPARE(config.string(ConfigKey::LogLevel), s("INFO"));
        QCOMPARE(config.string(ConfigKey::SshHost), s("192.168.1.137"));
        QCOMPARE(config.string(ConfigKey::SshKeyPath), s("/app/keys/claude_proxmox_key"));
        QCOMPARE(config.string(ConfigKey::McpHost), s("0.0.0.0"));
        QCOMPARE(config.integer(ConfigKey::McpPort), 8080);
        QCOMPARE(config.integer(ConfigKey::SshPort), 22);
        QVERIFY(!config.boolean(ConfigKey::ProxmoxVerifySsl));
        QVERIFY(config.boolean(ConfigKey::EnableSsh));
        QVERIFY(!config.boolean(ConfigKey::EnableMonitoring));
        QCOMPARE(config.toJson().value(s("PROXMOX_TOKEN_VALUE")).toString(), s("********"));

        // The real secret from the environment (e.g. a systemd credential) makes it valid.
        const Config withSecret = Config::load(
            path, env({{"PROXMOX_TOKEN_VALUE", "5f0c2a9e-8c4f-4a8e-9b1e-2c3d4e5f6a7b"}}));
        QVERIFY2(withSecret.isValid(), qPrintable(describe(withSecret)));
        QCOMPARE(withSecret.problems().size(), 5); // the four warnings, and the file's placeholder
        QCOMPARE(problemsOf(withSecret, s("PROXMOX_TOKEN_VALUE"))[0].severity, Severity::Warning);

        // Without the token line at all, the one error is the missing token.
        QByteArray withoutToken = guideFile;
        withoutToken.replace("PROXMOX_TOKEN_VALUE=xxxxxxxx        # API token value\n", "");
        const Config missing = fromText(withoutToken);
        QCOMPARE(errorKeys(missing), QStringList({s("PROXMOX_TOKEN_VALUE")}));
        QCOMPARE(problemsOf(missing, s("PROXMOX_TOKEN_VALUE"))[0].reason,
                 s("required when ENABLE_PROXMOX_API is true"));
        QCOMPARE(missing.problems().size(), 5);
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "TestConfig.moc"
