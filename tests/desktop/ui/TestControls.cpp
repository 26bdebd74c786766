#include "desktop/ui/Controls.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTest>
#include <QTreeWidget>
#include <QWidget>

using namespace pmcp;

// The pages' shared controls: found by their object names, read by their accessible names.
class TestControls final : public QObject {
    Q_OBJECT
private slots:
    void aButtonHasItsNames()
    {
        QWidget parent;
        QPushButton *b = controls::button(QStringLiteral("&Go"), QStringLiteral("goButton"),
                                          QStringLiteral("Go now"), &parent);
        QCOMPARE(b->parent(), &parent);
        QCOMPARE(b->text(), QStringLiteral("&Go"));
        QCOMPARE(parent.findChild<QPushButton *>(QStringLiteral("goButton")), b);
        QCOMPARE(b->accessibleName(), QStringLiteral("Go now"));
    }

    void aLabelWrapsAndCanBeCopied()
    {
        QWidget parent;
        QLabel *l = controls::label(QStringLiteral("message"), QStringLiteral("Message"), &parent);
        QCOMPARE(parent.findChild<QLabel *>(QStringLiteral("message")), l);
        QCOMPARE(l->accessibleName(), QStringLiteral("Message"));
        QVERIFY(l->wordWrap());
        QVERIFY(l->textInteractionFlags().testFlag(Qt::TextSelectableByMouse));
    }

    void aListIsFlatWithOneSelection()
    {
        QWidget parent;
        QTreeWidget *t = controls::list(QStringLiteral("rows"), QStringLiteral("Rows"),
                                        {QStringLiteral("A"), QStringLiteral("B")}, &parent);
        QCOMPARE(parent.findChild<QTreeWidget *>(QStringLiteral("rows")), t);
        QCOMPARE(t->accessibleName(), QStringLiteral("Rows"));
        QCOMPARE(t->columnCount(), 2);
        QCOMPARE(t->headerItem()->text(1), QStringLiteral("B"));
        QVERIFY(!t->rootIsDecorated());
        QCOMPARE(t->selectionMode(), QAbstractItemView::SingleSelection);
        QVERIFY(t->header()->stretchLastSection());
    }
};

QTEST_MAIN(TestControls)
#include "TestControls.moc"
