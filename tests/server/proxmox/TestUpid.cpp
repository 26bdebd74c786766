#include "server/proxmox/Upid.h"

#include <QRegularExpression>
#include <QTest>

using namespace pmcp;

namespace {
QString s(const char *text)
{
    return QString::fromLatin1(text);
}
const QString upid = s("UPID:pve1:000FF1FD:10F9374C:630D702C:qmstart:100:root@pam:");
} // namespace

class TestUpid final : public QObject {
    Q_OBJECT
private slots:
    void parsesEveryPart()
    {
        const auto parsed = Upid::parse(upid);
        QVERIFY(parsed);
        QCOMPARE(parsed->node, s("pve1"));
        QCOMPARE(parsed->pid, quint32(0x000FF1FD));
        QCOMPARE(parsed->pstart, quint64(0x10F9374C));
        QCOMPARE(parsed->startTime, qint64(0x630D702C));
        QCOMPARE(parsed->type, s("qmstart"));
        QCOMPARE(parsed->id, s("100"));
        QCOMPARE(parsed->user, s("root@pam"));
        QCOMPARE(parsed->text, upid);
    }

    void validates_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("node");

        QTest::newRow("qmstart") << upid << s("pve1");
        QTest::newRow("empty id") << s("UPID:node:0017C594:0ADB2769:63EC5455:imgcopy::root@pam:")
                                  << s("node");
        QTest::newRow("nine hex pstart")
            << s("UPID:iaclab-01-01:000029DD:1599528BA:6108F068:srvreload:networking:root@pam:")
            << s("iaclab-01-01");
        QTest::newRow("token user")
            << s("UPID:pve2:003F8C63:1E7FB79C:67449780:vzdump:100:root@pam!mcp:") << s("pve2");
        QTest::newRow("no trailing colon")
            << s("UPID:pve1:000FF1FD:10F9374C:630D702C:qmstart:100:root@pam") << QString();
        QTest::newRow("short pid")
            << s("UPID:pve1:FF1FD:10F9374C:630D702C:qmstart:100:root@pam:") << QString();
        QTest::newRow("slash in id")
            << s("UPID:pve1:000FF1FD:10F9374C:630D702C:qmstart:../x:root@pam:") << QString();
        QTest::newRow("node ends in dash")
            << s("UPID:pve-:000FF1FD:10F9374C:630D702C:qmstart:100:root@pam:") << QString();
        QTest::newRow("text around it") << s("started ") + upid << QString();
        QTest::newRow("not a upid") << s("100") << QString();
        QTest::newRow("empty") << QString() << QString();
    }

    void validates()
    {
        QFETCH(QString, text);
        QFETCH(QString, node);
        QCOMPARE(Upid::nodeOf(text), node);
        QCOMPARE(Upid::isValid(text), !node.isEmpty());
        QCOMPARE(Upid::parse(text).has_value(), !node.isEmpty());
    }

    void findsOneInText()
    {
        QCOMPARE(Upid::find(s("Task ") + upid + s(" started")), upid);
        QCOMPARE(Upid::find(upid), upid);
        QCOMPARE(Upid::find(s("two: ") + upid +
                            s(" and UPID:pve2:003F8C63:1E7FB79C:67449780:"
                              "vzdump:100:root@pam!mcp:")),
                 upid);
        QVERIFY(
            Upid::find(s("xUPID:pve1:000FF1FD:10F9374C:630D702C:qmstart:100:root@pam:")).isEmpty());
        QVERIFY(Upid::find(s("no task here")).isEmpty());
    }

    void theSchemaPatternAcceptsEveryValidUpid()
    {
        QVERIFY(upid.contains(QRegularExpression(Upid::schemaPattern())));
    }
};

QTEST_GUILESS_MAIN(TestUpid)
#include "TestUpid.moc"
