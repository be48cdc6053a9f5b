package io.wharf.load.compare;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
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
import java.io.IOException;
import java.text.DecimalFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The report's three charts as PNG images, drawn by JFreeChart without a display ({@code java.awt.headless}
 * is set before AWT loads). Stateless.
 */
public final class PngCharts {

    public static final int WIDTH = 900;
    public static final int HEIGHT = 520;

    /** The HTML report's palette, so both show a model in the same colour. */
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    private PngCharts() {
    }

    /** Writes throughput.png, p99.png and memory.png into {@code dir}; returns their paths. */
    public static List<Path> write(CompareResult r, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path throughput = dir.resolve("throughput.png");
        Path p99 = dir.resolve("p99.png");
        Path memory = dir.resolve("memory.png");
        save(byClients(r, "Throughput vs clients", "requests/s", CellResult::requestsPerSecond, false), throughput);
        save(byClients(r, "p99 latency vs clients", "ms", c -> c.p99Micros() / 1000.0, true), p99);
        save(memory(r), memory);
        return List.of(throughput, p99, memory);
    }

    private static JFreeChart byClients(CompareResult r, String title, String yLabel,
                                        ToDoubleFunction<CellResult> value, boolean logY) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (ModelResult m : r.models()) {
            XYSeries s = new XYSeries(m.model());
            m.cells().stream().filter(c -> c.successes() > 0 && c.problem().isEmpty())
                    .forEach(c -> s.add(c.clients(), Math.max(value.applyAsDouble(c), logY ? 0.001 : 0)));
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "clients", yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setDomainAxis(logAxis("clients"));
        if (logY) {
            plot.setRangeAxis(logAxis(yLabel));
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, COLOURS[i % COLOURS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        style(plot);
        return chart;
    }

    private static JFreeChart memory(CompareResult r) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ModelResult m : r.models()) {
            if (m.memory().bytesPerConnection() >= 0) {
                data.addValue(m.memory().bytesPerConnection() / 1024.0, "KiB per idle connection", m.model());
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("Memory per connection", "model", "KiB", data,
                PlotOrientation.VERTICAL, false, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer bars = (BarRenderer) plot.getRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setSeriesPaint(0, COLOURS[0]);
        style(plot);
        return chart;
    }

    /** Plain numbers on a log scale (1, 10, 100), not 10^0, 10^1, 10^2. */
    private static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
        return axis;
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
