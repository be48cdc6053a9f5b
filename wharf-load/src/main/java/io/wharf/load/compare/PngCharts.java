package io.wharf.load.compare;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The report's three charts as PNG images, drawn by JFreeChart without a display ({@code java.awt.headless}
 * is set before AWT loads). Log axes tick where {@link LogTicks} says (the measured client counts, round
 * latencies); each model has its {@link Palette} colour in every chart. Stateless.
 */
public final class PngCharts {

    public static final int WIDTH = 900;
    public static final int HEIGHT = 520;

    private PngCharts() {
    }

    /** Writes throughput.png, p99.png and memory.png into {@code dir}; returns their paths. */
    public static List<Path> write(CompareResult r, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path throughput = dir.resolve("throughput.png");
        Path p99 = dir.resolve("p99.png");
        Path memory = dir.resolve("memory.png");
        save(throughput(r), throughput);
        save(p99(r), p99);
        save(memory(r), memory);
        return List.of(throughput, p99, memory);
    }

    static JFreeChart throughput(CompareResult r) {
        return byClients(r, "Throughput vs clients", "requests/s", CellResult::requestsPerSecond, List.of());
    }

    static JFreeChart p99(CompareResult r) {
        return byClients(r, "p99 latency vs clients", "ms", LogTicks::p99Millis, LogTicks.p99Millis(r));
    }

    /** {@code yTicks} empty: a linear y axis; else a log one ticked there. */
    private static JFreeChart byClients(CompareResult r, String title, String yLabel,
                                        ToDoubleFunction<CellResult> value, List<Double> yTicks) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (ModelResult m : r.models()) {
            XYSeries s = new XYSeries(m.model());
            m.cells().stream().filter(LogTicks::plotted).forEach(c -> s.add(c.clients(), value.applyAsDouble(c)));
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "clients", yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setDomainAxis(new TickedLogAxis("clients", LogTicks.clients(r)));
        if (!yTicks.isEmpty()) {
            plot.setRangeAxis(new TickedLogAxis(yLabel, yTicks));
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, Palette.colour(r, (String) data.getSeriesKey(i)));
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        style(plot);
        return chart;
    }

    /** A bar per model whose memory per connection could be measured, in that model's colour. */
    static JFreeChart memory(CompareResult r) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ModelResult m : r.models()) {
            if (m.memory().measured()) {
                data.addValue(m.memory().bytesPerConnection() / 1024.0, "KiB per idle connection", m.model());
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("Memory per connection", "model", "KiB", data,
                PlotOrientation.VERTICAL, false, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer bars = new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                return Palette.colour(r, (String) data.getColumnKey(column));
            }
        };
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        plot.setRenderer(bars);
        style(plot);
        return chart;
    }

    private static void style(Plot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
        } else if (plot instanceof CategoryPlot category) {
            category.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
    }

    private static void save(JFreeChart chart, Path file) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
