#include "server/policy/WriteTargets.h"

#include <QTest>

using namespace pmcp;

class TestWriteTargets final : public QObject {
    Q_OBJECT

private slots:
    void targets_data();
    void targets();
    void intoDirectory_data();
    void intoDirectory();
    void trees_data();
    void trees();
};

namespace {

QList<CommandWord> words(const QStringList &argv)
{
    QList<CommandWord> out;
    for (const QString &word : argv)
        out.append({word, false, false, false});
    return out;
}

QStringList texts(const QList<CommandWord> &words)
{
    QStringList out;
    for (const CommandWord &word : words)
        out << word.text;
    return out;
}

} // namespace

void TestWriteTargets::intoDirectory_data()
{
    QTest::addColumn<QStringList>("argv");
    QTest::addColumn<QStringList>("targets");
    const auto l = [](const char *words) { return QString::fromLatin1(words).split(u' '); };
    QTest::newRow("cp into a directory") << l("cp /tmp/sudoers /etc/") << l("/etc//sudoers");
    QTest::newRow("several sources") << l("cp /a/x /b/y /etc") << l("/etc/x /etc/y");
    QTest::newRow("target directory") << l("mv -t /etc /tmp/shadow") << l("/etc/shadow");
    QTest::newRow("ln into a directory") << l("ln -s /tmp/x /etc/cron.d") << l("/etc/cron.d/x");
    QTest::newRow("scp remote source") << l("scp host:/x/sudoers /etc") << l("/etc/sudoers");
    QTest::newRow("remote destination") << l("rsync /a host:/etc") << QStringList{};
    QTest::newRow("contents are a tree") << l("rsync -a /tmp/e/ /etc/") << QStringList{};
    QTest::newRow("one operand") << l("cp x") << QStringList{};
    QTest::newRow("not a copier") << l("tee /a /b") << QStringList{};
}

void TestWriteTargets::intoDirectory()
{
    QFETCH(QStringList, argv);
    QFETCH(QStringList, targets);
    QCOMPARE(texts(WriteTargets::intoDirectory(words(argv))), targets);
}

void TestWriteTargets::trees_data()
{
    QTest::addColumn<QStringList>("argv");
    QTest::addColumn<QStringList>("trees");
    const auto l = [](const char *words) { return QString::fromLatin1(words).split(u' '); };
    QTest::newRow("rsync contents") << l("rsync -a /tmp/e/ /etc/") << l("/etc/");
    QTest::newRow("rsync directory") << l("rsync -a /tmp/etc /") << l("//etc");
    QTest::newRow("cp -r contents") << l("cp -r /tmp/e/. /etc") << l("/etc");
    QTest::newRow("cp -a directory") << l("cp -a /tmp/ssh /root") << l("/root/ssh");
    QTest::newRow("cp without -r") << l("cp /tmp/x /etc") << QStringList{};
    QTest::newRow("tar extract") << l("tar -xzf a.tgz -C /") << l("/");
    QTest::newRow("tar old style") << l("tar xf a.tar -C /etc") << l("/etc");
    QTest::newRow("tar create") << l("tar czf /tmp/a.tgz -C /etc .") << QStringList{};
    QTest::newRow("unzip") << l("unzip a.zip -d /etc") << l("/etc");
    QTest::newRow("mount point") << l("mount -t tmpfs none /etc/pve") << l("/etc/pve");
}

void TestWriteTargets::trees()
{
    QFETCH(QStringList, argv);
    QFETCH(QStringList, trees);
    QCOMPARE(texts(WriteTargets::trees(words(argv))), trees);
}

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
