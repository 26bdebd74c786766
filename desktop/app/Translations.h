#pragma once

#include <QLocale>

class QCoreApplication;

namespace pmcp {

// Installs the desktop's embedded translation for a locale (German, French); English needs none.
class Translations final {
public:
    // True when a translation for the locale was found and installed.
    static bool install(QCoreApplication &app, const QLocale &locale = QLocale());
};

} // namespace pmcp
