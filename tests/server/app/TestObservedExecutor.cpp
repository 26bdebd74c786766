#include "server/app/ObservedExecutor.h"

#include <QTest>

using namespace pmcp;

namespace {

// Answers every command with the result it was given, at once.
class FixedExecutor final : public CommandExecutor {
public:
    explicit FixedExecutor(CommandResult result)
        : m_result(std::move(result))
    {}
    void run(const QString &, int, Callback callback) override { callback(m_result); }
    QString describe() const override { return QStringLiteral("ssh u@h:22"); }

private:
    CommandResult m_result;
};

} // namespace

class TestObservedExecutor final : public QObject {
    Q_OBJECT
private slots:
    void theObserverHearsEachResultBeforeTheCaller()
    {
        CommandResult failure;
        failure.status = CommandResult::Status::ConnectionFailure;
        failure.error = QStringLiteral("cannot connect");
        QStringList order;
        ObservedExecutor executor(std::make_shared<FixedExecutor>(failure),
                                  [&order](const CommandResult &result) {
                                      order.append(QStringLiteral("observer: ") + result.error);
                                  });
        QCOMPARE(executor.describe(), QStringLiteral("ssh u@h:22"));
        executor.run(QStringLiteral("true"), 1000, [&order](const CommandResult &result) {
            order.append(QStringLiteral("caller: ") + result.error);
        });
        QCOMPARE(order, (QStringList{QStringLiteral("observer: cannot connect"),
                                     QStringLiteral("caller: cannot connect")}));
    }
};

QTEST_GUILESS_MAIN(TestObservedExecutor)
#include "TestObservedExecutor.moc"
