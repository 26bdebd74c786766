#include "shared/core/SecretMask.h"

#include <algorithm>
#include <array>

namespace pmcp {

namespace {

QJsonValue maskedValue(const QJsonValue &value)
{
    if (value.isObject())
        return SecretMask::mask(value.toObject());
    if (value.isArray())
        return SecretMask::mask(value.toArray());
    return value;
}

} // namespace

bool SecretMask::isSecretName(const QString &key)
{
    static const std::array<QLatin1String, 10> kFragments{
        QLatin1String("password"), QLatin1String("passwd"),        QLatin1String("token"),
        QLatin1String("secret"),   QLatin1String("passphrase"),    QLatin1String("credential"),
        QLatin1String("cookie"),   QLatin1String("authorization"), QLatin1String("ticket"),
        QLatin1String("private")};
    const QString lower = key.toLower();
    if (lower.endsWith(QLatin1String("key")) || lower.endsWith(QLatin1String("keys")))
        return true;
    return std::any_of(kFragments.cbegin(), kFragments.cend(),
                       [&lower](QLatin1String fragment) { return lower.contains(fragment); });
}

QJsonObject SecretMask::mask(const QJsonObject &object)
{
    QJsonObject result;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QJsonValue &value = it.value();
        const bool hide = isSecretName(it.key()) && !value.isNull() && !value.isBool();
        result.insert(it.key(), hide ? QJsonValue(masked()) : maskedValue(value));
    }
    return result;
}

QJsonArray SecretMask::mask(const QJsonArray &array)
{
    QJsonArray result;
    for (const QJsonValue &item : array)
        result.append(maskedValue(item));
    return result;
}

} // namespace pmcp
