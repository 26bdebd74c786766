#include "server/cli/DemoCommand.h"
#include "server/oauth/OAuthStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QFile>
#include <QTest>

#include <csignal>
#include <sys/types.h>

using namespace pmcp;

// Argument errors in-process; the real `proxmox-mcpd demo` as a child process for the rest.
class TestDemoCommand final : public QObject {
    Q_OBJECT

private slots:
    void argumentErrorsExitWithTwo_data();
    void argumentErrorsExitWithTwo();
    void usageNamesTheOptions();
    void demoServesTheSimulatedClusterAndStopsOnSigterm();

private:
    // GET url with a bearer token; the HTTP status and the JSON body.
    std::pair<int, QJsonObject> get(QNetworkAccessManager &network, const QString &url,
                                    const QString &token);
};

void TestDemoCommand::argumentErrorsExitWithTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("port without value")
        << QStringList{QStringLiteral("--port")} << QStringLiteral("--port needs a value");
    QTest::newRow("state-dir without value") << QStringList{QStringLiteral("--state-dir")}
                                             << QStringLiteral("--state-dir needs a value");
    QTest::newRow("port not a number")
        << QStringList{QStringLiteral("--port"), QStringLiteral("http")}
        << QStringLiteral("--port needs a port number (0-65535)");
    QTest::newRow("port too large")
        << QStringList{QStringLiteral("--port"), QStringLiteral("65536")}
        << QStringLiteral("--port needs a port number (0-65535)");
    QTest::newRow("negative port") << QStringList{QStringLiteral("--port"), QStringLiteral("-1")}
                                   << QStringLiteral("--port needs a port number (0-65535)");
    QTest::newRow("stray argument")
        << QStringList{QStringLiteral("now")} << QStringLiteral("unexpected argument \"now\"");
    QTest::newRow("port with stdio")
        << QStringList{QStringLiteral("--stdio"), QStringLiteral("--port"), QStringLiteral("0")}
        << QStringLiteral("--port and --stdio exclude each other");
}

void TestDemoCommand::argumentErrorsExitWithTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QString outText;
    QString errText;
    QTextStream out(&outText);
    QTextStream err(&errText);
    DemoCommand command(out, err);
    QCOMPARE(command.run(arguments), 2);
    err.flush();
    out.flush();
    QVERIFY2(errText.startsWith(QStringLiteral("proxmox-mcpd demo: ") + message),
             qPrintable(errText));
    QVERIFY(outText.isEmpty());
}

void TestDemoCommand::usageNamesTheOptions()
{
    QString ignored;
    QTextStream stream(&ignored);
    const QString usage = DemoCommand(stream, stream).usage();
    QVERIFY(usage.startsWith(
        QStringLiteral("Usage: proxmox-mcpd demo [--port N | --stdio] [--state-dir")));
    QVERIFY(usage.contains(QStringLiteral("proxmox-mcp.env")));
    QVERIFY(usage.contains(QStringLiteral("/api/mcp")));
}

std::pair<int, QJsonObject> TestDemoCommand::get(QNetworkAccessManager &network, const QString &url,
                                                 const QString &token)
{
    QNetworkRequest request{QUrl(url)};
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    QNetworkReply *reply = network.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10000))
        return {0, {}};
    reply->deleteLater();
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            QJsonDocument::fromJson(reply->readAll()).object()};
}

void TestDemoCommand::demoServesTheSimulatedClusterAndStopsOnSigterm()
{
    QTemporaryDir stateDir;
    QVERIFY(stateDir.isValid());
    QProcess demo;
    demo.setProcessChannelMode(QProcess::SeparateChannels);
    demo.start(QStringLiteral(PMCP_DAEMON_BINARY),
               {QStringLiteral("demo"), QStringLiteral("--port"), QStringLiteral("0"),
                QStringLiteral("--state-dir"), stateDir.path()});
    QVERIFY2(demo.waitForStarted(10000), qPrintable(demo.errorString()));
    const qint64 pid = demo.processId();
    auto stop = qScopeGuard([&demo] {
        if (demo.state() != QProcess::NotRunning) {
            demo.kill();
            demo.waitForFinished(5000);
        }
    });

    // The banner is complete once "Press Ctrl-C" is printed.
    QByteArray out;
    // A demo that exits early fails at once with what it said.
    QTRY_VERIFY_WITH_TIMEOUT((out += demo.readAllStandardOutput()).contains("Press Ctrl-C") ||
                                 demo.state() == QProcess::NotRunning,
                             30000);
    QVERIFY2(out.contains("Press Ctrl-C"), (out + demo.readAllStandardError()).constData());
    const QString text = QString::fromUtf8(out);
    const auto endpoint =
        QRegularExpression(QStringLiteral("  MCP endpoint:        (http://127\\.0\\.0\\.1:(\\d+))"
                                          "/api/mcp\n"))
            .match(text);
    QVERIFY2(endpoint.hasMatch(), qPrintable(text));
    QVERIFY(endpoint.captured(2).toUInt() > 0);
    const auto token =
        QRegularExpression(QStringLiteral("  client token:        (pmcp_\\S+)\n")).match(text);
    const auto readOnly =
        QRegularExpression(QStringLiteral("  read-only token:     (pmcp_\\S+)\n")).match(text);
    QVERIFY2(token.hasMatch() && readOnly.hasMatch(), qPrintable(text));
    QVERIFY(token.captured(1) != readOnly.captured(1));
    // One access request waits for an administrator (something for the desktop to approve).
    const QRegularExpressionMatch request =
        QRegularExpression(QStringLiteral("  access request:      ([A-Z0-9]{4}-[A-Z0-9]{4}) "))
            .match(text);
    QVERIFY2(request.hasMatch(), qPrintable(text));
    {
        OAuthStore oauth(stateDir.path());
        const auto state = oauth.read();
        QVERIFY(state.ok());
        QCOMPARE(state.value().requests.size(), 1);
        QCOMPARE(state.value().requests.first().id, request.captured(1));
        QCOMPARE(state.value().requests.first().statusAt(QDateTime::currentDateTimeUtc()),
                 AccessRequest::Status::Pending);
    }
    QVERIFY2(text.contains(QStringLiteral("simulated Proxmox VE cluster (pve1-pve3) on "
                                          "https://127.0.0.1:")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("State folder:  ") + stateDir.path() + u'\n'),
             qPrintable(text));
    QVERIFY(!text.contains(QStringLiteral("removed on exit")));
    // The configuration file: in the state folder, private, printed, and naming the port.
    const QString configPath = stateDir.filePath(QStringLiteral("proxmox-mcp.env"));
    QVERIFY2(text.contains(QStringLiteral("  Configuration: ") + configPath), qPrintable(text));
    QFile configFile(configPath);
    QVERIFY(configFile.open(QIODevice::ReadOnly));
    const QString written = QString::fromUtf8(configFile.readAll());
    QVERIFY2(text.contains(written), qPrintable(text));
    QVERIFY2(written.contains(QStringLiteral("MCP_PORT=%1\n").arg(endpoint.captured(2))),
             qPrintable(written));
    QCOMPARE(configFile.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());

    // The probe asks the simulator in the background: "warn" (not checked yet) until then.
    QNetworkAccessManager network;
    const QString health = endpoint.captured(1) + QStringLiteral("/health");
    QJsonObject proxmox;
    QTRY_VERIFY_WITH_TIMEOUT((proxmox = get(network, health, token.captured(1))
                                            .second.value(QLatin1String("checks"))
                                            .toObject()
                                            .value(QLatin1String("proxmox"))
                                            .toObject())
                                     .value(QLatin1String("status")) == QLatin1String("ok"),
                             15000);
    QVERIFY2(proxmox.value(QLatin1String("detail"))
                 .toString()
                 .startsWith(QStringLiteral("default: Proxmox VE ")),
             qPrintable(proxmox.value(QLatin1String("detail")).toString()));
    QCOMPARE(get(network, health, token.captured(1)).first, 200);

    // The admin token: printed, written for the desktop (private), and it opens the admin API
    // but not /api/mcp's tools, while the client token does not open the admin API.
    const auto admin =
        QRegularExpression(QStringLiteral("  admin token:         (pmcp_admin_\\S+) \\(also in "
                                          "(\\S+)\\)\n"))
            .match(text);
    QVERIFY2(admin.hasMatch(), qPrintable(text));
    QFile adminFile(admin.captured(2));
    QCOMPARE(admin.captured(2), stateDir.filePath(QStringLiteral("admin-token")));
    QVERIFY(adminFile.open(QIODevice::ReadOnly));
    QCOMPARE(adminFile.readAll().trimmed(), admin.captured(1).toLatin1());
    QCOMPARE(adminFile.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
    const QString status = endpoint.captured(1) + QStringLiteral("/api/admin/status");
    QCOMPARE(get(network, status, admin.captured(1)).first, 200);
    QCOMPARE(get(network, status, token.captured(1)).first, 401);

    QCOMPARE(::kill(pid_t(pid), SIGTERM), 0);
    QVERIFY(demo.waitForFinished(10000));
    QCOMPARE(demo.exitStatus(), QProcess::NormalExit);
    QCOMPARE(demo.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestDemoCommand)
#include "TestDemoCommand.moc"
