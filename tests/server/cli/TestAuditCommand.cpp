#include "server/cli/AuditCommand.h"

#include "server/audit/AuditLog.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

namespace {

struct Outcome {
    int code = -1;
    QString out;
    QString err;
};

Outcome runAudit(const QStringList &arguments)
{
    Outcome outcome;
    {
        QTextStream out(&outcome.out);
        QTextStream err(&outcome.err);
        outcome.code = AuditCommand(out, err).run(arguments);
    }
    return outcome;
}

} // namespace

class TestAuditCommand final : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_state = std::make_unique<QTemporaryDir>();
        QVERIFY(m_state->isValid());
        m_config = m_state->filePath(QStringLiteral("proxmox-mcp.env"));
        QFile config(m_config);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("STATE_DIR=" + m_state->path().toUtf8() + '\n');
        config.close();
        AuditLog log(AuditLog::directoryIn(m_state->path()), AuditLog::keyPathIn(m_state->path()));
        QVERIFY(log.open().ok());
        for (int i = 1; i <= 4; ++i)
            QVERIFY(log.append(AuditEntry{QStringLiteral("c"),
                                          QStringLiteral("tool%1").arg(i),
                                          {},
                                          QStringLiteral("allowed"),
                                          i,
                                          QStringLiteral("ok"),
                                          QString(),
                                          {},
                                          {},
                                          {}})
                        .ok());
    }

    void verify_data()
    {
        QTest::addColumn<bool>("tamper");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("expected");
        QTest::newRow("intact") << false << 0 << QStringLiteral("4 entries verified");
        QTest::newRow("edited") << true << 1
                                << QStringLiteral("FAILED at audit-000001.jsonl line 2: edited");
    }

    void verify()
    {
        QFETCH(bool, tamper);
        QFETCH(int, code);
        QFETCH(QString, expected);
        if (tamper) {
            const QString path =
                AuditLog::directoryIn(m_state->path()) + QStringLiteral("/audit-000001.jsonl");
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QByteArray content = file.readAll();
            file.close();
            content.replace("\"tool2\"", "\"tool9\"");
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(content);
        }
        const Outcome outcome =
            runAudit({QStringLiteral("verify"), QStringLiteral("--config"), m_config});
        QCOMPARE(outcome.code, code);
        QVERIFY2(outcome.out.startsWith(expected), qPrintable(outcome.out + outcome.err));
    }

    void tailPrintsTheLastEntries()
    {
        const Outcome outcome =
            runAudit({QStringLiteral("tail"), QStringLiteral("-n"), QStringLiteral("2"),
                      QStringLiteral("--config"), m_config});
        QCOMPARE(outcome.code, 0);
        const QStringList lines = outcome.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines[0].contains(QLatin1String("\"tool\":\"tool3\"")));
        QVERIFY(lines[1].contains(QLatin1String("\"tool\":\"tool4\"")));
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("code");
        QTest::newRow("no action") << QStringList{} << 2;
        QTest::newRow("unknown action") << QStringList{QStringLiteral("erase")} << 2;
        QTest::newRow("bad -n") << QStringList{QStringLiteral("tail"), QStringLiteral("-n"),
                                               QStringLiteral("x")}
                                << 2;
        QTest::newRow("missing config")
            << QStringList{QStringLiteral("verify"), QStringLiteral("--config"),
                           QStringLiteral("/nonexistent/pmcp.env")}
            << 1;
    }

    void badArguments()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, code);
        const Outcome outcome = runAudit(arguments);
        QCOMPARE(outcome.code, code);
        QVERIFY(!outcome.err.isEmpty());
    }

private:
    std::unique_ptr<QTemporaryDir> m_state;
    QString m_config;
};

QTEST_GUILESS_MAIN(TestAuditCommand)
#include "TestAuditCommand.moc"
