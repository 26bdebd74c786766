#include "server/app/Logging.h"

#include <QDateTime>
#include <QLoggingCategory>

#include <cstdio>

namespace pmcp {

namespace {

// LOG_LEVEL as category rules rather than a threshold in the handler: Qt applies
// QT_LOGGING_RULES after the rules set here, so an administrator can turn one room up
// (pmcp.http.debug=true) or down without changing the level of the others.
QString rulesBelow(const QString &level)
{
    const QString upper = level.toUpper();
    if (upper == QLatin1String("DEBUG"))
        return {};
    if (upper == QLatin1String("WARN") || upper == QLatin1String("WARNING"))
        return QStringLiteral("*.debug=false\n*.info=false");
    if (upper == QLatin1String("ERROR"))
        return QStringLiteral("*.debug=false\n*.info=false\n*.warning=false");
    return QStringLiteral("*.debug=false");
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
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
    // At INFO and above the rules also quiet Qt's own debug output: noise unless asked for.
    QLoggingCategory::setFilterRules(rulesBelow(level));
    qInstallMessageHandler(handler);
}

void Logging::setLevel(const QString &level)
{
    QLoggingCategory::setFilterRules(rulesBelow(level));
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
