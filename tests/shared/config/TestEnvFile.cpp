#include "shared/config/EnvFile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pmcp;

class TestEnvFile final : public QObject {
    Q_OBJECT
private slots:
    void parsesValue_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");

        QTest::newRow("plain") << QByteArray("KEY=value") << "KEY"
                               << "value";
        QTest::newRow("trimmed around key and value") << QByteArray("  KEY =  value  ") << "KEY"
                                                      << "value";
        QTest::newRow("inline comment as in the deployment's files")
            << QByteArray("LOG_LEVEL=INFO                       # Logging verbosity (DEBUG, INFO)")
            << "LOG_LEVEL"
            << "INFO";
        QTest::newRow("inline comment after a tab") << QByteArray("K=v\t# c") << "K"
                                                    << "v";
        QTest::newRow("inline comment keeps inner spaces") << QByteArray("K=two words  # c") << "K"
                                                           << "two words";
        QTest::newRow("hash without blank is part of the value") << QByteArray("K=a#b") << "K"
                                                                 << "a#b";
        QTest::newRow("value starting with hash") << QByteArray("K=#x") << "K"
                                                  << "#x";
        QTest::newRow("empty") << QByteArray("K=") << "K"
                               << "";
        QTest::newRow("empty with comment") << QByteArray("K=   # nothing") << "K"
                                            << "";
        QTest::newRow("export prefix") << QByteArray("export K=v") << "K"
                                       << "v";
        QTest::newRow("export prefix with tab") << QByteArray("export\tK=v") << "K"
                                                << "v";
        QTest::newRow("key named export") << QByteArray("export=v") << "export"
                                          << "v";
        QTest::newRow("single quotes are literal") << QByteArray("K='a $HOME \\n \" # x'") << "K"
                                                   << "a $HOME \\n \" # x";
        QTest::newRow("single quotes keep surrounding spaces") << QByteArray("K=' a '") << "K"
                                                               << " a ";
        QTest::newRow("single quotes then comment") << QByteArray("K='v' # c") << "K"
                                                    << "v";
        QTest::newRow("double quote escapes") << QByteArray("K=\"a\\\"b\\\\c\\nd\\$e\"") << "K"
                                              << "a\"b\\c\nd$e";
        QTest::newRow("double quote unknown escape kept") << QByteArray("K=\"a\\qb\"") << "K"
                                                          << "a\\qb";
        QTest::newRow("double quote hash is not a comment") << QByteArray("K=\"a # b\"") << "K"
                                                            << "a # b";
        QTest::newRow("double quotes then comment") << QByteArray("K=\"v\"   # c") << "K"
                                                    << "v";
        QTest::newRow("no expansion unquoted") << QByteArray("K=$HOME") << "K"
                                               << "$HOME";
        QTest::newRow("no expansion in double quotes") << QByteArray("K=\"${HOME}/x\"") << "K"
                                                       << "${HOME}/x";
        QTest::newRow("equals inside the value") << QByteArray("K=a=b=c") << "K"
                                                 << "a=b=c";
        QTest::newRow("quote inside an unquoted value") << QByteArray("K=it's") << "K"
                                                        << "it's";
        QTest::newRow("utf-8") << QByteArray("K=gr\xc3\xbc\xc3\x9f"
                                             "e")
                               << "K" << QString::fromUtf8("grüße");
        QTest::newRow("crlf") << QByteArray("K=v\r\n") << "K"
                              << "v";
        QTest::newRow("crlf with comment") << QByteArray("K=v # c\r\n") << "K"
                                           << "v";
        QTest::newRow("underscore and digits") << QByteArray("_K1=v") << "_K1"
                                               << "v";
        QTest::newRow("lower-case key") << QByteArray("log_level=x") << "log_level"
                                        << "x";
        QTest::newRow("after comment and blank lines")
            << QByteArray("# header\n\n   # indented comment\nK=v\n") << "K"
            << "v";
        QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBFK=v") << "K"
                                         << "v";
        QTest::newRow("value starting with U+FEFF keeps it")
            << QByteArray("K=\xEF\xBB\xBF"
                          "x")
            << "K" << QString(QChar(0xFEFF)) + u'x';
    }

    void parsesValue()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, key);
        QFETCH(QString, value);
        const auto parsed = EnvFile::parse(text);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
        QCOMPARE(parsed.value().entries().size(), 1);
        QCOMPARE(parsed.value().entries().first().key, key);
        QVERIFY(parsed.value().contains(key));
        QCOMPARE(parsed.value().value(key), value);
    }

    void rejectsWithLineNumber_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("why");

        QTest::newRow("no equals sign") << QByteArray("A=1\nJUSTTEXT\n") << 2 << "no \"=\"";
        QTest::newRow("export without assignment") << QByteArray("export A") << 1 << "no \"=\"";
        QTest::newRow("key starting with a digit")
            << QByteArray("\n1KEY=v") << 2 << "invalid variable name";
        QTest::newRow("key with a dash")
            << QByteArray("A=1\nB=2\nMY-KEY=v") << 3 << "invalid variable name";
        QTest::newRow("key with a dot") << QByteArray("my.key=v") << 1 << "invalid variable name";
        QTest::newRow("empty key") << QByteArray("=v") << 1 << "invalid variable name";
        QTest::newRow("unterminated double quote")
            << QByteArray("A=1\n\nB=\"abc\n") << 3 << "unterminated double quote";
        QTest::newRow("value spanning lines")
            << QByteArray("B=\"a\nb\"") << 1 << "unterminated double quote";
        QTest::newRow("unterminated single quote")
            << QByteArray("B='abc") << 1 << "unterminated single quote";
        QTest::newRow("text after closing quote")
            << QByteArray("B=\"a\"b") << 1 << "after the closing quote";
        QTest::newRow("invalid utf-8") << QByteArray("A=1\nB=\xff\xfe") << 2 << "UTF-8";
        QTest::newRow("NUL byte") << QByteArray("A=a\0b", 5) << 1 << "NUL";
        QTest::newRow("crlf lines are counted once")
            << QByteArray("A=1\r\n\r\nB\r\n") << 3 << "no \"=\"";
    }

    void rejectsWithLineNumber()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(QString, why);
        int errorLine = -1;
        const auto parsed = EnvFile::parse(text, &errorLine);
        QVERIFY(!parsed.ok());
        QCOMPARE(errorLine, line);
        QVERIFY2(parsed.error().message.startsWith(QStringLiteral("line %1: ").arg(line)),
                 qPrintable(parsed.error().message));
        QVERIFY2(parsed.error().message.contains(why), qPrintable(parsed.error().message));
    }

    void errorNeverQuotesTheLine()
    {
        // A pasted token on a line of its own must not reach a log through the error.
        const auto parsed = EnvFile::parse("A=1\n5f0c2a9e-secret-token\n");
        QVERIFY(!parsed.ok());
        QVERIFY(!parsed.error().message.contains(QStringLiteral("5f0c2a9e")));
    }

    void lastDuplicateWins()
    {
        const auto parsed = EnvFile::parse("A=1\nB=x\nA=2\n");
        QVERIFY(parsed.ok());
        const EnvFile &file = parsed.value();
        QCOMPARE(file.value(QStringLiteral("A")), QStringLiteral("2"));
        const auto entries = file.entries();
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0].key, QStringLiteral("B"));
        QCOMPARE(entries[1].key, QStringLiteral("A"));
        QCOMPARE(entries[1].line, 3);
        QCOMPARE(file.shadowed().size(), 1);
        QCOMPARE(file.shadowed().first().line, 1);
        QCOMPARE(file.shadowed().first().value, QStringLiteral("1"));
    }

    void entriesCarryLineNumbers()
    {
        const auto parsed = EnvFile::parse("# c\r\n\r\nA=1\r\nexport B=2\r\n");
        QVERIFY(parsed.ok());
        const auto entries = parsed.value().entries();
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0].line, 3);
        QCOMPARE(entries[1].line, 4);
    }

    void valueFallback()
    {
        const auto parsed = EnvFile::parse("A=\n");
        QVERIFY(parsed.ok());
        QVERIFY(parsed.value().contains(QStringLiteral("A")));
        QCOMPARE(parsed.value().value(QStringLiteral("A"), QStringLiteral("fb")), QString());
        QVERIFY(!parsed.value().contains(QStringLiteral("B")));
        QCOMPARE(parsed.value().value(QStringLiteral("B"), QStringLiteral("fb")),
                 QStringLiteral("fb"));
    }

    void serializeKeepsUntouchedTextByteForByte_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("comments, blanks, inline comments")
            << QByteArray("# /opt/proxmox-mcp/.env\n\n# Container Configuration\n"
                          "IMAGE_TAG=latest                     # Container image version\n"
                          "   \n  export   K = 'v'  # c\nD=\"a\\nb\"\n");
        QTest::newRow("crlf") << QByteArray("# c\r\nA=1\r\n\r\nB=2 # x\r\n");
        QTest::newRow("no final newline") << QByteArray("A=1\nB=2");
        QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF"
                                                       "A=1\n");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("only comments") << QByteArray("#a\n\n#b\n");
    }

    void serializeKeepsUntouchedTextByteForByte()
    {
        QFETCH(QByteArray, text);
        const auto parsed = EnvFile::parse(text);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value().serialize(), text);
    }

    void setUpdatesInPlaceKeepingComment()
    {
        auto parsed =
            EnvFile::parse("# head\nLOG_LEVEL=INFO                       # Logging verbosity\n"
                           "export SSH_PORT=22 # port\nTAIL=1\n");
        QVERIFY(parsed.ok());
        EnvFile file = parsed.value();
        file.set(QStringLiteral("LOG_LEVEL"), QStringLiteral("DEBUG"));
        file.set(QStringLiteral("SSH_PORT"), QStringLiteral("2222"));
        QCOMPARE(file.serialize(),
                 QByteArray("# head\nLOG_LEVEL=DEBUG                       # Logging verbosity\n"
                            "export SSH_PORT=2222 # port\nTAIL=1\n"));
    }

    void setQuotesWhenNeededAndRoundTrips_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QByteArray>("encoded");

        QTest::newRow("plain") << "abc-1.2_x/y:z@w,v" << QByteArray("abc-1.2_x/y:z@w,v");
        QTest::newRow("empty") << "" << QByteArray("");
        QTest::newRow("spaces") << " two words " << QByteArray("' two words '");
        QTest::newRow("hash") << "a #b" << QByteArray("'a #b'");
        QTest::newRow("dollar is single-quoted") << "$HOME" << QByteArray("'$HOME'");
        QTest::newRow("double quote") << "say \"hi\"" << QByteArray("'say \"hi\"'");
        QTest::newRow("single quote") << "it's $x" << QByteArray("\"it's \\$x\"");
        QTest::newRow("newline") << "a\nb" << QByteArray("\"a\\nb\"");
        QTest::newRow("backslash and quote") << "C:\\t'" << QByteArray("\"C:\\\\t'\"");
        QTest::newRow("backtick") << "`id`'" << QByteArray("\"\\`id\\`'\"");
        QTest::newRow("tab and cr") << "a\tb\r" << QByteArray("\"a\\tb\\r\"");
        QTest::newRow("leading U+FEFF (found by the fuzzer)") << QString(QChar(0xFEFF)) + u'x'
                                                              << QByteArray("'\xEF\xBB\xBF"
                                                                            "x'");
        QTest::newRow("unicode") << QString::fromUtf8("grüße")
                                 << QByteArray("'gr\xc3\xbc\xc3\x9f"
                                               "e'");
    }

    void setQuotesWhenNeededAndRoundTrips()
    {
        QFETCH(QString, value);
        QFETCH(QByteArray, encoded);
        QCOMPARE(EnvFile::encodeValue(value), encoded);

        auto parsed = EnvFile::parse("K=old # keep me\n");
        QVERIFY(parsed.ok());
        EnvFile file = parsed.value();
        file.set(QStringLiteral("K"), value);
        file.set(QStringLiteral("NEW"), value);
        const QByteArray text = file.serialize();
        QCOMPARE(text, "K=" + encoded + " # keep me\nNEW=" + encoded + "\n");
        const auto reparsed = EnvFile::parse(text);
        QVERIFY2(reparsed.ok(), qPrintable(reparsed.ok() ? QString() : reparsed.error().message));
        QCOMPARE(reparsed.value().value(QStringLiteral("K")), value);
        QCOMPARE(reparsed.value().value(QStringLiteral("NEW")), value);
    }

    void setAfterQuotedValueKeepsCommentAComment()
    {
        auto parsed = EnvFile::parse("K='a'# note\n");
        QVERIFY(parsed.ok());
        EnvFile file = parsed.value();
        file.set(QStringLiteral("K"), QStringLiteral("b"));
        QCOMPARE(file.serialize(), QByteArray("K=b # note\n"));
        QCOMPARE(EnvFile::parse(file.serialize()).value().value(QStringLiteral("K")),
                 QStringLiteral("b"));
    }

    void setUpdatesTheEffectiveDuplicate()
    {
        auto parsed = EnvFile::parse("A=1\nA=2\n");
        QVERIFY(parsed.ok());
        EnvFile file = parsed.value();
        file.set(QStringLiteral("A"), QStringLiteral("3"));
        QCOMPARE(file.serialize(), QByteArray("A=1\nA=3\n"));
        QCOMPARE(file.value(QStringLiteral("A")), QStringLiteral("3"));
    }

    void setAppendsWithTheFileLineEnds()
    {
        auto crlf = EnvFile::parse("A=1\r\nB=2");
        QVERIFY(crlf.ok());
        EnvFile file = crlf.value();
        file.set(QStringLiteral("C"), QStringLiteral("3"));
        QCOMPARE(file.serialize(), QByteArray("A=1\r\nB=2\r\nC=3\r\n"));

        EnvFile empty;
        empty.set(QStringLiteral("A"), QStringLiteral("1"));
        QCOMPARE(empty.serialize(), QByteArray("A=1\n"));
        QCOMPARE(empty.entries().size(), 1);
    }

    void setIgnoresInvalidKey()
    {
        EnvFile file;
        QTest::ignoreMessage(QtWarningMsg, "EnvFile::set: ignoring invalid variable name");
        file.set(QStringLiteral("1BAD"), QStringLiteral("x"));
        QCOMPARE(file.serialize(), QByteArray());
    }

    void removeDropsEveryDefinition()
    {
        auto parsed = EnvFile::parse("# c\nA=1\nB=2\nA=3 # again\n");
        QVERIFY(parsed.ok());
        EnvFile file = parsed.value();
        file.remove(QStringLiteral("A"));
        QVERIFY(!file.contains(QStringLiteral("A")));
        QCOMPARE(file.serialize(), QByteArray("# c\nB=2\n"));
    }

    void loadsFromDisk()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("proxmox-mcp.env"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("MCP_PORT=9000\n");
        out.close();
        const auto loaded = EnvFile::load(path);
        QVERIFY(loaded.ok());
        QCOMPARE(loaded.value().value(QStringLiteral("MCP_PORT")), QStringLiteral("9000"));
    }

    void loadErrorsNameThePath()
    {
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("missing.env"));
        const auto notThere = EnvFile::load(missing);
        QVERIFY(!notThere.ok());
        QVERIFY(notThere.error().message.contains(missing));

        const QString broken = dir.filePath(QStringLiteral("broken.env"));
        QFile out(broken);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("A=1\nnot an assignment\n");
        out.close();
        int line = 0;
        const auto bad = EnvFile::load(broken, &line);
        QVERIFY(!bad.ok());
        QCOMPARE(line, 2);
        QVERIFY(bad.error().message.contains(broken));
        QVERIFY(bad.error().message.contains(QStringLiteral("line 2")));
    }

    void lenientParseKeepsGoing()
    {
        QList<EnvFile::SyntaxError> errors;
        const QByteArray text = "A=1\nnot an assignment\nB=2\n=3\nC='open\n";
        const EnvFile file = EnvFile::parseLenient(text, &errors);
        QCOMPARE(errors.size(), 3);
        QCOMPARE(errors[0].line, 2);
        QCOMPARE(errors[1].line, 4);
        QCOMPARE(errors[2].line, 5);
        QVERIFY(!errors[0].reason.contains(QStringLiteral("line")));
        QCOMPARE(file.value(QStringLiteral("A")), QStringLiteral("1"));
        QCOMPARE(file.value(QStringLiteral("B")), QStringLiteral("2"));
        QVERIFY(!file.contains(QStringLiteral("C")));
        // The bad lines are kept as written.
        QCOMPARE(file.serialize(), text);
        // The strict parser stops at the first one, naming it.
        int line = 0;
        const auto strict = EnvFile::parse(text, &line);
        QVERIFY(!strict.ok());
        QCOMPARE(line, 2);
        QVERIFY(strict.error().message.startsWith(QStringLiteral("line 2: ")));
    }
};

QTEST_GUILESS_MAIN(TestEnvFile)
#include "TestEnvFile.moc"
