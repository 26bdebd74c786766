#include "server/app/HostSetupPlan.h"

#include <QTest>

using namespace pmcp;

// The host's commands of setup-host, as text: quoting, and what each step refuses to build.
class TestHostSetupPlan final : public QObject {
    Q_OBJECT

private slots:
    void shellQuote_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("quoted");
        QTest::newRow("plain") << QStringLiteral("claude-user") << QStringLiteral("'claude-user'");
        QTest::newRow("empty") << QString() << QStringLiteral("''");
        QTest::newRow("single quote") << QStringLiteral("it's") << QStringLiteral("'it'\\''s'");
        QTest::newRow("dollar and backtick")
            << QStringLiteral("$(rm -rf /)`x`") << QStringLiteral("'$(rm -rf /)`x`'");
    }
    void shellQuote()
    {
        QFETCH(QString, text);
        QFETCH(QString, quoted);
        QCOMPARE(HostSetupPlan::shellQuote(text), quoted);
    }

    void stepsInOrderWithExactChecks()
    {
        const auto steps = HostSetupPlan::make(inputs());
        QVERIFY(steps.ok());
        QCOMPARE(steps.value().size(), 3);
        QCOMPARE(steps.value().at(0).name, QStringLiteral("user"));
        QCOMPARE(steps.value().at(0).check,
                 QStringLiteral("R=''; U='claude-user'; grep -q \"^$U:\" \"$R/etc/passwd\""));
        QCOMPARE(steps.value().at(1).name, QStringLiteral("key"));
        QVERIFY(steps.value().at(1).check.contains(
            QStringLiteral("L='from=\"10.0.0.5\",no-agent-forwarding,no-port-forwarding,"
                           "no-X11-forwarding ssh-ed25519 AAAAC3Nza proxmox-mcpd'; ")));
        QCOMPARE(steps.value().at(2).name, QStringLiteral("sudoers"));
        // visudo before install: a broken file never reaches /etc/sudoers.d.
        const QString apply = steps.value().at(2).apply;
        QVERIFY(apply.indexOf(QStringLiteral("visudo -c -q -f \"$T\"")) <
                apply.indexOf(QStringLiteral("install -m 0440 \"$T\" \"$D\"")));
        QVERIFY(apply.contains(QStringLiteral("B='%1'").arg(
            QString::fromLatin1(QByteArray("Defaults:claude-user env_reset\n").toBase64()))));
    }

    void noFromWithoutAnAddress()
    {
        HostSetupPlan::Inputs plain = inputs();
        plain.fromAddress.clear();
        QCOMPARE(HostSetupPlan::authorizedKeyLine(plain),
                 QStringLiteral("no-agent-forwarding,no-port-forwarding,no-X11-forwarding "
                                "ssh-ed25519 AAAAC3Nza proxmox-mcpd"));
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::newRow("root as the user") << QStringLiteral("user") << QStringLiteral("root");
        QTest::newRow("user with a space") << QStringLiteral("user") << QStringLiteral("a b");
        QTest::newRow("two key lines")
            << QStringLiteral("key") << QStringLiteral("ssh-ed25519 AAAA\nssh-ed25519 BBBB");
        QTest::newRow("not a key") << QStringLiteral("key") << QStringLiteral("hello");
        QTest::newRow("from with a quote")
            << QStringLiteral("from") << QStringLiteral("10.0.0.5\",command=\"sh");
        QTest::newRow("relative root") << QStringLiteral("root") << QStringLiteral("tmp/host");
    }
    void refusals()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        HostSetupPlan::Inputs bad = inputs();
        if (field == QLatin1String("user"))
            bad.user = value;
        else if (field == QLatin1String("key"))
            bad.publicKey = value;
        else if (field == QLatin1String("from"))
            bad.fromAddress = value;
        else
            bad.root = value;
        QVERIFY(!HostSetupPlan::make(bad).ok());
    }

private:
    static HostSetupPlan::Inputs inputs()
    {
        HostSetupPlan::Inputs inputs;
        inputs.user = QStringLiteral("claude-user");
        inputs.publicKey = QStringLiteral("ssh-ed25519 AAAAC3Nza proxmox-mcpd\n");
        inputs.fromAddress = QStringLiteral("10.0.0.5");
        inputs.sudoers = QStringLiteral("Defaults:claude-user env_reset\n");
        return inputs;
    }
};

QTEST_GUILESS_MAIN(TestHostSetupPlan)
#include "TestHostSetupPlan.moc"
