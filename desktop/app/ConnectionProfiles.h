#pragma once

#include <QList>
#include <QSettings>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

namespace pmcp {

// A daemon the desktop knows: its name, URL and pinned certificate. Its admin token is never
// here: it lives in the keychain (Keychain), under the profile's name.
struct ConnectionProfile final {
    QString name;
    QUrl url;
    QString fingerprint; // SHA-256 of the pinned certificate; empty for HTTP
};

// The profiles in the desktop's settings (QSettings), and which one was used last.
class ConnectionProfiles final {
public:
    // Default: the application's settings. Tests pass their own file.
    explicit ConnectionProfiles(std::unique_ptr<QSettings> settings = {});

    QList<ConnectionProfile> list() const;
    std::optional<ConnectionProfile> find(const QString &name) const;
    // Adds or replaces the profile of that name.
    void save(const ConnectionProfile &profile);
    void remove(const QString &name);
    QString current() const;
    void setCurrent(const QString &name);
    QString fileName() const { return m_settings->fileName(); }

private:
    void store(const QList<ConnectionProfile> &profiles);

    std::unique_ptr<QSettings> m_settings;
};

} // namespace pmcp
