#include "desktop/app/ConnectionProfiles.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

// Profiles in a settings file: saved, replaced, removed, the current one, and no token field.
class TestConnectionProfiles final : public QObject {
    Q_OBJECT
private slots:
    void savesReplacesAndRemoves()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("desktop.conf"));
        {
            ConnectionProfiles profiles(std::make_unique<QSettings>(file, QSettings::IniFormat));
            QVERIFY(profiles.list().isEmpty());
            profiles.save({QStringLiteral("lab"), QUrl(QStringLiteral("https://lab:8080")),
                           QStringLiteral("AA:BB")});
            profiles.save({QStringLiteral("prod"), QUrl(QStringLiteral("http://prod:8080")), {}});
            profiles.save({QStringLiteral("lab"), QUrl(QStringLiteral("https://lab:9090")),
                           QStringLiteral("CC:DD")});
            profiles.setCurrent(QStringLiteral("prod"));
        }
        ConnectionProfiles reopened(std::make_unique<QSettings>(file, QSettings::IniFormat));
        const auto list = reopened.list();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].name, QStringLiteral("lab"));
        QCOMPARE(list[0].url, QUrl(QStringLiteral("https://lab:9090")));
        QCOMPARE(list[0].fingerprint, QStringLiteral("CC:DD"));
        QCOMPARE(reopened.current(), QStringLiteral("prod"));
        QVERIFY(reopened.find(QStringLiteral("prod")));
        QVERIFY(!reopened.find(QStringLiteral("nope")));

        reopened.remove(QStringLiteral("prod"));
        QCOMPARE(reopened.list().size(), 1);
        QVERIFY(reopened.current().isEmpty());

        // The file holds names, URLs and pins: no token field exists to fill.
        QFile stored(file);
        QVERIFY(stored.open(QIODevice::ReadOnly));
        const QByteArray text = stored.readAll().toLower();
        QVERIFY(text.contains("lab"));
        QVERIFY(!text.contains("token"));
    }
};

QTEST_GUILESS_MAIN(TestConnectionProfiles)
#include "TestConnectionProfiles.moc"
