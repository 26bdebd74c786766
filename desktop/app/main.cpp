#include "desktop/app/Translations.h"
#include "desktop/ui/MainWindow.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("proxmox-mcp-desktop"));
    pmcp::Translations::install(app);
    pmcp::MainWindow window;
    window.show();
    return QApplication::exec();
}
