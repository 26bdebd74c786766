#pragma once

#include <QList>
#include <QWidget>

namespace pmcp {

// One series of the last hour (requests, latency, errors per minute) drawn with QPainter: a
// line over the minutes, the largest value as the scale, the newest value in the title. Its
// accessible description says the same in words for a screen reader.
class SeriesChart final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SeriesChart)
public:
    SeriesChart(const QString &title, const QString &unit, QWidget *parent = nullptr);

    void setValues(const QList<double> &values);
    QList<double> values() const { return m_values; }
    QSize sizeHint() const override { return {320, 120}; }
    QSize minimumSizeHint() const override { return {160, 80}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_title;
    QString m_unit;
    QList<double> m_values;
};

} // namespace pmcp
