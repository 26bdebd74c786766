#include "shared/core/Error.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace pmcp;

Q_DECLARE_METATYPE(pmcp::ErrorCode)

class TestError final : public QObject {
    Q_OBJECT

private slots:
    void codeNames_data();
    void codeNames();
    void namesAreDistinctSnakeCase();
    void outOfRangeCodeIsInternal();
    void factoriesSetCodeAndMessage_data();
    void factoriesSetCodeAndMessage();
    void defaultErrorIsInternal();

private:
    static QList<ErrorCode> allCodes();
};

QList<ErrorCode> TestError::allCodes()
{
    return {ErrorCode::InvalidArgument, ErrorCode::NotFound,  ErrorCode::PermissionDenied,
            ErrorCode::Unauthenticated, ErrorCode::Conflict,  ErrorCode::Unavailable,
            ErrorCode::Timeout,         ErrorCode::Cancelled, ErrorCode::TooLarge,
            ErrorCode::Unsupported,     ErrorCode::Internal};
}

void TestError::codeNames_data()
{
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("name");
    QTest::newRow("InvalidArgument")
        << ErrorCode::InvalidArgument << QStringLiteral("invalid_argument");
    QTest::newRow("NotFound") << ErrorCode::NotFound << QStringLiteral("not_found");
    QTest::newRow("PermissionDenied")
        << ErrorCode::PermissionDenied << QStringLiteral("permission_denied");
    QTest::newRow("Unauthenticated")
        << ErrorCode::Unauthenticated << QStringLiteral("unauthenticated");
    QTest::newRow("Conflict") << ErrorCode::Conflict << QStringLiteral("conflict");
    QTest::newRow("Unavailable") << ErrorCode::Unavailable << QStringLiteral("unavailable");
    QTest::newRow("Timeout") << ErrorCode::Timeout << QStringLiteral("timeout");
    QTest::newRow("Cancelled") << ErrorCode::Cancelled << QStringLiteral("cancelled");
    QTest::newRow("TooLarge") << ErrorCode::TooLarge << QStringLiteral("too_large");
    QTest::newRow("Unsupported") << ErrorCode::Unsupported << QStringLiteral("unsupported");
    QTest::newRow("Internal") << ErrorCode::Internal << QStringLiteral("internal");
}

void TestError::codeNames()
{
    QFETCH(ErrorCode, code);
    QFETCH(QString, name);
    QCOMPARE(errorCodeName(code), name);
}

void TestError::namesAreDistinctSnakeCase()
{
    const QRegularExpression snake(QStringLiteral("^[a-z]+(_[a-z]+)*$"));
    QSet<QString> seen;
    for (const ErrorCode code : allCodes()) {
        const QString name = errorCodeName(code);
        QVERIFY2(snake.match(name).hasMatch(), qPrintable(name));
        QVERIFY2(!seen.contains(name), qPrintable(QStringLiteral("duplicate name ") + name));
        seen.insert(name);
    }
    QCOMPARE(seen.size(), allCodes().size());
}

void TestError::outOfRangeCodeIsInternal()
{
    // A value outside the enum (e.g. from a corrupt cast) must not crash or return garbage.
    QCOMPARE(errorCodeName(static_cast<ErrorCode>(999)), QStringLiteral("internal"));
}

void TestError::factoriesSetCodeAndMessage_data()
{
    QTest::addColumn<int>("factory");
    QTest::addColumn<ErrorCode>("code");
    QTest::newRow("invalid") << 0 << ErrorCode::InvalidArgument;
    QTest::newRow("notFound") << 1 << ErrorCode::NotFound;
    QTest::newRow("internal") << 2 << ErrorCode::Internal;
}

void TestError::factoriesSetCodeAndMessage()
{
    QFETCH(int, factory);
    QFETCH(ErrorCode, code);
    const QString message = QStringLiteral("what went wrong");
    const Error error = factory == 0   ? Error::invalid(message)
                        : factory == 1 ? Error::notFound(message)
                                       : Error::internal(message);
    QCOMPARE(error.code, code);
    QCOMPARE(error.message, message);
}

void TestError::defaultErrorIsInternal()
{
    const Error error;
    QCOMPARE(error.code, ErrorCode::Internal);
    QVERIFY(error.message.isEmpty());
}

QTEST_GUILESS_MAIN(TestError)
#include "TestError.moc"
