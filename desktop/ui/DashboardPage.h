#pragma once

#include "shared/admin/AdminTypes.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QListWidget;
class QTreeWidget;

namespace pmcp {

class ConnectionManager;
class SeriesChart;

// At a glance: the daemon's health with each check and its sentence, version and uptime, the
// last hour's request rate, latency and errors, denied commands and failed authentications,
// the Proxmox targets, and the newest events. Everything arrives through callbacks and the
// event stream; the page never waits.
class DashboardPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardPage)
public:
    // The status is asked again this often (the series are per minute; events refresh sooner).
    static constexpr int kRefreshIntervalMs = 10000;
    // Events that change the status ask for it again at most this often: a burst of denied
    // commands costs one status request, not one each.
    static constexpr int kEventRefreshDelayMs = 2000;
    // Events reach the list in batches this often: one repaint for a burst, not one each.
    static constexpr int kEventBatchMs = 250;
    // The events list keeps this many, newest first.
    static constexpr int kEventsShown = 200;

    explicit DashboardPage(ConnectionManager *connections, QWidget *parent = nullptr);

    // Asks for the status now; statusShown() when it is on screen.
    void refresh();
    bool hasStatus() const { return m_hasStatus; }

signals:
    void statusShown();

private:
    void showStatus(const admin::DaemonStatus &status);
    void showError(const QString &message);
    void addEvent(const admin::Event &event);
    void flushEvents();
    void connectionChanged();

    ConnectionManager *m_connections;
    QLabel *m_health;
    QLabel *m_version;
    QLabel *m_uptime;
    QLabel *m_security;
    QLabel *m_stream;
    QTreeWidget *m_checks;
    QTreeWidget *m_targets;
    SeriesChart *m_requests;
    SeriesChart *m_latency;
    SeriesChart *m_errors;
    QListWidget *m_events;
    QTimer m_timer;
    QTimer m_refreshSoon;
    QTimer m_flushEvents;
    QStringList m_newEvents; // oldest first, waiting for m_flushEvents
    bool m_hasStatus = false;
    bool m_asking = false;
};

} // namespace pmcp
