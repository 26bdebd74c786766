#pragma once

#include <QLocale>

class QCoreApplication;

namespace pmcp {

// Installs the desktop's embedded translation for a locale (German, French); English needs none.
class Translations final {
public:
    // True when a translation for the locale was found and installed.
    static bool install(QCoreApplication &app, const QLocale &locale = QLocale());
    // The locale to use: the language chosen in the settings ("de", "fr", "en"), or the
    // system's when none was chosen.
    static QLocale chosen(const QString &code);
};

} // namespace pmcp
