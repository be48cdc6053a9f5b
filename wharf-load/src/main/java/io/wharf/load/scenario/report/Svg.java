package io.wharf.load.scenario.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as inline SVG, so the report needs no script at all: series of (x, y) points, vertical markers
 * (the stages' starts) with labels, a linear or log y axis with round ticks, and a legend. Immutable once built
 * by {@link #render}; stateless.
 */
final class Svg {

    static final int WIDTH = 960;
    static final int HEIGHT = 300;
    private static final int LEFT = 70;
    private static final int RIGHT = 36;
    private static final int TOP = 46;
    private static final int BOTTOM = 40;

    /** One line. */
    record Series(String name, String colour, double[] x, double[] y) {
    }

    /** A dashed vertical line at {@code x}, labelled. */
    record Marker(double x, String label) {
    }

    private Svg() {
    }

    /**
     * The chart; {@code logY} draws the y axis in decades (values at or below 0 are left out). {@code xLabel}
     * names the x unit, {@code yFormat} turns a tick value into its label.
     */
    static String render(String title, String xLabel, String yLabel, List<Series> series, List<Marker> markers,
                         boolean logY, java.util.function.DoubleFunction<String> yFormat) {
        return render(title, xLabel, yLabel, series, markers, logY, yFormat, Svg::plain);
    }

    /** The same with the x ticks' labels from {@code xFormat} (an empty label leaves the tick out). */
    static String render(String title, String xLabel, String yLabel, List<Series> series, List<Marker> markers,
                         boolean logY, java.util.function.DoubleFunction<String> yFormat,
                         java.util.function.DoubleFunction<String> xFormat) {
        double xMin = 0;
        double xMax = 1;
        double yMin = Double.MAX_VALUE;
        double yMax = -Double.MAX_VALUE;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                xMax = Math.max(xMax, s.x()[i]);
                if (!logY || s.y()[i] > 0) {
                    yMin = Math.min(yMin, s.y()[i]);
                    yMax = Math.max(yMax, s.y()[i]);
                }
            }
        }
        for (Marker m : markers) {
            xMax = Math.max(xMax, m.x());
        }
        if (yMax < yMin) {
            yMin = logY ? 1 : 0;
            yMax = logY ? 10 : 1;
        }
        List<Double> ticks;
        if (logY) {
            yMin = Math.pow(10, Math.floor(Math.log10(yMin)));
            yMax = Math.pow(10, Math.ceil(Math.log10(yMax * 1.0001)));
            ticks = new ArrayList<>();
            for (double t = yMin; t <= yMax * 1.0001; t *= 10) {
                ticks.add(t);
            }
        } else {
            yMin = 0;
            double step = niceStep(yMax / 5);
            yMax = Math.max(step, Math.ceil(yMax / step) * step);
            ticks = new ArrayList<>();
            for (double t = 0; t <= yMax * 1.0001; t += step) {
                ticks.add(t);
            }
        }
        Scale sx = new Scale(xMin, xMax, LEFT, WIDTH - RIGHT, false);
        Scale sy = new Scale(yMin, yMax, HEIGHT - BOTTOM, TOP, logY);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                + "class=\"chart\" role=\"img\" aria-label=\"%s\">%n", WIDTH, HEIGHT, Html.escape(title)));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" class=\"title\">%s</text>%n", LEFT,
                Html.escape(title)));
        for (double t : ticks) {
            double y = sy.at(t);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>%n", LEFT, WIDTH - RIGHT,
                    y, y, LEFT - 6, y + 4, Html.escape(yFormat.apply(t))));
        }
        double xStep = niceStep((xMax - xMin) / 10);
        for (double t = 0; t <= xMax + 1e-9; t += xStep) {
            String label = xFormat.apply(t);
            if (label.isEmpty()) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">"
                    + "%s</text>%n", sx.at(t), HEIGHT - BOTTOM + 16, Html.escape(label)));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">%s"
                + "</text>%n", (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 6, Html.escape(xLabel)));
        b.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" class=\"axis\" transform=\"rotate(-90 14 %d)\" "
                + "text-anchor=\"middle\">%s</text>%n", (TOP + HEIGHT - BOTTOM) / 2, (TOP + HEIGHT - BOTTOM) / 2,
                Html.escape(yLabel)));
        for (Marker m : markers) {
            double x = sx.at(m.x());
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" class=\"stage\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" class=\"stagelabel\">%s</text>%n", x, x, TOP, HEIGHT - BOTTOM,
                    x + 4, TOP + 12, Html.escape(m.label())));
        }
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                if (!logY || s.y()[i] > 0) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", sx.at(s.x()[i]), sy.at(s.y()[i])));
                }
            }
            b.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                    + "points=\"%s\"><title>%s</title></polyline>%n", s.colour(), points.toString().trim(),
                    Html.escape(s.name())));
        }
        int lx = LEFT; // a line of its own under the title
        for (Series s : series) {
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" class=\"legend\">%s</text>%n", lx, TOP - 16, s.colour(), lx + 16,
                    TOP - 12, Html.escape(s.name())));
            lx += 26 + 7 * s.name().length();
        }
        return b.append("</svg>\n").toString();
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String plain(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%,.1f", v);
    }

    private record Scale(double min, double max, double from, double to, boolean log) {
        double at(double v) {
            double f = log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
                    : (v - min) / (max - min);
            return from + (to - from) * f;
        }
    }
}
