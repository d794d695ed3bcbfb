package org.strowger.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a run as one PNG with XChart: call setups/s and live calls over time; frames/s and the p99 hop latency of
 * each second over time; and the distribution of hop latencies (log scale).
 */
final class SummaryChart {
    private SummaryChart() {
    }

    static void write(Path file, String title, List<Sample> timeline, LatencyHistogram.Snapshot hops)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        double[] t = timeline.stream().mapToDouble(Sample::elapsedSeconds).toArray();
        if (t.length == 0) {
            t = new double[] {0};
            timeline = List.of(new Sample(0, 0, 0, 0, 0, -1, 0));
        }

        XYChart calls = chart(title + ": calls", "s", "setups/s");
        line(calls, "setups/s", t, timeline.stream().mapToDouble(Sample::setupsPerSecond).toArray(), 0);
        line(calls, "live calls", t, timeline.stream().mapToDouble(Sample::liveCalls).toArray(), 1);
        calls.setYAxisGroupTitle(1, "live calls");
        calls.getStyler().setYAxisMin(0, 0.0);
        calls.getStyler().setYAxisMin(1, 0.0);

        XYChart media = chart("media", "s", "frames/s");
        line(media, "frames/s", t, timeline.stream().mapToDouble(Sample::framesPerSecond).toArray(), 0);
        line(media, "p99 hop (ms)", t,
                timeline.stream().mapToDouble(s -> Math.max(0, s.p99HopMillis())).toArray(), 1);
        media.setYAxisGroupTitle(1, "p99 hop (ms)");
        media.getStyler().setYAxisMin(0, 0.0);
        media.getStyler().setYAxisMin(1, 0.0);
        media.getStyler().setYAxisDecimalPattern("#,##0.##");

        XYChart histogram = chart("hop latency distribution", "hop latency (us, log)", "% of frames");
        histogram.getStyler().setXAxisLogarithmic(true);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        if (hops.count() > 0) {
            // regroup the log-linear buckets into 8 per power of two for a readable curve
            double[] edges = new double[8 * 40];
            for (int i = 0; i < edges.length; i++) {
                edges[i] = Math.pow(2, i / 8.0);
            }
            double[] counts = new double[edges.length];
            for (int i = 0; i < LatencyHistogram.BUCKETS; i++) {
                long c = hops.countAt(i);
                if (c > 0) {
                    double us = Math.max(1, LatencyHistogram.highestValue(i) / 1000.0);
                    int k = Math.min(edges.length - 1, (int) Math.floor(8 * Math.log(us) / Math.log(2)));
                    counts[k] += c;
                }
            }
            for (int k = 0; k < edges.length; k++) {
                if (counts[k] > 0) {
                    x.add(edges[k]);
                    y.add(100.0 * counts[k] / hops.count());
                }
            }
        } else {
            x.add(1.0);
            y.add(0.0);
        }
        line(histogram, "frames", x.stream().mapToDouble(Double::doubleValue).toArray(),
                y.stream().mapToDouble(Double::doubleValue).toArray(), 0);

        List<Chart<?, ?>> charts = List.of(calls, media, histogram);
        BitmapEncoder.saveBitmap(charts, 3, 1, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(900).height(280).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        c.getStyler().setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(13f));
        return c;
    }

    private static void line(XYChart c, String name, double[] x, double[] y, int axis) {
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setYAxisGroup(axis);
    }
}
