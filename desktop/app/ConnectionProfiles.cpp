#include "desktop/app/ConnectionProfiles.h"

namespace pmcp {

namespace {
const QString kProfiles = QStringLiteral("profiles");
const QString kCurrent = QStringLiteral("currentProfile");
const QString kName = QStringLiteral("name");
const QString kUrl = QStringLiteral("url");
const QString kFingerprint = QStringLiteral("fingerprint");
} // namespace

ConnectionProfiles::ConnectionProfiles(std::unique_ptr<QSettings> settings)
    : m_settings(settings ? std::move(settings) : std::make_unique<QSettings>())
{}

QList<ConnectionProfile> ConnectionProfiles::list() const
{
    QList<ConnectionProfile> profiles;
    const int size = m_settings->beginReadArray(kProfiles);
    for (int i = 0; i < size; ++i) {
        m_settings->setArrayIndex(i);
        profiles.append({m_settings->value(kName).toString(),
                         QUrl(m_settings->value(kUrl).toString()),
                         m_settings->value(kFingerprint).toString()});
    }
    m_settings->endArray();
    return profiles;
}

std::optional<ConnectionProfile> ConnectionProfiles::find(const QString &name) const
{
    for (const ConnectionProfile &profile : list()) {
        if (profile.name == name)
            return profile;
    }
    return std::nullopt;
}

void ConnectionProfiles::save(const ConnectionProfile &profile)
{
    QList<ConnectionProfile> profiles = list();
    bool replaced = false;
    for (ConnectionProfile &existing : profiles) {
        if (existing.name == profile.name) {
            existing = profile;
            replaced = true;
        }
    }
    if (!replaced)
        profiles.append(profile);
    store(profiles);
}

void ConnectionProfiles::remove(const QString &name)
{
    QList<ConnectionProfile> profiles = list();
    profiles.removeIf([&](const ConnectionProfile &profile) { return profile.name == name; });
    store(profiles);
    if (current() == name)
        m_settings->remove(kCurrent);
}

QString ConnectionProfiles::current() const
{
    return m_settings->value(kCurrent).toString();
}

void ConnectionProfiles::setCurrent(const QString &name)
{
    m_settings->setValue(kCurrent, name);
    m_settings->sync();
}

void ConnectionProfiles::store(const QList<ConnectionProfile> &profiles)
{
    m_settings->remove(kProfiles);
    m_settings->beginWriteArray(kProfiles, int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        m_settings->setArrayIndex(i);
        m_settings->setValue(kName, profiles[i].name);
        m_settings->setValue(kUrl, profiles[i].url.toString());
        m_settings->setValue(kFingerprint, profiles[i].fingerprint);
    }
    m_settings->endArray();
    m_settings->sync();
}

} // namespace pmcp
