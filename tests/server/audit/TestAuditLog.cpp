#include "server/audit/AuditLog.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

namespace {

AuditEntry entry(int n)
{
    return AuditEntry{QStringLiteral("client-%1").arg(n),
                      QStringLiteral("proxmox_vm_status"),
                      QJsonObject{{QStringLiteral("vmid"), 100 + n}},
                      QStringLiteral("allowed"),
                      n * 10,
                      QStringLiteral("ok"),
                      QString(),
                      QJsonObject(),
                      QString(),
                      QJsonObject()};
}

QList<QByteArray> readLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> lines = file.readAll().split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

void writeLines(const QString &path, const QList<QByteArray> &lines)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    for (const auto &line : lines)
        file.write(line + '\n');
}

QJsonObject parse(const QByteArray &line)
{
    return QJsonDocument::fromJson(line).object();
}

} // namespace

class TestAuditLog final : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_state = std::make_unique<QTemporaryDir>();
        QVERIFY(m_state->isValid());
        m_dir = AuditLog::directoryIn(m_state->path());
        m_key = AuditLog::keyPathIn(m_state->path());
    }

    void chainVerifies()
    {
        AuditLog log(m_dir, m_key);
        QVERIFY(log.open().ok());
        QSignalSpy spy(&log, &AuditLog::appended);
        for (int i = 1; i <= 5; ++i)
            QVERIFY(log.append(entry(i)).ok());
        QCOMPARE(spy.count(), 5);
        const auto result = AuditLog::verify(m_dir, m_key);
        QVERIFY2(result.ok, qPrintable(result.reason));
        QCOMPARE(result.entriesChecked, 5);

        const auto lines = readLines(m_dir + QStringLiteral("/audit-000001.jsonl"));
        QCOMPARE(lines.size(), 5);
        const QJsonObject first = parse(lines[0]);
        const QJsonObject second = parse(lines[1]);
        QCOMPARE(first.value(QLatin1String("seq")).toInteger(), 1);
        QCOMPARE(first.value(QLatin1String("prev")).toString(), QString(64, QLatin1Char('0')));
        QCOMPARE(second.value(QLatin1String("prev")), first.value(QLatin1String("mac")));
        QCOMPARE(first.value(QLatin1String("client")).toString(), QStringLiteral("client-1"));
        QCOMPARE(first.value(QLatin1String("duration_ms")).toInteger(), 10);
        QVERIFY(first.value(QLatin1String("time")).toString().endsWith(QLatin1Char('Z')));
        QCOMPARE(spy.last().first().toJsonObject().value(QLatin1String("seq")).toInteger(), 5);
    }

    void tamperingIsDetected_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<qint64>("badLine");
        QTest::addColumn<QString>("reason");
        QTest::newRow("edit a field") << QStringLiteral("edit") << 3LL << QStringLiteral("edited");
        QTest::newRow("delete a line")
            << QStringLiteral("delete") << 3LL << QStringLiteral("removed or reordered");
        QTest::newRow("swap two lines")
            << QStringLiteral("swap") << 2LL << QStringLiteral("removed or reordered");
        QTest::newRow("blank a line")
            << QStringLiteral("blank") << 4LL << QStringLiteral("malformed");
        QTest::newRow("untouched") << QStringLiteral("none") << 0LL << QString();
    }

    void tamperingIsDetected()
    {
        QFETCH(QString, change);
        QFETCH(qint64, badLine);
        QFETCH(QString, reason);
        {
            AuditLog log(m_dir, m_key);
            QVERIFY(log.open().ok());
            for (int i = 1; i <= 5; ++i)
                QVERIFY(log.append(entry(i)).ok());
        }
        const QString path = m_dir + QStringLiteral("/audit-000001.jsonl");
        QList<QByteArray> lines = readLines(path);
        if (change == QLatin1String("edit"))
            lines[2].replace("\"outcome\":\"ok\"", "\"outcome\":\"error\"");
        else if (change == QLatin1String("delete"))
            lines.removeAt(2);
        else if (change == QLatin1String("swap"))
            lines.swapItemsAt(1, 2);
        else if (change == QLatin1String("blank"))
            lines[3].clear();
        writeLines(path, lines);

        const auto result = AuditLog::verify(m_dir, m_key);
        QCOMPARE(result.ok, badLine == 0);
        QCOMPARE(result.firstBadLine, badLine);
        if (badLine > 0) {
            QCOMPARE(result.firstBadFile, QStringLiteral("audit-000001.jsonl"));
            QVERIFY2(result.reason.startsWith(reason), qPrintable(result.reason));
            QCOMPARE(result.entriesChecked, badLine - 1);
        }
    }

    void tornWriteIsRepairedOnOpen()
    {
        {
            AuditLog log(m_dir, m_key);
            QVERIFY(log.open().ok());
            for (int i = 1; i <= 3; ++i)
                QVERIFY(log.append(entry(i)).ok());
        }
        const QString path = m_dir + QStringLiteral("/audit-000001.jsonl");
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::Append));
            file.write("{\"arguments\":{\"vmid\":1},\"cli");
        }
        const auto torn = AuditLog::verify(m_dir, m_key);
        QVERIFY(!torn.ok);
        QCOMPARE(torn.firstBadLine, 4);
        QVERIFY2(torn.reason.startsWith(QLatin1String("truncated")), qPrintable(torn.reason));

        AuditLog log(m_dir, m_key);
        QVERIFY(log.open().ok());
        QVERIFY(log.append(entry(4)).ok());
        const auto result = AuditLog::verify(m_dir, m_key);
        QVERIFY2(result.ok, qPrintable(result.reason));
        QCOMPARE(result.entriesChecked, 5); // 3 kept, the repair note, the new one
        const auto lines = readLines(path);
        QCOMPARE(parse(lines[2]).value(QLatin1String("client")).toString(),
                 QStringLiteral("client-3"));
        QCOMPARE(parse(lines[3]).value(QLatin1String("tool")).toString(),
                 QStringLiteral("audit.repair"));
        QCOMPARE(parse(lines[4]).value(QLatin1String("seq")).toInteger(), 5);
    }

    void headIsTheLastEntryReadWithoutWriting()
    {
        auto head = AuditLog::head(m_dir, m_key);
        QVERIFY2(head.ok(), qPrintable(head.ok() ? QString() : head.error().message));
        QCOMPARE(head.value(), 0); // no log yet
        QVERIFY(!QFileInfo::exists(m_dir));
        QVERIFY(!QFileInfo::exists(m_key));
        {
            AuditLog log(m_dir, m_key, 64 * 1024);
            QVERIFY(log.open().ok());
            for (int i = 1; i <= 4; ++i)
                QVERIFY(log.append(entry(i)).ok());
        }
        const QString path = m_dir + QStringLiteral("/audit-000001.jsonl");
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::Append));
            file.write("{\"arguments\":{\"vmid\":1},\"cli"); // torn: open() repairs it
        }
        const qint64 size = QFileInfo(path).size();
        head = AuditLog::head(m_dir, m_key);
        QVERIFY2(head.ok(), qPrintable(head.ok() ? QString() : head.error().message));
        QCOMPARE(head.value(), 4);
        QCOMPARE(QFileInfo(path).size(), size); // left as it was

        writeLines(path, readLines(path).mid(0, 3) << QByteArray("{\"seq\": \"four\"}"));
        head = AuditLog::head(m_dir, m_key);
        QVERIFY(!head.ok());
        QVERIFY2(head.error().message.contains(path), qPrintable(head.error().message));

        QFile key(m_key);
        QVERIFY(key.open(QIODevice::WriteOnly | QIODevice::Truncate));
        key.write("0011\n");
        key.close();
        head = AuditLog::head(m_dir, m_key);
        QVERIFY(!head.ok());
        QVERIFY2(head.error().message.contains(QLatin1String("audit key")),
                 qPrintable(head.error().message));
    }

    void rotationKeepsTheChain()
    {
        {
            AuditLog log(m_dir, m_key, 1200);
            QVERIFY(log.open().ok());
            for (int i = 1; i <= 20; ++i)
                QVERIFY(log.append(entry(i)).ok());
        }
        const QStringList files =
            QDir(m_dir).entryList({QStringLiteral("audit-*.jsonl")}, QDir::Files, QDir::Name);
        QVERIFY2(files.size() >= 3, qPrintable(files.join(QLatin1Char(' '))));
        for (const auto &file : files)
            QVERIFY(QFileInfo(m_dir + QLatin1Char('/') + file).size() <= 1200);
        // A finished file is read-only: that is how other writers see the rotation.
        for (const auto &file : files)
            QCOMPARE(QFileInfo(m_dir + QLatin1Char('/') + file)
                         .permissions()
                         .testFlag(QFileDevice::WriteOwner),
                     file == files.last());
        const auto lastOfFirst = readLines(m_dir + QLatin1Char('/') + files[0]).last();
        const auto firstOfSecond = readLines(m_dir + QLatin1Char('/') + files[1]).first();
        QCOMPARE(parse(firstOfSecond).value(QLatin1String("prev")),
                 parse(lastOfFirst).value(QLatin1String("mac")));

        const auto result = AuditLog::verify(m_dir, m_key);
        QVERIFY2(result.ok, qPrintable(result.reason));
        QCOMPARE(result.entriesChecked, 20);

        // Reopening continues in the last file with the next number.
        {
            AuditLog log(m_dir, m_key, 1200);
            QVERIFY(log.open().ok());
            QVERIFY(log.append(entry(21)).ok());
        }
        QCOMPARE(AuditLog::verify(m_dir, m_key).entriesChecked, 21);

        QVERIFY(QFile::remove(m_dir + QLatin1Char('/') + files[1]));
        const auto missing = AuditLog::verify(m_dir, m_key);
        QVERIFY(!missing.ok);
        QCOMPARE(missing.firstBadFile, files[1]);
        QCOMPARE(missing.reason, QStringLiteral("missing file"));
    }

    void wrongKeyFails()
    {
        {
            AuditLog log(m_dir, m_key);
            QVERIFY(log.open().ok());
            QVERIFY(log.append(entry(1)).ok());
        }
        const QString otherKey = m_state->filePath(QStringLiteral("other.key"));
        {
            AuditLog other(m_state->filePath(QStringLiteral("other-audit")), otherKey);
            QVERIFY(other.open().ok());
        }
        QVERIFY(AuditLog::verify(m_dir, m_key).ok);
        const auto result = AuditLog::verify(m_dir, otherKey);
        QVERIFY(!result.ok);
        QCOMPARE(result.firstBadLine, 1);
        QVERIFY2(result.reason.startsWith(QLatin1String("edited")), qPrintable(result.reason));
    }

    void keyIsPrivateAndOutsideTheLog()
    {
        AuditLog log(m_dir, m_key);
        QVERIFY(log.open().ok());
        QCOMPARE(QFile::permissions(m_key) & 0x0077, QFileDevice::Permissions());
        QCOMPARE(QFile(m_key).size(), 65); // 32 bytes as hex and a newline

        AuditLog inside(m_dir, m_dir + QStringLiteral("/audit.key"));
        QVERIFY(!inside.open().ok());
    }

    void secretsAreMasked_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("masked");
        QTest::newRow("password") << QStringLiteral("password") << true;
        QTest::newRow("token_value") << QStringLiteral("token_value") << true;
        QTest::newRow("PROXMOX_TOKEN") << QStringLiteral("PROXMOX_TOKEN") << true;
        QTest::newRow("client_secret") << QStringLiteral("client_secret") << true;
        QTest::newRow("passphrase") << QStringLiteral("ssh_passphrase") << true;
        QTest::newRow("api key") << QStringLiteral("apiKey") << true;
        QTest::newRow("sshkeys") << QStringLiteral("sshkeys") << true;
        QTest::newRow("vmid") << QStringLiteral("vmid") << false;
        QTest::newRow("keyboard") << QStringLiteral("keyboard") << false;
        QTest::newRow("command") << QStringLiteral("command") << false;
    }

    void secretsAreMasked()
    {
        QFETCH(QString, key);
        QFETCH(bool, masked);
        AuditLog log(m_dir, m_key);
        QVERIFY(log.open().ok());
        AuditEntry e = entry(1);
        e.arguments = QJsonObject{{key, QStringLiteral("s3cr3t-value")},
                                  {QStringLiteral("nested"), QJsonObject{{key, 42}}}};
        QVERIFY(log.append(e).ok());
        const QByteArray line = readLines(m_dir + QStringLiteral("/audit-000001.jsonl")).first();
        QCOMPARE(line.contains("s3cr3t-value"), !masked);
        const QJsonObject arguments = parse(line).value(QLatin1String("arguments")).toObject();
        const QJsonValue expected = masked ? QJsonValue(QStringLiteral("********"))
                                           : QJsonValue(QStringLiteral("s3cr3t-value"));
        QCOMPARE(arguments.value(key), expected);
        QCOMPARE(arguments.value(QLatin1String("nested")).toObject().value(key).isString(), masked);
    }

    // A 3 MB argument costs the log a few hundred bytes; the chain still verifies and the
    // entry names the value's size and hash (AuditArguments).
    void longArgumentsAreCapped()
    {
        AuditLog log(m_dir, m_key);
        QVERIFY(log.open().ok());
        AuditEntry e = entry(1);
        const QString script(3 * 1024 * 1024, QLatin1Char('q'));
        e.arguments = QJsonObject{{QStringLiteral("command"), script},
                                  {QStringLiteral("password"), QString(8000, QLatin1Char('s'))}};
        QVERIFY(log.append(e).ok());
        const QByteArray line = readLines(m_dir + QStringLiteral("/audit-000001.jsonl")).first();
        QVERIFY2(line.size() < 1024, line.constData());
        const QJsonObject arguments = parse(line).value(QLatin1String("arguments")).toObject();
        const QJsonObject command = arguments.value(QLatin1String("command")).toObject();
        QCOMPARE(command.value(QLatin1String("truncated")).toBool(), true);
        QCOMPARE(command.value(QLatin1String("bytes")).toInteger(), script.size());
        QCOMPARE(
            command.value(QLatin1String("sha256")).toString(),
            QString::fromLatin1(
                QCryptographicHash::hash(script.toUtf8(), QCryptographicHash::Sha256).toHex()));
        // Masked first: a secret is never hashed into the log.
        QCOMPARE(arguments.value(QLatin1String("password")).toString(), QStringLiteral("********"));
        const auto result = AuditLog::verify(m_dir, m_key);
        QVERIFY2(result.ok, qPrintable(result.reason));
    }

    // AUDIT_MAX_BYTES: the oldest files go, the anchor says where the kept chain starts, and
    // `audit verify` still passes, also after a reopen.
    void retentionBySizeKeepsTheChainVerifiable()
    {
        {
            AuditLog log(m_dir, m_key, 1200);
            log.setRetention(AuditRetention(5000, 0));
            QVERIFY(log.open().ok());
            for (int i = 1; i <= 100; ++i)
                QVERIFY(log.append(entry(i)).ok());
        }
        const QStringList files = auditFiles();
        QVERIFY(!files.contains(QStringLiteral("audit-000001.jsonl")));
        qint64 total = 0;
        for (const QString &name : files)
            total += QFileInfo(m_dir + u'/' + name).size();
        QVERIFY2(total <= 5000 + 1200, qPrintable(QString::number(total)));
        QVERIFY(QFile::exists(m_dir + QStringLiteral("/anchor.json")));
        auto result = AuditLog::verify(m_dir, m_key);
        QVERIFY2(result.ok, qPrintable(result.reason));
        QVERIFY(result.entriesChecked > 0 && result.entriesChecked < 100);
        // The chain records its own retention.
        bool noted = false;
        for (const QString &name : files) {
            for (const QByteArray &line : readLines(m_dir + u'/' + name))
                noted = noted || parse(line).value(QLatin1String("tool")).toString() ==
                                     QLatin1String("audit.retention");
        }
        QVERIFY(noted);

        AuditLog again(m_dir, m_key, 1200);
        again.setRetention(AuditRetention(5000, 0));
        QVERIFY(again.open().ok());
        for (int i = 101; i <= 140; ++i)
            QVERIFY(again.append(entry(i)).ok());
        result = AuditLog::verify(m_dir, m_key);
        QVERIFY2(result.ok, qPrintable(result.reason));
    }

    // AUDIT_KEEP_DAYS: files whose last entry is older go at the next start.
    void retentionByAge()
    {
        {
            AuditLog log(m_dir, m_key, 1200);
            QVERIFY(log.open().ok());
            for (int i = 1; i <= 40; ++i)
                QVERIFY(log.append(entry(i)).ok());
        }
        const QStringList before = auditFiles();
        QVERIFY(before.size() >= 4);
        const QDateTime old = QDateTime::currentDateTimeUtc().addDays(-40);
        for (int i = 0; i < 2; ++i) {
            QFile file(m_dir + u'/' + before.at(i));
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.setFileTime(old, QFileDevice::FileModificationTime));
        }
        AuditLog log(m_dir, m_key, 1200);
        log.setRetention(AuditRetention(0, 30));
        QVERIFY(log.open().ok());
        const QStringList after = auditFiles();
        QVERIFY(!after.contains(before.at(0)));
        QVERIFY(!after.contains(before.at(1)));
        QVERIFY(after.contains(before.at(2)));
        const auto result = AuditLog::verify(m_dir, m_key);
        QVERIFY2(result.ok, qPrintable(result.reason));
    }

    void retentionThenTamperingIsCaught_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("reason");
        QTest::newRow("edit a kept entry") << QStringLiteral("edit") << QStringLiteral("edited");
        QTest::newRow("remove the first kept file")
            << QStringLiteral("remove-file") << QStringLiteral("missing file");
        QTest::newRow("remove the anchor")
            << QStringLiteral("remove-anchor") << QStringLiteral("no retention anchor");
        QTest::newRow("edit the anchor")
            << QStringLiteral("edit-anchor") << QStringLiteral("anchor.json was altered");
    }

    void retentionThenTamperingIsCaught()
    {
        QFETCH(QString, change);
        QFETCH(QString, reason);
        {
            AuditLog log(m_dir, m_key, 1200);
            log.setRetention(AuditRetention(5000, 0));
            QVERIFY(log.open().ok());
            for (int i = 1; i <= 60; ++i)
                QVERIFY(log.append(entry(i)).ok());
        }
        QVERIFY(AuditLog::verify(m_dir, m_key).ok);
        const QString first = m_dir + u'/' + auditFiles().first();
        const QString anchor = m_dir + QStringLiteral("/anchor.json");
        if (change == u"edit") {
            QList<QByteArray> lines = readLines(first);
            lines[0].replace("\"client-", "\"CLIENT-");
            writeLines(first, lines);
        } else if (change == u"remove-file") {
            QVERIFY(QFile::remove(first));
        } else if (change == u"remove-anchor") {
            QVERIFY(QFile::remove(anchor));
        } else {
            QList<QByteArray> lines = readLines(anchor);
            const QByteArray seq = "\"seq\":";
            const qsizetype at = lines[0].indexOf(seq) + seq.size();
            lines[0].insert(at, '1');
            writeLines(anchor, lines);
        }
        const auto result = AuditLog::verify(m_dir, m_key);
        QVERIFY(!result.ok);
        QVERIFY2(result.reason.contains(reason), qPrintable(result.reason));
    }

    // Two writers on one folder, both with retention: one chain, still verifiable.
    void retentionWithTwoWriters()
    {
        AuditLog first(m_dir, m_key, 1200);
        AuditLog second(m_dir, m_key, 1200);
        first.setRetention(AuditRetention(4000, 0));
        second.setRetention(AuditRetention(4000, 0));
        QVERIFY(first.open().ok());
        QVERIFY(second.open().ok());
        for (int i = 1; i <= 80; ++i)
            QVERIFY((i % 3 ? first : second).append(entry(i)).ok());
        QVERIFY(!auditFiles().contains(QStringLiteral("audit-000001.jsonl")));
        const auto result = AuditLog::verify(m_dir, m_key);
        QVERIFY2(result.ok, qPrintable(result.reason));
    }

    void contentSurvivesAReopen()
    {
        {
            AuditLog log(m_dir, m_key);
            QVERIFY(log.open().ok());
            QVERIFY(log.append(entry(1)).ok());
            QVERIFY(log.append(entry(2)).ok());
            // No close, no destructor flush: what append() returned with is on disk.
            const auto lines = readLines(m_dir + QStringLiteral("/audit-000001.jsonl"));
            QCOMPARE(lines.size(), 2);
        }
        AuditLog log(m_dir, m_key);
        QVERIFY(log.open().ok());
        QVERIFY(log.append(entry(3)).ok());
        const auto tail = AuditLog::tail(m_dir, 2);
        QVERIFY(tail.ok());
        QCOMPARE(tail.value().size(), 2);
        QCOMPARE(tail.value().first().value(QLatin1String("seq")).toInteger(), 2);
        QCOMPARE(tail.value().last().value(QLatin1String("seq")).toInteger(), 3);
        QCOMPARE(AuditLog::verify(m_dir, m_key).entriesChecked, 3);
    }

    void theTargetIsRecorded()
    {
        AuditLog log(m_dir, m_key);
        QVERIFY(log.open().ok());
        AuditEntry e = entry(1);
        e.target = QJsonObject{{QStringLiteral("system"), QStringLiteral("lab")},
                               {QStringLiteral("guest"), QStringLiteral("qemu/100")}};
        QVERIFY(log.append(e).ok());
        const QJsonObject line =
            parse(readLines(m_dir + QStringLiteral("/audit-000001.jsonl")).first());
        QCOMPARE(line.value(QLatin1String("target")).toObject(), e.target);
        QCOMPARE(line.value(QLatin1String("upid")).toString(), QString());
        QVERIFY(AuditLog::verify(m_dir, m_key).ok);
    }

    // A log written before entries had a "target" still verifies, and the chain goes on.
    void logsWithoutTargetStillVerify()
    {
        {
            AuditLog log(m_dir, m_key);
            QVERIFY(log.open().ok()); // creates the folder and the key
        }
        QFile keyFile(m_key);
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        const QByteArray key = QByteArray::fromHex(keyFile.readAll().trimmed());
        const QJsonObject old{{QStringLiteral("client"), QStringLiteral("laptop")},
                              {QStringLiteral("tool"), QStringLiteral("list_vms")},
                              {QStringLiteral("arguments"), QJsonObject()},
                              {QStringLiteral("decision"), QString()},
                              {QStringLiteral("duration_ms"), 3},
                              {QStringLiteral("outcome"), QStringLiteral("ok")},
                              {QStringLiteral("upid"), QString()},
                              {QStringLiteral("seq"), 1},
                              {QStringLiteral("time"), QStringLiteral("2026-01-01T00:00:00.000Z")},
                              {QStringLiteral("prev"), QString(64, QLatin1Char('0'))}};
        const QByteArray canonical = QJsonDocument(old).toJson(QJsonDocument::Compact);
        const QByteArray mac =
            QMessageAuthenticationCode::hash(canonical, key, QCryptographicHash::Sha256).toHex();
        writeLines(m_dir + QStringLiteral("/audit-000001.jsonl"),
                   {canonical.chopped(1) + ",\"mac\":\"" + mac + "\"}"});
        QCOMPARE(AuditLog::verify(m_dir, m_key).entriesChecked, 1);

        AuditLog log(m_dir, m_key);
        QVERIFY(log.open().ok());
        QVERIFY(log.append(entry(2)).ok());
        const AuditVerification verified = AuditLog::verify(m_dir, m_key);
        QVERIFY2(verified.ok, qPrintable(verified.reason));
        QCOMPARE(verified.entriesChecked, 2);
    }

    void appendBeforeOpenFails()
    {
        AuditLog log(m_dir, m_key);
        QVERIFY(!log.append(entry(1)).ok());
        QVERIFY(!QFile::exists(m_dir + QStringLiteral("/audit-000001.jsonl")));
    }

    // Two writers on one folder (as the daemon and a stdio client are) extend one chain: each
    // takes the head the other left before appending. Separate open files, as across processes.
    void writersOnOneFolderShareOneChain_data()
    {
        QTest::addColumn<qint64>("maxFileBytes");
        QTest::newRow("one file") << AuditLog::kDefaultMaxFileBytes;
        QTest::newRow("rotating") << qint64(1500);
    }
    void writersOnOneFolderShareOneChain()
    {
        QFETCH(qint64, maxFileBytes);
        AuditLog first(m_dir, m_key, maxFileBytes);
        QVERIFY(first.open().ok());
        QVERIFY(first.append(entry(0)).ok());
        AuditLog second(m_dir, m_key, maxFileBytes);
        QVERIFY(second.open().ok());
        for (int i = 1; i <= 40; ++i) {
            AuditLog &writer = (i % 3 == 0) ? first : second;
            QVERIFY(writer.append(entry(i)).ok());
        }
        const auto result = AuditLog::verify(m_dir, m_key);
        QVERIFY2(result.ok, qPrintable(QStringLiteral("%1 line %2: %3")
                                           .arg(result.firstBadFile)
                                           .arg(result.firstBadLine)
                                           .arg(result.reason)));
        QCOMPARE(result.entriesChecked, 41);
        const auto last = AuditLog::tail(m_dir, 1);
        QVERIFY(last.ok());
        QCOMPARE(last.value().first().value(QLatin1String("seq")).toInteger(), 41);
        QCOMPARE(last.value().first().value(QLatin1String("client")).toString(),
                 QStringLiteral("client-40"));
    }

    // The start reads only the end of the newest file: a head far beyond the first chunk of a
    // large file is found, and the chain goes on from it.
    void resumesFromTheTailOfALargeFile()
    {
        {
            AuditLog log(m_dir, m_key);
            QVERIFY(log.open().ok());
            AuditEntry big = entry(1); // arguments are capped: many of them make the file large
            for (int k = 0; k < 4; ++k)
                big.arguments.insert(QStringLiteral("blob%1").arg(k),
                                     QString(3500, QLatin1Char('x')));
            QVERIFY(log.append(big).ok());
            for (int i = 2; i <= 300; ++i)
                QVERIFY(log.append(i == 150 ? big : entry(i)).ok());
        }
        AuditLog log(m_dir, m_key);
        QVERIFY(log.open().ok());
        QVERIFY(log.append(entry(301)).ok());
        const auto result = AuditLog::verify(m_dir, m_key);
        QVERIFY2(result.ok, qPrintable(result.reason));
        QCOMPARE(result.entriesChecked, 301);
    }

private:
    QStringList auditFiles() const
    {
        return QDir(m_dir).entryList({QStringLiteral("audit-*.jsonl")}, QDir::Files, QDir::Name);
    }

    std::unique_ptr<QTemporaryDir> m_state;
    QString m_dir;
    QString m_key;
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "TestAuditLog.moc"
