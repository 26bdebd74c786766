#include "server/backup/BackupManifest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace pmcp;

namespace {

BackupManifest sample()
{
    BackupManifest manifest;
    manifest.version = QStringLiteral("1.2.3");
    manifest.created = QDateTime(QDate(2026, 12, 4), QTime(2, 0), Qt::UTC);
    manifest.host = QStringLiteral("pmcp-host");
    manifest.files.append({QStringLiteral("state/clients.json"), QLatin1String(BackupPart::Clients),
                           BackupOrigin::State, QStringLiteral("clients.json"), 12,
                           QByteArray(64, 'a'), 0600});
    manifest.files.append({QStringLiteral("files/id_ed25519"), QLatin1String(BackupPart::Keys),
                           BackupOrigin::File, QStringLiteral("/etc/proxmox-mcp/id_ed25519"), 3,
                           QByteArray(64, 'b'), 0600});
    return manifest;
}

// The sample's JSON with the first file's field replaced.
QByteArray withFirstFile(const QString &field, const QJsonValue &value)
{
    QJsonObject object = QJsonDocument::fromJson(sample().toJson()).object();
    QJsonArray files = object[QLatin1String("files")].toArray();
    QJsonObject first = files.at(0).toObject();
    first.insert(field, value);
    files.replace(0, first);
    object.insert(QStringLiteral("files"), files);
    return QJsonDocument(object).toJson();
}

} // namespace

class TestBackupManifest final : public QObject {
    Q_OBJECT
private slots:
    void roundTripsEveryField()
    {
        const auto read = BackupManifest::fromJson(sample().toJson());
        QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().message));
        const BackupManifest &manifest = read.value();
        QCOMPARE(manifest.version, QStringLiteral("1.2.3"));
        QCOMPARE(manifest.created, sample().created);
        QCOMPARE(manifest.host, QStringLiteral("pmcp-host"));
        QCOMPARE(manifest.files.size(), 2);
        const BackupFile *key = manifest.find(QStringLiteral("files/id_ed25519"));
        QVERIFY(key);
        QCOMPARE(key->origin, BackupOrigin::File);
        QCOMPARE(key->target, QStringLiteral("/etc/proxmox-mcp/id_ed25519"));
        QCOMPARE(key->part, QStringLiteral("keys"));
        QCOMPARE(key->size, 3);
        QCOMPARE(key->sha256, QByteArray(64, 'b'));
        QCOMPARE(manifest.find(QStringLiteral("nothing")), nullptr);
    }

    void refusesWhatARestoreMustNotFollow_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("state target climbing out") << "target"
                                                   << "../../etc/passwd"
                                                   << "points outside";
        QTest::newRow("absolute state target") << "target"
                                               << "/etc/passwd"
                                               << "points outside";
        QTest::newRow("unknown part") << "part"
                                      << "everything"
                                      << "incomplete";
        QTest::newRow("unknown origin") << "origin"
                                        << "network"
                                        << "incomplete";
        QTest::newRow("short sum") << "sha256"
                                   << "abc"
                                   << "incomplete";
    }

    void refusesWhatARestoreMustNotFollow()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        const auto read = BackupManifest::fromJson(withFirstFile(field, value));
        QVERIFY(!read.ok());
        QVERIFY2(read.error().message.contains(expected), qPrintable(read.error().message));
    }

    void refusesAnotherFormatOrNoObject()
    {
        QByteArray json = sample().toJson();
        json.replace("\"format\": 1", "\"format\": 7");
        const auto other = BackupManifest::fromJson(json);
        QVERIFY(!other.ok());
        QVERIFY(other.error().message.contains(QStringLiteral("format 7")));
        QVERIFY(!BackupManifest::fromJson("[1, 2]").ok());
        QVERIFY(!BackupManifest::fromJson("not json").ok());
    }

    void partsAreTheFourOfTheRestoreOption()
    {
        QCOMPARE(BackupPart::all(),
                 QStringList({QStringLiteral("config"), QStringLiteral("keys"),
                              QStringLiteral("clients"), QStringLiteral("audit")}));
        QVERIFY(BackupPart::isValid(QStringLiteral("audit")));
        QVERIFY(!BackupPart::isValid(QStringLiteral("Audit")));
    }
};

QTEST_GUILESS_MAIN(TestBackupManifest)
#include "TestBackupManifest.moc"
