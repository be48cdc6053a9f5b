package io.wharf.load.scenario.report;

import io.wharf.load.LoadCurve;
import io.wharf.load.scenario.ScenarioRun;
import io.wharf.load.scenario.bottleneck.SystemSample;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's time charts as PNGs (JFreeChart, headless), the same series as the HTML's ({@link Timeline}), each
 * stage's start marked: throughput.png, latency.png, errors.png and, with samples, saturation.png. Stateless.
 */
public final class ReportPng {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 420;

    private ReportPng() {
    }

    public static List<Path> write(ScenarioRun.Result r, List<SystemSample> samples, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        LoadCurve curve = r.scenario().curve();
        List<Path> out = new ArrayList<>();
        out.add(save(chart("Throughput", "replies/s", Timeline.throughput(r.intervals(), curve), curve, false),
                dir.resolve("throughput.png")));
        out.add(save(chart("Latency", "ms", Timeline.latency(r.intervals()), curve, true),
                dir.resolve("latency.png")));
        out.add(save(chart("Failures and connections", "per second / open", Timeline.errors(r.intervals()), curve,
                false), dir.resolve("errors.png")));
        if (!samples.isEmpty()) {
            out.add(save(chart("Saturation (busy: running or waiting for a core)", "%", Timeline.saturation(samples),
                    curve, false), dir.resolve("saturation.png")));
        }
        return out;
    }

    private static JFreeChart chart(String title, String unit, List<Timeline.Line> lines, LoadCurve curve,
                                    boolean log) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Timeline.Line l : lines) {
            XYSeries s = new XYSeries(l.name(), false, true);
            for (int i = 0; i < l.x().length; i++) {
                if (!log || l.y()[i] > 0) {
                    s.add(l.x()[i], l.y()[i]);
                }
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "seconds", unit, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        if (log && data.getSeries().stream().anyMatch(s -> ((XYSeries) s).getItemCount() > 0)) {
            LogAxis axis = new LogAxis(unit);
            axis.setSmallestValue(0.001);
            axis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.###"));
            plot.setRangeAxis(axis);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < lines.size(); i++) {
            renderer.setSeriesPaint(i, Color.decode(Timeline.COLOURS[i % Timeline.COLOURS.length]));
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xe4e4e4));
        plot.setRangeGridlinePaint(new Color(0xe4e4e4));
        for (double[] s : Timeline.stageStarts(curve)) {
            ValueMarker m = new ValueMarker(s[0], Color.GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 1f, new float[] {4f, 3f}, 0f));
            m.setLabel(curve.stages().get((int) s[1]).name());
            m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(m);
        }
        return chart;
    }

    private static Path save(JFreeChart chart, Path file) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        return file;
    }
}
