#include "server/auth/ClientStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

// What the client store adds to TokenFile (tested in TestTokenFile): the file and token format
// that every existing installation and script already has.
class TestClientStore final : public QObject {
    Q_OBJECT
private slots:
    void keepsTheFileAndTokenFormatOfEarlierReleases()
    {
        QTemporaryDir dir;
        ClientStore store(dir.path());
        const auto token = store.create(QStringLiteral("laptop"), true, 0);
        QVERIFY(token.ok());
        QVERIFY(token.value().startsWith(QStringLiteral("pmcp_")));
        QCOMPARE(token.value().size(), 48);
        QCOMPARE(store.filePath(), dir.filePath(QStringLiteral("clients.json")));
        QFile file(store.filePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(root[QLatin1String("version")].toInt(), 1);
        const QJsonObject record = root[QLatin1String("clients")].toArray().at(0).toObject();
        QCOMPARE(record[QLatin1String("name")].toString(), QStringLiteral("laptop"));
        QCOMPARE(record[QLatin1String("read_only")].toBool(), true);
        QCOMPARE(store.authenticate(token.value().toLatin1())->readOnly, true);
    }
};

QTEST_GUILESS_MAIN(TestClientStore)
#include "TestClientStore.moc"
