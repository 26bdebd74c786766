#include "shared/core/SecretMask.h"

#include <QTest>

using namespace pmcp;

namespace {
QString s(const char *text)
{
    return QString::fromLatin1(text);
}
} // namespace

class TestSecretMask final : public QObject {
    Q_OBJECT
private slots:
    void namesASecret_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("secret");
        QTest::newRow("password") << s("password") << true;
        QTest::newRow("passwd") << s("passwd") << true;
        QTest::newRow("token_value") << s("token_value") << true;
        QTest::newRow("PROXMOX_TOKEN") << s("PROXMOX_TOKEN") << true;
        QTest::newRow("client_secret") << s("client_secret") << true;
        QTest::newRow("passphrase") << s("ssh_passphrase") << true;
        QTest::newRow("credentials") << s("credentials") << true;
        QTest::newRow("cookie") << s("Cookie") << true;
        QTest::newRow("authorization") << s("Authorization") << true;
        QTest::newRow("ticket") << s("ticket") << true;
        QTest::newRow("private") << s("private_key_file") << true;
        QTest::newRow("apiKey") << s("apiKey") << true;
        QTest::newRow("ssh_key") << s("SSH_KEY") << true;
        QTest::newRow("sshkeys") << s("sshkeys") << true;
        QTest::newRow("vmid") << s("vmid") << false;
        QTest::newRow("keyboard") << s("keyboard") << false;
        QTest::newRow("command") << s("command") << false;
        QTest::newRow("node") << s("node") << false;
        QTest::newRow("empty") << QString() << false;
    }

    void namesASecret()
    {
        QFETCH(QString, key);
        QFETCH(bool, secret);
        QCOMPARE(SecretMask::isSecretName(key), secret);
    }

    void masksSecretValuesAndKeepsTheRest()
    {
        const QJsonObject masked = SecretMask::mask(QJsonObject{
            {s("password"), s("a")}, {s("token"), 42}, {s("vmid"), 100}, {s("name"), s("web")}});
        QCOMPARE(masked.value(s("password")).toString(), SecretMask::masked());
        QCOMPARE(masked.value(s("token")).toString(), SecretMask::masked());
        QCOMPARE(masked.value(s("vmid")).toInt(), 100);
        QCOMPARE(masked.value(s("name")).toString(), s("web"));
        QCOMPARE(SecretMask::masked(), s("********"));
    }

    void masksAtAnyDepth()
    {
        const QJsonObject masked = SecretMask::mask(
            QJsonObject{{s("data"), QJsonObject{{s("token_value"), s("b")}, {s("name"), s("c")}}},
                        {s("list"), QJsonArray{QJsonObject{{s("sshkey"), s("d")}}, s("plain")}}});
        const QJsonObject data = masked.value(s("data")).toObject();
        QCOMPARE(data.value(s("token_value")).toString(), SecretMask::masked());
        QCOMPARE(data.value(s("name")).toString(), s("c"));
        const QJsonArray list = masked.value(s("list")).toArray();
        QCOMPARE(list.at(0).toObject().value(s("sshkey")).toString(), SecretMask::masked());
        QCOMPARE(list.at(1).toString(), s("plain"));
        const QJsonArray top = SecretMask::mask(QJsonArray{QJsonObject{{s("secret"), s("e")}}});
        QCOMPARE(top.at(0).toObject().value(s("secret")).toString(), SecretMask::masked());
    }

    void aSecretKeyHidesAWholeObjectOrArray()
    {
        const QJsonObject masked =
            SecretMask::mask(QJsonObject{{s("tokens"), QJsonArray{s("t1"), s("t2")}},
                                         {s("credentials"), QJsonObject{{s("user"), s("u")}}}});
        QCOMPARE(masked.value(s("tokens")).toString(), SecretMask::masked());
        QCOMPARE(masked.value(s("credentials")).toString(), SecretMask::masked());
    }

    void nullAndBooleansRevealNothingAndStay()
    {
        const QJsonObject masked =
            SecretMask::mask(QJsonObject{{s("password"), QJsonValue::Null}, {s("token"), true}});
        QVERIFY(masked.value(s("password")).isNull());
        QCOMPARE(masked.value(s("token")).toBool(), true);
    }
};

QTEST_GUILESS_MAIN(TestSecretMask)
#include "TestSecretMask.moc"
