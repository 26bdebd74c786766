#include "server/policy/SudoersGenerator.h"

#include "SudoSandbox.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTest>

using namespace pmcp;

namespace {

const QString kUser = QStringLiteral("pmcp-sudo-test");

QString generated(bool dangerous)
{
    const auto text =
        SudoersGenerator(CommandPolicy::defaults(dangerous), dangerous).generate(kUser);
    return text.ok() ? text.value() : QString();
}

} // namespace

class TestSudoersGenerator final : public QObject {
    Q_OBJECT

private slots:
    void visudoAcceptsIt_data()
    {
        QTest::addColumn<bool>("dangerous");
        QTest::newRow("default") << false;
        QTest::newRow("dangerous commands enabled") << true;
    }

    void visudoAcceptsIt()
    {
        QFETCH(bool, dangerous);
        const QString visudo = QStandardPaths::findExecutable(
            QStringLiteral("visudo"), {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
        if (visudo.isEmpty())
            QSKIP("visudo is not installed (apt-get install sudo)");
        const QString text = generated(dangerous);
        QVERIFY(!text.isEmpty());
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write(text.toUtf8());
        file.flush();
        QProcess process;
        process.start(visudo, {QStringLiteral("-c"), QStringLiteral("-f"), file.fileName()});
        QVERIFY(process.waitForFinished(30000));
        QVERIFY2(process.exitCode() == 0,
                 qPrintable(QString::fromUtf8(process.readAllStandardOutput() +
                                              process.readAllStandardError()) +
                            text));
        QCOMPARE(text.contains(QLatin1String("PVE_CHANGE")), dangerous);
    }

    void everyDenyRuleBecomesAnAlias()
    {
        const CommandPolicy policy = CommandPolicy::defaults(false);
        const QString text = generated(false);
        int denyRules = 0;
        for (const auto &rule : policy.rules()) {
            if (rule.action != PolicyRule::Action::Deny)
                continue;
            ++denyRules;
            QVERIFY2(text.contains(QLatin1String("policy rule ") + rule.id), qPrintable(rule.id));
        }
        QVERIFY(denyRules > 0);
        // The denials are the last entries of the user's line.
        const qsizetype userLine = text.lastIndexOf(kUser + QLatin1String(" ALL=(root)"));
        QVERIFY(userLine > 0);
        QVERIFY(text.indexOf(QLatin1String("!DENIED_"), userLine) >
                text.indexOf(QLatin1String("SYSTEM_READ"), userLine));
    }

    void userNames_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<bool>("valid");
        QTest::newRow("claude-user") << QStringLiteral("claude-user") << true;
        QTest::newRow("underscore") << QStringLiteral("_pmcp") << true;
        QTest::newRow("root") << QStringLiteral("root") << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("injection") << QStringLiteral("x ALL=(ALL) ALL") << false;
        QTest::newRow("newline") << QStringLiteral("x\nroot") << false;
        QTest::newRow("upper case") << QStringLiteral("Admin") << false;
    }

    void userNames()
    {
        QFETCH(QString, user);
        QFETCH(bool, valid);
        const auto text = SudoersGenerator(CommandPolicy::defaults(false), false).generate(user);
        QCOMPARE(text.ok(), valid);
    }

    void sudoDecides_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<bool>("allowed");
        const auto allow = [](const char *name, const char *command) {
            QTest::newRow(name) << QString::fromLatin1(command) << true;
        };
        const auto deny = [](const char *name, const char *command) {
            QTest::newRow(name) << QString::fromLatin1(command) << false;
        };
        allow("qm list", "/usr/sbin/qm list");
        allow("qm status", "/usr/sbin/qm status 100");
        allow("qm config", "/usr/sbin/qm config 100 --current");
        allow("pct list", "/usr/sbin/pct list");
        allow("pct config", "/usr/sbin/pct config 200");
        allow("pvesh get", "/usr/sbin/pvesh get /nodes --output-format json");
        allow("pvesh get in /usr/bin", "/usr/bin/pvesh get /cluster/resources");
        allow("pvesm status", "/usr/sbin/pvesm status");
        allow("pvecm nodes", "/usr/sbin/pvecm nodes");
        allow("qm start", "/usr/sbin/qm start 100");
        allow("qm shutdown", "/usr/sbin/qm shutdown 100 --timeout 60");
        allow("pct snapshot", "/usr/sbin/pct snapshot 200 before-upgrade");
        allow("vzdump", "/usr/bin/vzdump 100 --mode snapshot --storage local");
        allow("journalctl", "/usr/bin/journalctl -u pveproxy --since today --no-pager");
        allow("systemctl status", "/usr/bin/systemctl status pveproxy");
        allow("df", "/usr/bin/df -h");
        allow("free", "/usr/bin/free -m");
        allow("zpool status", "/usr/sbin/zpool status rpool");
        allow("zfs list", "/usr/sbin/zfs list -t snapshot");

        deny("rm -rf /", "/usr/bin/rm -rf /");
        deny("rm -rf / no-preserve", "/usr/bin/rm -rf --no-preserve-root /");
        deny("dd to disk", "/usr/bin/dd if=/dev/zero of=/dev/sda");
        deny("mkfs", "/usr/sbin/mkfs.ext4 /dev/sda1");
        deny("wipefs", "/usr/sbin/wipefs -a /dev/sda");
        deny("qm destroy", "/usr/sbin/qm destroy 100 --purge");
        deny("pct destroy", "/usr/sbin/pct destroy 200");
        deny("qm set hookscript", "/usr/sbin/qm set 100 --hookscript local:snippets/x.sh");
        deny("qm rollback without dangerous", "/usr/sbin/qm rollback 100 snap1");
        deny("qm list with extra", "/usr/sbin/qm list; rm -rf /");
        deny("pvesh delete", "/usr/sbin/pvesh delete /nodes/pve/qemu/100");
        deny("pvesh set", "/usr/sbin/pvesh set /cluster/options --keyboard de");
        deny("pveum user delete", "/usr/sbin/pveum user delete root@pam");
        deny("zfs destroy", "/usr/sbin/zfs destroy -r rpool");
        deny("zpool destroy", "/usr/sbin/zpool destroy rpool");
        deny("systemctl stop", "/usr/bin/systemctl stop pve-cluster");
        deny("systemctl restart", "/usr/bin/systemctl restart pveproxy");
        deny("shutdown", "/usr/sbin/shutdown -h now");
        deny("reboot", "/usr/sbin/reboot");
        deny("journalctl vacuum", "/usr/bin/journalctl --vacuum-time=1s");
        deny("journalctl vacuum late", "/usr/bin/journalctl -u x --vacuum-size=1K");
        deny("journalctl cursor-file", "/usr/bin/journalctl --cursor-file=/etc/passwd");
        deny("vzdump script", "/usr/bin/vzdump 100 --script /tmp/evil.sh");
        deny("a shell", "/usr/bin/bash -c id");
        deny("sh", "/usr/bin/sh");
        deny("chmod shadow", "/usr/bin/chmod 777 /etc/shadow");
        deny("tee sudoers", "/usr/bin/tee /etc/sudoers.d/x");
        deny("visudo", "/usr/sbin/visudo");
    }

    void sudoDecides()
    {
        QFETCH(QString, command);
        QFETCH(bool, allowed);
        const QString unavailable = SudoSandbox::unavailableReason();
        if (!unavailable.isEmpty())
            QSKIP(qPrintable(unavailable));
        // sudo's own matching, in a private mount namespace: exit 0 means allowed.
        const auto answer = SudoSandbox::check(generated(false), kUser, {command});
        QVERIFY2(answer.ok(), answer.ok() ? "" : qPrintable(answer.error().message));
        QCOMPARE(answer.value().first(), allowed);
    }
};

QTEST_GUILESS_MAIN(TestSudoersGenerator)
#include "TestSudoersGenerator.moc"
