#include "shared/core/CommandBytes.h"

#include <QTest>

using namespace pmcp;

class TestCommandBytes final : public QObject {
    Q_OBJECT
private slots:
    void refusesControlCharacters_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("named");
        QTest::addColumn<qsizetype>("offset");
        QTest::newRow("NUL") << QStringLiteral("rm -rf /") + QChar(0) + QStringLiteral(" safe")
                             << QStringLiteral("NUL (0x00)") << qsizetype(8);
        QTest::newRow("ESC") << QStringLiteral("echo \x1b[2J") << QStringLiteral("ESC (0x1b)")
                             << qsizetype(5);
        QTest::newRow("CR") << QStringLiteral("ls\rrm") << QStringLiteral("CR (0x0d)")
                            << qsizetype(2);
        QTest::newRow("BS") << QStringLiteral("ls\b") << QStringLiteral("BS (0x08)")
                            << qsizetype(2);
        QTest::newRow("DEL") << QStringLiteral("ls\x7f") << QStringLiteral("DEL (0x7f)")
                             << qsizetype(2);
        // The offset counts UTF-8 bytes: "é" is two.
        QTest::newRow("after unicode")
            << QStringLiteral("echo \u00e9\x01") << QStringLiteral("SOH (0x01)") << qsizetype(7);
    }

    void refusesControlCharacters()
    {
        QFETCH(QString, command);
        QFETCH(QString, named);
        QFETCH(qsizetype, offset);
        const auto refusal = CommandBytes::refusal(command);
        QVERIFY(refusal);
        QCOMPARE(refusal->rule, QStringLiteral("control-characters"));
        QCOMPARE(refusal->offset, offset);
        QVERIFY2(refusal->reason.contains(named), qPrintable(refusal->reason));
        QVERIFY2(refusal->reason.contains(QStringLiteral("byte %1").arg(offset)),
                 qPrintable(refusal->reason));
    }

    void acceptsTabNewlineAndUnicode()
    {
        const QString command = QStringLiteral("printf '%s\\t' \"$HOME\"\t`id`\necho \u00e9 "
                                               "\u20ac \U0001F600");
        QVERIFY(!CommandBytes::refusal(command));
        QCOMPARE(CommandBytes::encode(command), command.toUtf8());
        QCOMPARE(QString::fromUtf8(CommandBytes::encode(command)), command);
    }

    void refusesUnpairedSurrogates()
    {
        const QString lone =
            QStringLiteral("echo ") + QChar(char16_t(0xd800)) + QStringLiteral(" x");
        const auto refusal = CommandBytes::refusal(lone);
        QVERIFY(refusal);
        QCOMPARE(refusal->rule, QStringLiteral("invalid-unicode"));
        QCOMPARE(refusal->offset, qsizetype(5));
        QVERIFY2(refusal->reason.contains(QStringLiteral("U+D800")), qPrintable(refusal->reason));
        const QString lowFirst = QStringLiteral("echo ") + QChar(char16_t(0xdc00));
        QVERIFY(CommandBytes::refusal(lowFirst));
    }
};

QTEST_APPLESS_MAIN(TestCommandBytes)
#include "TestCommandBytes.moc"
