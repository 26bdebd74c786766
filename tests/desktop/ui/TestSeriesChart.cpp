#include "desktop/ui/SeriesChart.h"

#include <QImage>
#include <QTest>

using namespace pmcp;

// The QPainter chart: it draws the series (pixels in the highlight colour where the line is),
// and says the newest and largest value in words.
class TestSeriesChart final : public QObject {
    Q_OBJECT
private slots:
    void drawsTheSeriesAndDescribesIt()
    {
        SeriesChart chart(QStringLiteral("Requests"), QStringLiteral("per minute"));
        chart.resize(320, 120);
        const QColor line = chart.palette().highlight().color();
        const auto linePixels = [&] {
            const QImage image = chart.grab().toImage();
            int count = 0;
            for (int y = 0; y < image.height(); ++y) {
                for (int x = 0; x < image.width(); ++x) {
                    if (image.pixelColor(x, y) == line)
                        ++count;
                }
            }
            return count;
        };
        QCOMPARE(linePixels(), 0); // nothing to draw yet
        QList<double> values(60, 0.0);
        values[30] = 10;
        values[59] = 4;
        chart.setValues(values);
        QVERIFY2(linePixels() > 100, qPrintable(QString::number(linePixels())));
        QCOMPARE(chart.values(), values);
        QCOMPARE(chart.accessibleName(), QStringLiteral("Requests"));
        QVERIFY2(chart.accessibleDescription().contains(QLatin1String("4 per minute")) &&
                     chart.accessibleDescription().contains(QLatin1String("at most 10")),
                 qPrintable(chart.accessibleDescription()));
    }
};

QTEST_MAIN(TestSeriesChart)
#include "TestSeriesChart.moc"
