#include "server/policy/WriteTargets.h"

#include <QTest>

using namespace pmcp;

class TestWriteTargets final : public QObject {
    Q_OBJECT

private slots:
    void targets_data();
    void targets();
};

void TestWriteTargets::targets_data()
{
    QTest::addColumn<QStringList>("argv");
    QTest::addColumn<QStringList>("targets");
    const auto l = [](const char *words) { return QString::fromLatin1(words).split(u' '); };
    QTest::newRow("tee") << l("tee -a /a /b") << l("/a /b");
    QTest::newRow("cp destination") << l("cp -r /src /dst") << l("/dst");
    QTest::newRow("cp target directory") << l("cp -t /dir /a /b") << l("/dir /b");
    QTest::newRow("install with mode") << l("install -m 440 /tmp/x /etc/x") << l("/etc/x");
    QTest::newRow("mv moves both") << l("mv /etc/a /tmp/b") << l("/etc/a /tmp/b");
    QTest::newRow("dd of") << l("dd if=/a of=/b bs=1M") << l("/b");
    QTest::newRow("sed in place") << l("sed -i s/a/b/ /etc/x") << l("s/a/b/ /etc/x");
    QTest::newRow("sed not in place") << l("sed s/a/b/ /etc/x") << QStringList{};
    QTest::newRow("truncate") << l("truncate -s 0 /f") << l("/f");
    QTest::newRow("ln both ends") << l("ln -sf /a /b") << l("/a /b");
    QTest::newRow("mount point") << l("mount --bind /a /b") << l("/b");
    QTest::newRow("curl output") << l("curl -s -o /f http://x") << l("/f");
    QTest::newRow("curl attached") << l("curl -o/f http://x") << l("/f");
    QTest::newRow("wget output") << l("wget --output-document=/f http://x") << l("/f");
    QTest::newRow("chmod") << l("chmod 600 /f") << l("600 /f");
    QTest::newRow("cat writes nothing") << l("cat /etc/shadow") << QStringList{};
    QTest::newRow("tar directory") << l("tar xf /a.tar -C /etc/sudoers.d") << l("/etc/sudoers.d");
    QTest::newRow("unzip directory") << l("unzip -o a.zip -d /root/.ssh") << l("/root/.ssh");
    QTest::newRow("openssl out") << l("openssl enc -in /a -out /b") << l("/b");
    QTest::newRow("path program") << l("/usr/bin/tee /f") << l("/f");
}

void TestWriteTargets::targets()
{
    QFETCH(QStringList, argv);
    QFETCH(QStringList, targets);
    QList<CommandWord> words;
    for (const QString &word : argv)
        words.append({word, false, false, false});
    QStringList found;
    for (const CommandWord &word : WriteTargets::of(words))
        found << word.text;
    QCOMPARE(found, targets);
}

QTEST_GUILESS_MAIN(TestWriteTargets)
#include "TestWriteTargets.moc"
