#include "desktop/ui/MainWindow.h"

#include "shared/core/Version.h"

#include <QIcon>
#include <QLabel>

namespace pmcp {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("proxmox-mcp control center %1").arg(productVersion()));
    setWindowIcon(QIcon(QStringLiteral(":/icons/proxmox-mcp.png")));
    auto *label = new QLabel(tr("The control center is not built yet. Use proxmox-mcpd's "
                                "subcommands on the daemon's host meanwhile."),
                             this);
    label->setObjectName(QStringLiteral("placeholder"));
    label->setWordWrap(true);
    label->setMargin(24);
    setCentralWidget(label);
    resize(640, 360);
}

} // namespace pmcp
