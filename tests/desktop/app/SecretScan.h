#pragma once

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QStringList>

// The files under a folder (HOME) that contain a secret, as bytes anywhere in them.
inline QStringList filesContaining(const QString &folder, const QByteArray &secret)
{
    QStringList found;
    QDirIterator files(folder, QDir::Files | QDir::Hidden | QDir::System,
                       QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile file(files.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(secret))
            found.append(file.fileName());
    }
    return found;
}

// Every regular file under a folder, for the check above to prove it looked at something.
inline int fileCount(const QString &folder)
{
    int count = 0;
    QDirIterator files(folder, QDir::Files | QDir::Hidden | QDir::System,
                       QDirIterator::Subdirectories);
    while (files.hasNext()) {
        files.next();
        ++count;
    }
    return count;
}
