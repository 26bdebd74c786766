#include "shared/config/ConfigDiff.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace pmcp;

class TestConfigDiff final : public QObject {
    Q_OBJECT
private slots:
    void addedRemovedAndChangedKeys();
    void secretsShowOnlyThatTheyChanged();
    void layoutOnlyChangesAreSaid();
    void sameTextIsEmpty();
};

void TestConfigDiff::addedRemovedAndChangedKeys()
{
    const ConfigDiff diff =
        ConfigDiff::between(QByteArray("A=1\nB=2\nC=3\n"), QByteArray("C=30\nA=1\nD=4\n"));
    QCOMPARE(diff.keys(),
             QStringList({QStringLiteral("C"), QStringLiteral("D"), QStringLiteral("B")}));
    QCOMPARE(diff.lines(), QStringList({QStringLiteral("~ C: 3 -> 30"), QStringLiteral("+ D: 4"),
                                        QStringLiteral("- B: 2 (removed: the default applies)")}));
    const QJsonArray changes = diff.toJson()[QLatin1String("changes")].toArray();
    QCOMPARE(changes.size(), 3);
    QCOMPARE(changes[0][QLatin1String("change")].toString(), QStringLiteral("changed"));
    QCOMPARE(changes[0][QLatin1String("from")].toString(), QStringLiteral("3"));
    QCOMPARE(changes[0][QLatin1String("to")].toString(), QStringLiteral("30"));
    QVERIFY(!changes[1].toObject().contains(QLatin1String("from")));
    QVERIFY(!changes[2].toObject().contains(QLatin1String("to")));
    QVERIFY(!diff.layoutChanged());
}

void TestConfigDiff::secretsShowOnlyThatTheyChanged()
{
    // A schema secret and an unknown key whose name looks secret.
    const ConfigDiff diff =
        ConfigDiff::between(QByteArray("PROXMOX_PASSWORD=old-pass\nMY_API_TOKEN=abc123\n"),
                            QByteArray("PROXMOX_PASSWORD=new-pass\nSSH_KEY_PASSPHRASE=phrase\n"));
    const QString lines = diff.lines().join(u'\n');
    QVERIFY2(lines.contains(QStringLiteral("~ PROXMOX_PASSWORD: (secret, changed)")),
             qPrintable(lines));
    QVERIFY(lines.contains(QStringLiteral("+ SSH_KEY_PASSPHRASE: (secret, added)")));
    QVERIFY(lines.contains(QStringLiteral("- MY_API_TOKEN: (secret, removed)")));
    const QByteArray json = QJsonDocument(diff.toJson()).toJson();
    for (const char *value : {"old-pass", "new-pass", "abc123", "phrase"}) {
        QVERIFY(!lines.contains(QLatin1String(value)));
        QVERIFY(!json.contains(value));
    }
    for (const ConfigDiff::Change &change : diff.changes()) {
        QVERIFY(change.secret);
        QVERIFY(change.from.isEmpty() && change.to.isEmpty());
    }
}

void TestConfigDiff::layoutOnlyChangesAreSaid()
{
    const ConfigDiff diff =
        ConfigDiff::between(QByteArray("A=1\nB=2\n"), QByteArray("# a comment\nB=2\nA=1\n"));
    QVERIFY(diff.isEmpty());
    QVERIFY(diff.layoutChanged());
    QCOMPARE(diff.lines(),
             QStringList{QStringLiteral("(only comments, blank lines or the order differ)")});
}

void TestConfigDiff::sameTextIsEmpty()
{
    const ConfigDiff diff = ConfigDiff::between(QByteArray("A=1\n"), QByteArray("A=1\n"));
    QVERIFY(diff.isEmpty());
    QVERIFY(!diff.layoutChanged());
    QVERIFY(diff.lines().isEmpty());
}

QTEST_GUILESS_MAIN(TestConfigDiff)
#include "TestConfigDiff.moc"
