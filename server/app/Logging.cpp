#include "server/app/Logging.h"

#include <QDateTime>
#include <QLoggingCategory>

#include <cstdio>

namespace pmcp {

namespace {

QtMsgType g_threshold = QtInfoMsg;

int rank(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return 0;
    case QtInfoMsg:
        return 1;
    case QtWarningMsg:
        return 2;
    case QtCriticalMsg:
        return 3;
    case QtFatalMsg:
        return 4;
    }
    return 1;
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (rank(type) < rank(g_threshold))
        return;
    const QByteArray line =
        Logging::format(type, QString::fromLatin1(context.category ? context.category : "default"),
                        message)
            .toLocal8Bit() +
        '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

void Logging::install(const QString &level)
{
    const QString upper = level.toUpper();
    if (upper == QLatin1String("DEBUG"))
        g_threshold = QtDebugMsg;
    else if (upper == QLatin1String("WARN") || upper == QLatin1String("WARNING"))
        g_threshold = QtWarningMsg;
    else if (upper == QLatin1String("ERROR"))
        g_threshold = QtCriticalMsg;
    else
        g_threshold = QtInfoMsg;
    // Qt's own debug output is noise unless the administrator asked for it.
    if (g_threshold != QtDebugMsg)
        QLoggingCategory::setFilterRules(QStringLiteral("qt.*.debug=false"));
    qInstallMessageHandler(handler);
}

QString Logging::format(QtMsgType type, const QString &category, const QString &message)
{
    static const char *const names[] = {"DEBUG", "WARN", "ERROR", "FATAL", "INFO"};
    const QString level = QLatin1String(names[int(type)]);
    const QString prefix =
        category == QLatin1String("default") ? QString() : category + QStringLiteral(": ");
    return QStringLiteral("%1 %2 %3%4")
        .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs), level, prefix, message);
}

} // namespace pmcp
