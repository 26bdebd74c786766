#include "server/simulator/SimShell.h"

#include "SimClient.h"
#include "server/simulator/PveSimulator.h"
#include "server/simulator/SimState.h"
#include "server/simulator/SimTasks.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

#include <memory>
#include <optional>

using namespace pmcp;

namespace {

// Test data in plain literals (the project compiles with QT_NO_CAST_FROM_ASCII).
QString operator""_s(const char *text, std::size_t size)
{
    return QString::fromUtf8(text, qsizetype(size));
}

// Runs one command line and waits (on the event loop) for its result.
CommandResult runIn(SimShell &shell, const QString &line, int timeoutMs = 10000)
{
    std::optional<CommandResult> got;
    shell.run(line, timeoutMs, [&got](const CommandResult &result) { got = result; });
    [&] { QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 20000); }();
    if (got)
        return *got;
    CommandResult none;
    none.status = CommandResult::Status::ConnectionFailure;
    return none;
}

QJsonArray withoutKeys(const QJsonArray &rows, const QStringList &keys)
{
    QJsonArray result;
    for (const QJsonValue &row : rows) {
        QJsonObject object = row.toObject();
        for (const QString &key : keys)
            object.remove(key);
        result.append(object);
    }
    return result;
}

} // namespace

class TestSimShell final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void splitSimple_data();
    void splitSimple();
    void qmListExactBytes();
    void qmListPrintsNothingWithoutGuests();
    void pctListExactBytes();
    void guestQueries_data();
    void guestQueries();
    void pveshGetNodesMatchesTheRestView();
    void pveshErrors_data();
    void pveshErrors();
    void systemCommands_data();
    void systemCommands();
    void pvesmStatusFormat();
    void pvecmNodesListsOnlineMembers();
    void unknownProgramExits127();
    void compoundCommandsAreNotRun_data();
    void compoundCommandsAreNotRun();
    void splitPipeline_data();
    void splitPipeline();
    void pipesRunThroughFilters_data();
    void pipesRunThroughFilters();
    void pipeIntoUnknownProgramIsRefused();
    void pctExecRunsInTheContainer_data();
    void pctExecRunsInTheContainer();
    void qmStartChangesState();
    void powerActionErrors_data();
    void powerActionErrors();
    void slowTaskTimesOut();
    void callbackRunsLaterOnTheEventLoop();
    void goneSimulatorIsAConnectionFailure();

private:
    std::unique_ptr<PveSimulator> m_sim;
};

void TestSimShell::init()
{
    m_sim = std::make_unique<PveSimulator>(PveSimulator::Options{.timeScale = 0.05});
    QVERIFY(m_sim->start().ok());
}

void TestSimShell::cleanup()
{
    m_sim.reset();
}

void TestSimShell::splitSimple_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("simple");
    QTest::addColumn<QStringList>("words");
    const QStringList none;
    QTest::newRow("plain") << "qm  list"_s << true << QStringList{"qm"_s, "list"_s};
    QTest::newRow("single quotes") << "echo 'a b;|'"_s << true << QStringList{"echo"_s, "a b;|"_s};
    QTest::newRow("double quotes")
        << "echo \"x \\\"y\\\"\""_s << true << QStringList{"echo"_s, "x \"y\""_s};
    QTest::newRow("empty word") << "echo ''"_s << true << QStringList{"echo"_s, ""_s};
    QTest::newRow("backslash") << "echo a\\ b"_s << true << QStringList{"echo"_s, "a b"_s};
    QTest::newRow("comment") << "uptime # now"_s << true << QStringList{"uptime"_s};
    QTest::newRow("empty") << "   "_s << true << none;
    QTest::newRow("pipe") << "qm list | grep web"_s << false << none; // splitPipeline's
    QTest::newRow("and") << "true && uptime"_s << false << none;
    QTest::newRow("semicolon") << "true; uptime"_s << false << none;
    QTest::newRow("redirect") << "echo x > /tmp/x"_s << false << none;
    QTest::newRow("substitution") << "echo $(id)"_s << false << none;
    QTest::newRow("variable in double quotes") << "echo \"$HOME\""_s << false << none;
    QTest::newRow("backtick") << "echo `id`"_s << false << none;
    QTest::newRow("glob") << "ls /etc/pve/*.cfg"_s << false << none;
    QTest::newRow("unterminated") << "echo 'abc"_s << false << none;
}

void TestSimShell::splitSimple()
{
    QFETCH(QString, line);
    QFETCH(bool, simple);
    QFETCH(QStringList, words);
    const auto split = SimShell::splitSimple(line);
    QCOMPARE(split.has_value(), simple);
    if (simple)
        QCOMPARE(*split, words);
}

void TestSimShell::qmListExactBytes()
{
    SimShell shell(m_sim.get());
    const CommandResult result = runIn(shell, QStringLiteral("qm list"));
    QCOMPARE(result.status, CommandResult::Status::Success);
    QCOMPARE(result.exitStatus, 0);
    const QByteArray expected =
        "      VMID NAME                 STATUS     MEM(MB)    BOOTDISK(GB) PID       \n"
        "       100 web-01               running    4096              32.00 2300      \n"
        "       101 db-01                running    8192             100.00 2313      \n"
        "      9000 debian-12-template   stopped    2048              20.00 0         \n";
    QCOMPARE(result.stdoutData, expected);
    QVERIFY(result.stderrData.isEmpty());
}

void TestSimShell::qmListPrintsNothingWithoutGuests()
{
    PveSimulator empty(PveSimulator::Options{.demoCluster = false, .timeScale = 0.05});
    SimShell shell(&empty);
    const CommandResult result = runIn(shell, QStringLiteral("qm list"));
    QCOMPARE(result.exitStatus, 0);
    QCOMPARE(result.stdoutData, QByteArray());
    QCOMPARE(runIn(shell, QStringLiteral("pct list")).stdoutData, QByteArray());
}

void TestSimShell::pctListExactBytes()
{
    SimShell shell(m_sim.get());
    const CommandResult result = runIn(shell, QStringLiteral("pct list"));
    QCOMPARE(result.exitStatus, 0);
    const QByteArray expected = "VMID       Status     Lock         Name                \n"
                                "102        running                 dns-01              \n"
                                "103        stopped                 proxy-01            \n";
    QCOMPARE(result.stdoutData, expected);
}

void TestSimShell::guestQueries_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("exitStatus");
    QTest::addColumn<QByteArray>("stdoutPart");
    QTest::addColumn<QByteArray>("stderrPart");
    QTest::newRow("qm status") << "qm status 100"_s << 0 << QByteArray("status: running\n")
                               << QByteArray();
    QTest::newRow("qm status stopped")
        << "qm status 9000"_s << 0 << QByteArray("status: stopped\n") << QByteArray();
    QTest::newRow("qm status verbose")
        << "qm status 100 --verbose"_s << 0 << QByteArray("qmpstatus: running\n") << QByteArray();
    QTest::newRow("qm config") << "qm config 100"_s << 0 << QByteArray("name: web-01\n")
                               << QByteArray();
    QTest::newRow("pct status") << "pct status 103"_s << 0 << QByteArray("status: stopped\n")
                                << QByteArray();
    QTest::newRow("pct config") << "pct config 102"_s << 0 << QByteArray("hostname: dns-01\n")
                                << QByteArray();
    QTest::newRow("absolute path and sudo") << "sudo -n /usr/sbin/qm status 101"_s << 0
                                            << QByteArray("status: running\n") << QByteArray();
    QTest::newRow("guest on another node")
        << "qm status 200"_s << 255 << QByteArray()
        << QByteArray("Configuration file 'nodes/pve1/qemu-server/200.conf' does not exist");
    QTest::newRow("missing vmid") << "qm config"_s << 255 << QByteArray()
                                  << QByteArray("400 not enough arguments");
    QTest::newRow("unknown verb") << "qm frobnicate 100"_s << 255 << QByteArray()
                                  << QByteArray("unknown command 'qm frobnicate'");
}

void TestSimShell::guestQueries()
{
    QFETCH(QString, line);
    QFETCH(int, exitStatus);
    QFETCH(QByteArray, stdoutPart);
    QFETCH(QByteArray, stderrPart);
    SimShell shell(m_sim.get());
    const CommandResult result = runIn(shell, line);
    QCOMPARE(result.exitStatus, exitStatus);
    QCOMPARE(result.status,
             exitStatus == 0 ? CommandResult::Status::Success : CommandResult::Status::NonZeroExit);
    QVERIFY2(result.stdoutData.contains(stdoutPart), result.stdoutData.constData());
    QVERIFY2(result.stderrData.contains(stderrPart), result.stderrData.constData());
    QVERIFY(!result.stdoutData.contains("digest:"));
}

void TestSimShell::pveshGetNodesMatchesTheRestView()
{
    SimShell shell(m_sim.get());
    const CommandResult result =
        runIn(shell, QStringLiteral("pvesh get /nodes --output-format json"));
    QCOMPARE(result.exitStatus, 0);
    QVERIFY(result.stdoutData.endsWith('\n'));
    QVERIFY(!result.stdoutData.trimmed().contains('\n')); // json is one line
    QJsonParseError error;
    const QJsonDocument shellView = QJsonDocument::fromJson(result.stdoutData, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(shellView.isArray()); // only data, no envelope

    testing::SimClient client(*m_sim);
    const auto rest = client.get(QStringLiteral("/nodes"));
    QCOMPARE(rest.status, 200);
    // uptime and cpu move between the two calls; everything else is the same state.
    const QStringList moving{QStringLiteral("uptime"), QStringLiteral("cpu")};
    QCOMPARE(withoutKeys(shellView.array(), moving), withoutKeys(rest.data().toArray(), moving));
    QCOMPARE(shellView.array().size(), 3);

    const CommandResult pretty =
        runIn(shell, QStringLiteral("pvesh get /nodes/pve1/qemu/100/config --output-format "
                                    "json-pretty"));
    QCOMPARE(pretty.exitStatus, 0);
    QCOMPARE(
        QJsonDocument::fromJson(pretty.stdoutData).object().value(QLatin1String("name")).toString(),
        QStringLiteral("web-01"));
}

void TestSimShell::pveshErrors_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QByteArray>("stderrPart");
    QTest::newRow("no handler") << "pvesh get /foo"_s
                                << QByteArray("No 'get' handler defined for '/foo'\n");
    QTest::newRow("missing guest")
        << "pvesh get /nodes/pve1/qemu/999/status/current --output-format json"_s
        << QByteArray("does not exist");
    QTest::newRow("parameter error") << "pvesh get /cluster/resources --type bogus"_s
                                     << QByteArray("400 Parameter verification");
    QTest::newRow("no path") << "pvesh get"_s << QByteArray("400 not enough arguments");
}

void TestSimShell::pveshErrors()
{
    QFETCH(QString, line);
    QFETCH(QByteArray, stderrPart);
    SimShell shell(m_sim.get());
    const CommandResult result = runIn(shell, line);
    QCOMPARE(result.status, CommandResult::Status::NonZeroExit);
    QVERIFY(result.exitStatus != 0);
    QVERIFY2(result.stderrData.contains(stderrPart), result.stderrData.constData());
    QVERIFY(result.stdoutData.isEmpty());
}

void TestSimShell::systemCommands_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("pattern");
    QTest::newRow("pveversion")
        << "pveversion"_s
        << "^pve-manager/8\\.4\\.14/b502d23c55afcba1 \\(running kernel: 6\\.8\\.12-15-pve\\)\n$"_s;
    QTest::newRow("hostname") << "hostname"_s
                              << "^pve1\n$"_s;
    QTest::newRow("uptime")
        << "uptime"_s
        << "^ \\d\\d:\\d\\d:\\d\\d up .+,  1 user,  load average: \\d+\\.\\d\\d, \\d+\\.\\d\\d, "_s
           "\\d+\\.\\d\\d\n$"_s;
    QTest::newRow("df -h") << "df -h"_s
                           << "^Filesystem +Size +Used Avail Use% Mounted on\n(.|\n)*"_s
                              "/dev/mapper/pve-root +\\d+(\\.\\d)?[KMGT] .* /\n"_s;
    QTest::newRow("free -m")
        << "free -m"_s
        << "^               total        used        free      shared  buff/cache   available\n"_s
           "Mem: {4}( +\\d+){6}\nSwap:( +\\d+){3}\n$"_s;
    QTest::newRow("echo") << "echo 'hello world'"_s
                          << "^hello world\n$"_s;
}

void TestSimShell::systemCommands()
{
    QFETCH(QString, line);
    QFETCH(QString, pattern);
    SimShell shell(m_sim.get());
    const CommandResult result = runIn(shell, line);
    QCOMPARE(result.exitStatus, 0);
    const QString out = QString::fromUtf8(result.stdoutData);
    QVERIFY2(QRegularExpression(pattern).match(out).hasMatch(), qPrintable(out));
}

void TestSimShell::pvesmStatusFormat()
{
    SimShell shell(m_sim.get());
    const CommandResult result = runIn(shell, QStringLiteral("pvesm status"));
    QCOMPARE(result.exitStatus, 0);
    const QList<QByteArray> lines = result.stdoutData.trimmed().split('\n');
    QVERIFY(lines.size() >= 2);
    QVERIFY2(QRegularExpression(QStringLiteral("^Name +Type +Status +Total +Used +Available +%$"))
                 .match(QString::fromUtf8(lines.first()))
                 .hasMatch(),
             lines.first().constData());
    // Figures in KiB, a percentage with two decimals; the rows are sorted by name.
    QString previous;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const auto m =
            QRegularExpression(QStringLiteral("^(\\S+) +\\S+ +active +(\\d+) +(\\d+) +(\\d+) +"
                                              "\\d+\\.\\d\\d%$"))
                .match(QString::fromUtf8(lines.at(i)));
        QVERIFY2(m.hasMatch(), lines.at(i).constData());
        QVERIFY(m.captured(1) > previous);
        previous = m.captured(1);
        const SimStorage *storage = m_sim->state().storage(m.captured(1));
        QVERIFY(storage);
        QCOMPARE(m.captured(2).toLongLong(), storage->total / 1024);
    }
    QCOMPARE(lines.first().size(), lines.at(1).size()); // columns line up
}

void TestSimShell::pvecmNodesListsOnlineMembers()
{
    m_sim->setNodeDown(QStringLiteral("pve3"), true);
    SimShell shell(m_sim.get(), QStringLiteral("pve2"));
    const CommandResult result = runIn(shell, QStringLiteral("pvecm nodes"));
    QCOMPARE(result.exitStatus, 0);
    QCOMPARE(result.stdoutData, QByteArray("\nMembership information\n----------------------\n"
                                           "    Nodeid      Votes Name\n"
                                           "         1          1 pve1\n"
                                           "         2          1 pve2 (local)\n"));
    const CommandResult status = runIn(shell, QStringLiteral("pvecm status"));
    QCOMPARE(status.exitStatus, 0);
    QVERIFY(status.stdoutData.startsWith("Cluster information\n-------------------\n"
                                         "Name:             demo\n"));
    QVERIFY(status.stdoutData.contains("\nQuorate:          Yes\n"));
    QVERIFY(status.stdoutData.contains("\nTotal votes:      2\n"));

    PveSimulator single(PveSimulator::Options{.nodes = 1, .timeScale = 0.05});
    SimShell alone(&single);
    const CommandResult noCluster = runIn(alone, QStringLiteral("pvecm status"));
    QVERIFY(noCluster.exitStatus != 0);
    QVERIFY(noCluster.stderrData.contains("corosync.conf' does not exist"));
}

void TestSimShell::unknownProgramExits127()
{
    SimShell shell(m_sim.get());
    const CommandResult result = runIn(shell, QStringLiteral("frobnicate --all"));
    QCOMPARE(result.status, CommandResult::Status::NonZeroExit);
    QCOMPARE(result.exitStatus, 127);
    QCOMPARE(result.stderrData, QByteArray("bash: frobnicate: command not found\n"));
    QVERIFY(result.stdoutData.isEmpty());
}

void TestSimShell::compoundCommandsAreNotRun_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("named");
    QTest::newRow("list") << "qm start 9000 && qm list"_s
                          << "lists (&&, ||)"_s;
    QTest::newRow("or list") << "qm list || true"_s
                             << "lists (&&, ||)"_s;
    QTest::newRow("semicolon") << "qm list; uptime"_s
                               << "command lists (;)"_s;
    QTest::newRow("background") << "qm list &"_s
                                << "background jobs (&)"_s;
    QTest::newRow("substitution") << "qm status $(echo 100)"_s
                                  << "variables or command substitutions ($, `)"_s;
    QTest::newRow("redirect") << "qm list > /tmp/x"_s
                              << "redirections (<, >)"_s;
    QTest::newRow("glob") << "ls /etc/pve/*.cfg"_s
                          << "globs (*, ?, [)"_s;
    QTest::newRow("empty pipe side") << "qm list |"_s
                                     << "a pipe with an empty side"_s;
    QTest::newRow("unterminated") << "echo 'abc"_s
                                  << "an unterminated quote"_s;
}

void TestSimShell::compoundCommandsAreNotRun()
{
    QFETCH(QString, line);
    QFETCH(QString, named);
    QCOMPARE(SimShell::unsupportedPart(line), named);
    SimShell shell(m_sim.get());
    const CommandResult result = runIn(shell, line);
    QCOMPARE(result.exitStatus, 2);
    QVERIFY(result.stdoutData.isEmpty());
    QVERIFY2(result.stderrData.contains("the demo shell runs simple commands and pipes into "
                                        "grep, head, tail, wc, sort; it does not run " +
                                        named.toUtf8()),
             result.stderrData.constData());
}

void TestSimShell::splitPipeline_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QList<QStringList>>("stages");
    QTest::newRow("simple") << "qm list"_s << true << QList<QStringList>{{"qm"_s, "list"_s}};
    QTest::newRow("two stages") << "qm list | grep web"_s << true
                                << QList<QStringList>{{"qm"_s, "list"_s}, {"grep"_s, "web"_s}};
    QTest::newRow("three, no spaces")
        << "pct list|grep -v Status|wc -l"_s << true
        << QList<QStringList>{
               {"pct"_s, "list"_s}, {"grep"_s, "-v"_s, "Status"_s}, {"wc"_s, "-l"_s}};
    QTest::newRow("quoted pipe") << "echo 'a|b' \"c|d\""_s << true
                                 << QList<QStringList>{{"echo"_s, "a|b"_s, "c|d"_s}};
    QTest::newRow("escaped pipe") << "echo a\\|b"_s << true
                                  << QList<QStringList>{{"echo"_s, "a|b"_s}};
    QTest::newRow("or list") << "true || uptime"_s << false << QList<QStringList>{};
    QTest::newRow("empty stage") << "qm list | | wc"_s << false << QList<QStringList>{};
    QTest::newRow("redirect in a stage")
        << "qm list | grep x > /tmp/y"_s << false << QList<QStringList>{};
}

void TestSimShell::splitPipeline()
{
    QFETCH(QString, line);
    QFETCH(bool, valid);
    QFETCH(QList<QStringList>, stages);
    const auto split = SimShell::splitPipeline(line);
    QCOMPARE(split.has_value(), valid);
    if (valid)
        QCOMPARE(*split, stages);
}

void TestSimShell::pipesRunThroughFilters_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("out");
    QTest::newRow("grep") << "qm list | grep web"_s << 0
                          << QByteArray("       100 web-01               running    4096        "
                                        "      32.00 2300      \n");
    QTest::newRow("grep -c") << "qm list | grep -c running"_s << 0 << QByteArray("2\n");
    QTest::newRow("no match is status 1") << "qm list | grep nothing"_s << 1 << QByteArray();
    QTest::newRow("head and wc") << "pct list | head -n 2 | wc -l"_s << 0 << QByteArray("2\n");
    QTest::newRow("sort -r") << "pct list | tail -n 2 | sort -r | head -1"_s << 0
                             << QByteArray("103        stopped                 proxy-01       "
                                           "     \n");
}

void TestSimShell::pipesRunThroughFilters()
{
    QFETCH(QString, line);
    QFETCH(int, status);
    QFETCH(QByteArray, out);
    SimShell shell(m_sim.get());
    const CommandResult result = runIn(shell, line);
    QCOMPARE(result.stdoutData, out);
    QCOMPARE(result.exitStatus, status);
    QVERIFY2(result.stderrData.isEmpty(), result.stderrData.constData());
}

void TestSimShell::pipeIntoUnknownProgramIsRefused()
{
    SimShell shell(m_sim.get());
    const CommandResult result = runIn(shell, "qm list | awk '{print $1}'"_s);
    QCOMPARE(result.exitStatus, 2);
    QVERIFY(result.stdoutData.isEmpty());
    QVERIFY2(result.stderrData.contains("pipes into grep, head, tail, wc, sort only, not awk"),
             result.stderrData.constData());
}

void TestSimShell::pctExecRunsInTheContainer_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("out");
    QTest::addColumn<QByteArray>("err");
    // As lxc_exec writes it: every word quoted.
    QTest::newRow("hostname") << "pct exec 102 -- 'hostname'"_s << 0 << QByteArray("dns-01\n")
                              << QByteArray();
    QTest::newRow("on another node") << "pct exec 202 -- 'cat' '/etc/hostname'"_s << 0
                                     << QByteArray("monitoring\n") << QByteArray();
    QTest::newRow("piped") << "pct exec 102 -- 'cat' '/etc/os-release' | grep ^ID="_s << 0
                           << QByteArray("ID=debian\n") << QByteArray();
    QTest::newRow("stopped") << "pct exec 103 -- 'hostname'"_s << 255 << QByteArray()
                             << QByteArray("CT 103 not running\n");
    QTest::newRow("missing")
        << "pct exec 999 -- 'hostname'"_s << 255 << QByteArray()
        << QByteArray("Configuration file 'nodes/pve1/lxc/999.conf' does not exist\n");
    QTest::newRow("a VM is no container") << "pct exec 100 -- hostname"_s << 255 << QByteArray()
                                          << QByteArray("Configuration file 'nodes/pve1/lxc/"
                                                        "100.conf' does not exist\n");
    QTest::newRow("no command") << "pct exec 102"_s << 255 << QByteArray()
                                << QByteArray("proxmox-mcpd demo: pct exec needs a command (an "
                                              "interactive shell is not simulated)\n");
}

void TestSimShell::pctExecRunsInTheContainer()
{
    QFETCH(QString, line);
    QFETCH(int, status);
    QFETCH(QByteArray, out);
    QFETCH(QByteArray, err);
    SimShell shell(m_sim.get());
    const CommandResult result = runIn(shell, line);
    QCOMPARE(result.stderrData, err);
    QCOMPARE(result.stdoutData, out);
    QCOMPARE(result.exitStatus, status);
}

void TestSimShell::qmStartChangesState()
{
    SimShell shell(m_sim.get(), QStringLiteral("pve2"));
    QVERIFY(!m_sim->state().guest(201)->running);
    const CommandResult started = runIn(shell, QStringLiteral("qm start 201"));
    QCOMPARE(started.status, CommandResult::Status::Success);
    QCOMPARE(started.exitStatus, 0);
    QVERIFY(m_sim->state().guest(201)->running);
    QVERIFY(!started.stdoutData.contains("TASK OK"));
    QCOMPARE(runIn(shell, QStringLiteral("qm status 201")).stdoutData,
             QByteArray("status: running\n"));
    // The task is in the node's history, as the REST API shows it.
    bool found = false;
    for (const SimTask *task : m_sim->tasks().all())
        found |= task->type == QLatin1String("qmstart") && task->id == QLatin1String("201");
    QVERIFY(found);

    QCOMPARE(runIn(shell, QStringLiteral("pct stop 202")).exitStatus, 0);
    QVERIFY(!m_sim->state().guest(202)->running);
    QCOMPARE(runIn(shell, QStringLiteral("qm shutdown 200")).exitStatus, 0);
    QVERIFY(!m_sim->state().guest(200)->running);
}

void TestSimShell::powerActionErrors_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QByteArray>("stderr");
    QTest::newRow("qm already running: in the worker")
        << "qm start 100"_s << QByteArray("VM 100 already running\n");
    QTest::newRow("pct already running: before the worker")
        << "pct start 102"_s << QByteArray("CT 102 already running\n");
    QTest::newRow("template") << "qm start 9000"_s
                              << QByteArray("you can't start a vm if it's a template\n");
}

void TestSimShell::powerActionErrors()
{
    QFETCH(QString, line);
    QFETCH(QByteArray, stderr);
    SimShell shell(m_sim.get());
    const CommandResult result = runIn(shell, line);
    QCOMPARE(result.status, CommandResult::Status::NonZeroExit);
    QCOMPARE(result.exitStatus, 255);
    QCOMPARE(result.stderrData, stderr);
}

void TestSimShell::slowTaskTimesOut()
{
    PveSimulator slow(PveSimulator::Options{.timeScale = 1.0});
    SimShell shell(&slow, QStringLiteral("pve2"));
    const CommandResult result = runIn(shell, QStringLiteral("qm start 201"), 50);
    QCOMPARE(result.status, CommandResult::Status::Timeout);
    QCOMPARE(result.exitStatus, -1);
    QVERIFY(!result.error.isEmpty());
}

void TestSimShell::callbackRunsLaterOnTheEventLoop()
{
    SimShell shell(m_sim.get());
    int calls = 0;
    shell.run(QStringLiteral("hostname"), 1000, [&calls](const CommandResult &) { ++calls; });
    QCOMPARE(calls, 0);
    QTRY_COMPARE(calls, 1);
    QCOMPARE(shell.describe(), QStringLiteral("simulated pve1"));
}

void TestSimShell::goneSimulatorIsAConnectionFailure()
{
    auto sim = std::make_unique<PveSimulator>(PveSimulator::Options{.timeScale = 0.05});
    SimShell shell(sim.get());
    sim.reset();
    const CommandResult result = runIn(shell, QStringLiteral("qm list"));
    QCOMPARE(result.status, CommandResult::Status::ConnectionFailure);
    QVERIFY(!result.error.isEmpty());
}

QTEST_GUILESS_MAIN(TestSimShell)
#include "TestSimShell.moc"
