#include "server/proxmox/ProxmoxEncoding.h"

#include <QJsonArray>
#include <QTest>

using namespace pmcp;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

} // namespace

class TestProxmoxEncoding : public QObject {
    Q_OBJECT

private slots:
    void encodesPaths_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("encoded");

        QTest::newRow("plain") << s("/nodes/pve1/qemu/100/status/current")
                               << QByteArray("/nodes/pve1/qemu/100/status/current");
        QTest::newRow("upid keeps colons and @")
            << s("/nodes/pve1/tasks/UPID:pve1:0017C594:0ADB2769:63EC5455:imgcopy::root@pam:/log")
            << QByteArray(
                   "/nodes/pve1/tasks/UPID:pve1:0017C594:0ADB2769:63EC5455:imgcopy::root@pam:/log");
        QTest::newRow("pre-encoded slash stays in its segment")
            << s("/nodes/pve1/storage/local/content/local:iso%2Fdebian.iso")
            << QByteArray("/nodes/pve1/storage/local/content/local:iso%2Fdebian.iso");
        QTest::newRow("space and question mark")
            << s("/pools/my pool?x") << QByteArray("/pools/my%20pool%3Fx");
        QTest::newRow("no leading slash") << s("version") << QByteArray("/version");
    }

    void encodesPaths()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, encoded);
        QCOMPARE(ProxmoxEncoding::encodePath(path), encoded);
    }

    void encodesParams_data()
    {
        QTest::addColumn<QJsonObject>("params");
        QTest::addColumn<QByteArray>("encoded");

        QTest::newRow("booleans as 0/1")
            << QJsonObject{{s("a"), true}, {s("b"), false}} << QByteArray("a=1&b=0");
        QTest::newRow("integers without decimals")
            << QJsonObject{{s("vmid"), 100}, {s("ratio"), 0.5}} << QByteArray("ratio=0.5&vmid=100");
        QTest::newRow("arrays joined with commas")
            << QJsonObject{{s("delete"), QJsonArray{s("net1"), s("ide2")}}}
            << QByteArray("delete=net1%2Cide2");
        QTest::newRow("special characters")
            << QJsonObject{{s("net0"), s("virtio,bridge=vmbr0 x&y")}}
            << QByteArray("net0=virtio%2Cbridge%3Dvmbr0%20x%26y");
        QTest::newRow("null left out")
            << QJsonObject{{s("a"), QJsonValue::Null}, {s("b"), s("x")}} << QByteArray("b=x");
    }

    void encodesParams()
    {
        QFETCH(QJsonObject, params);
        QFETCH(QByteArray, encoded);
        QCOMPARE(ProxmoxEncoding::encodeParams(params), encoded);
    }

    void repeatsKeysOfArrayTypedParams()
    {
        // The guest agent's "command" is an array in the schema: one key per word.
        const QJsonObject params{{s("command"), QJsonArray{s("uname"), s("-a")}},
                                 {s("delete"), QJsonArray{s("net1"), s("ide2")}}};
        QCOMPARE(ProxmoxEncoding::encodeParams(params, {s("command")}),
                 QByteArray("command=uname&command=-a&delete=net1%2Cide2"));
    }

    void parsesFingerprints_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");

        const QString hex = s("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
                              "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89");
        QTest::newRow("colons upper") << hex << true;
        QTest::newRow("colons lower") << hex.toLower() << true;
        QTest::newRow("no colons") << QString(hex).remove(u':') << true;
        QTest::newRow("base64")
            << s("SHA256:") +
                   QString::fromLatin1(
                       QByteArray::fromHex(QString(hex).remove(u':').toLatin1()).toBase64())
            << true;
        QTest::newRow("too short") << hex.left(hex.size() - 3) << false;
        QTest::newRow("not hex") << QString(hex).replace(0, 2, s("GG")) << false;
        QTest::newRow("sha1 length") << hex.left(59) << false;
    }

    void parsesFingerprints()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        const QByteArray digest = ProxmoxEncoding::parseFingerprint(text);
        QCOMPARE(digest.size(), valid ? 32 : 0);
        if (valid)
            QCOMPARE(ProxmoxEncoding::formatFingerprint(digest),
                     s("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
                       "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"));
    }
};

QTEST_MAIN(TestProxmoxEncoding)
#include "TestProxmoxEncoding.moc"
