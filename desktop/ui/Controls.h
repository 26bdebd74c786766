#pragma once

#include <QString>
#include <QStringList>

class QLabel;
class QPushButton;
class QTreeWidget;
class QWidget;

namespace pmcp::controls {

// The controls the pages make again and again, each with the object name the tests find it by
// and the accessible name a screen reader (and the AT-SPI run) reads.

QPushButton *button(const QString &text, const QString &objectName, const QString &accessibleName,
                    QWidget *parent);

// A message line: wraps, and its text can be selected and copied.
QLabel *label(const QString &objectName, const QString &accessibleName, QWidget *parent);

// A flat list of rows with one selection, the last column stretched.
QTreeWidget *list(const QString &objectName, const QString &accessibleName,
                  const QStringList &headers, QWidget *parent);

} // namespace pmcp::controls
