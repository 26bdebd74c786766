#include "server/oauth/OAuthSecrets.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <array>

namespace pmcp::OAuthSecrets {

namespace {

constexpr int kSecretBytes = 32;

bool isBase64UrlChar(QChar c)
{
    return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') ||
           c == u'-' || c == u'_';
}

} // namespace

QString newSecret(const QString &prefix)
{
    std::array<quint32, kSecretBytes / sizeof(quint32)> words{};
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), kSecretBytes);
    return prefix + QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding |
                                                       QByteArray::OmitTrailingEquals));
}

QString newRequestCode()
{
    static const QLatin1String alphabet("ABCDEFGHJKMNPQRSTUVWXYZ23456789");
    QString code;
    for (int i = 0; i < 8; ++i) {
        if (i == 4)
            code += u'-';
        code += alphabet.at(int(QRandomGenerator::system()->bounded(quint32(alphabet.size()))));
    }
    return code;
}

QByteArray hash(QByteArrayView secret)
{
    return QCryptographicHash::hash(secret, QCryptographicHash::Sha256).toHex();
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

bool isS256Challenge(const QString &challenge)
{
    if (challenge.size() != 43)
        return false;
    for (const QChar c : challenge) {
        if (!isBase64UrlChar(c))
            return false;
    }
    return true;
}

bool pkceMatches(const QString &verifier, const QString &challenge)
{
    if (verifier.size() < 43 || verifier.size() > 128)
        return false;
    for (const QChar c : verifier) {
        if (!isBase64UrlChar(c) && c != u'.' && c != u'~')
            return false;
    }
    const QByteArray computed =
        QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return constantTimeEquals(computed, challenge.toLatin1());
}

} // namespace pmcp::OAuthSecrets
