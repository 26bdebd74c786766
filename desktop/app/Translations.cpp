#include "desktop/app/Translations.h"

#include <QCoreApplication>
#include <QTranslator>

namespace pmcp {

bool Translations::install(QCoreApplication &app, const QLocale &locale)
{
    auto *translator = new QTranslator(&app);
    if (!translator->load(locale, QStringLiteral("proxmox-mcp-desktop"), QStringLiteral("_"),
                          QStringLiteral(":/i18n"))) {
        delete translator;
        return false;
    }
    return QCoreApplication::installTranslator(translator);
}

QLocale Translations::chosen(const QString &code)
{
    return code.isEmpty() ? QLocale() : QLocale(code);
}

} // namespace pmcp
