#pragma once

#include <QMainWindow>

namespace pmcp {

// The control center's window. For now it says what it will hold; the pages come with the
// desktop work (dashboard, clients, configuration, backups, keys, audit).
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace pmcp
