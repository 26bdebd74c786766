#pragma once

#include <QByteArray>
#include <QUrl>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace pmcp {

// "Connect to a daemon": a name for the connection, the daemon's URL and its admin token. It
// only asks; ConnectionManager checks and keeps what was typed.
class ConnectPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectPage)
public:
    explicit ConnectPage(QWidget *parent = nullptr);

    void setUrl(const QUrl &url); // --connect URL
    void showMessage(const QString &message, bool isError);
    void setBusy(bool busy);
    // Forgets the token typed (after a successful connection).
    void clearToken();

signals:
    void connectRequested(const QString &name, const QUrl &url, const QByteArray &token);

private:
    QLineEdit *m_name;
    QLineEdit *m_url;
    QLineEdit *m_token;
    QPushButton *m_connect;
    QLabel *m_message;
};

} // namespace pmcp
