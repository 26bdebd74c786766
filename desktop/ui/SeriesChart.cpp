#include "desktop/ui/SeriesChart.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace pmcp {

SeriesChart::SeriesChart(const QString &title, const QString &unit, QWidget *parent)
    : QWidget(parent)
    , m_title(title)
    , m_unit(unit)
{
    setAccessibleName(title);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setValues({});
}

void SeriesChart::setValues(const QList<double> &values)
{
    m_values = values;
    const double newest = values.isEmpty() ? 0 : values.last();
    const double largest = values.isEmpty() ? 0 : *std::max_element(values.begin(), values.end());
    setAccessibleDescription(tr("%1: %2 %3 in the last minute, at most %4 %3 per minute over the "
                                "last hour")
                                 .arg(m_title)
                                 .arg(newest, 0, 'g', 4)
                                 .arg(m_unit)
                                 .arg(largest, 0, 'g', 4));
    update();
}

void SeriesChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics metrics(font());
    const double newest = m_values.isEmpty() ? 0 : m_values.last();
    const double largest =
        m_values.isEmpty() ? 0 : *std::max_element(m_values.begin(), m_values.end());
    painter.setPen(palette().text().color());
    painter.drawText(QRect(6, 4, width() - 12, metrics.height()), Qt::AlignLeft,
                     QStringLiteral("%1 — %2 %3").arg(m_title).arg(newest, 0, 'g', 4).arg(m_unit));
    painter.drawText(QRect(6, 4, width() - 12, metrics.height()), Qt::AlignRight,
                     tr("max %1").arg(largest, 0, 'g', 4));

    const QRectF plot(6, 8 + metrics.height(), width() - 12, height() - 14 - metrics.height());
    painter.setPen(QPen(palette().mid().color(), 1));
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
    if (m_values.size() < 2)
        return;
    const double scale = largest > 0 ? largest : 1;
    const double step = plot.width() / double(m_values.size() - 1);
    QPainterPath line;
    for (qsizetype i = 0; i < m_values.size(); ++i) {
        const QPointF point(plot.left() + double(i) * step,
                            plot.bottom() - m_values[i] / scale * plot.height());
        if (i == 0)
            line.moveTo(point);
        else
            line.lineTo(point);
    }
    QPainterPath area = line;
    area.lineTo(plot.bottomRight());
    area.lineTo(plot.bottomLeft());
    area.closeSubpath();
    QColor fill = palette().highlight().color();
    fill.setAlpha(60);
    painter.fillPath(area, fill);
    painter.setPen(QPen(palette().highlight().color(), 2));
    painter.drawPath(line);
}

} // namespace pmcp
