package io.wharf.load.compare;

import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A base-10 log axis whose ticks are exactly the values it is given (see {@link LogTicks}), labelled as plain
 * numbers ({@code 0.5}, {@code 10}, {@code 1,000}), instead of JFreeChart's own tick units, which on a narrow
 * range label every tenth of a decade ({@code 1.122, 1.259}). Its range is fixed to span the ticks with a
 * margin. Used by one thread (the chart's renderer).
 */
final class TickedLogAxis extends LogAxis {

    /** How far past the outer ticks the axis reaches, as a factor, so a point on one is not on the border. */
    static final double MARGIN = 1.2;

    private final List<Double> ticks;

    TickedLogAxis(String label, List<Double> ticks) {
        super(label);
        if (ticks.isEmpty()) {
            throw new IllegalArgumentException("an axis needs at least one tick");
        }
        this.ticks = List.copyOf(ticks);
        setBase(10);
        setNumberFormatOverride(new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        setMinorTickMarksVisible(false);
        setAutoRange(false);
        setRange(ticks.getFirst() / MARGIN, ticks.getLast() * MARGIN);
    }

    List<Double> tickValues() {
        return ticks;
    }

    @Override
    public List<ValueTick> refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        TextAnchor anchor = edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER
                : edge == RectangleEdge.BOTTOM ? TextAnchor.TOP_CENTER
                : edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT;
        List<ValueTick> out = new ArrayList<>();
        for (double v : ticks) {
            if (getRange().contains(v)) {
                out.add(new LogTick(TickType.MAJOR, v, createTickLabel(v), anchor));
            }
        }
        state.setTicks(out);
        return out;
    }
}
