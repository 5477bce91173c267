package dev.weft.bench.dataplane;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A grouped bar chart drawn with Java2D (headless): one group per category, one bar per
 * series, the value printed on each bar. {@code values[series][category]}; NaN draws no bar.
 */
public record BarChart(String title, String unit, List<String> categories, List<String> series, double[][] values) {
    public static final int WIDTH = 960;
    public static final int HEIGHT = 540;
    private static final Color[] PALETTE = {new Color(0x3366cc), new Color(0xdc7f12), new Color(0x2ca02c),
            new Color(0x9467bd)};
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 60;
    private static final int BOTTOM = 60;

    public BarChart {
        categories = List.copyOf(categories);
        series = List.copyOf(series);
        if (values.length != series.size()) {
            throw new IllegalArgumentException(series.size() + " series but " + values.length + " value rows");
        }
        for (double[] row : values) {
            if (row.length != categories.size()) {
                throw new IllegalArgumentException(categories.size() + " categories but a row of " + row.length);
            }
        }
    }

    public BufferedImage draw() {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(title, LEFT, 30);
            double max = niceMax();
            axes(g, max);
            bars(g, max);
            legend(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Writes the chart as a PNG, creating the directory. */
    public void writePng(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!ImageIO.write(draw(), "png", file.toFile())) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private double niceMax() {
        double max = 0;
        for (double[] row : values) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        if (max <= 0) {
            return 1;
        }
        double step = Math.pow(10, Math.floor(Math.log10(max)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * step >= max * 1.08) {
                return m * step;
            }
        }
        return 10 * step;
    }

    private void axes(Graphics2D g, double max) {
        int plotH = HEIGHT - TOP - BOTTOM;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 5; i++) {
            double v = max * i / 5;
            int y = HEIGHT - BOTTOM - (int) Math.round(plotH * i / 5.0);
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(Color.DARK_GRAY);
            String label = label(v);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
        g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
        g.drawString(unit, 8, TOP - 10);
    }

    private void bars(Graphics2D g, double max) {
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        double group = (double) plotW / categories.size();
        double bar = group * 0.8 / series.size();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        for (int c = 0; c < categories.size(); c++) {
            double x0 = LEFT + c * group + group * 0.1;
            for (int s = 0; s < series.size(); s++) {
                double v = values[s][c];
                if (!Double.isFinite(v)) {
                    continue;
                }
                int h = (int) Math.round(plotH * Math.min(v, max) / max);
                int x = (int) Math.round(x0 + s * bar);
                g.setColor(PALETTE[s % PALETTE.length]);
                g.fillRect(x, HEIGHT - BOTTOM - h, (int) Math.max(1, bar - 2), h);
                g.setColor(Color.BLACK);
                String label = label(v);
                g.drawString(label, x + (int) (bar - 2 - fm.stringWidth(label)) / 2, HEIGHT - BOTTOM - h - 3);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            String name = categories.get(c);
            int w = g.getFontMetrics().stringWidth(name);
            g.drawString(name, (int) (LEFT + c * group + (group - w) / 2), HEIGHT - BOTTOM + 20);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        }
    }

    private void legend(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = LEFT;
        int y = HEIGHT - 18;
        for (int s = 0; s < series.size(); s++) {
            g.setColor(PALETTE[s % PALETTE.length]);
            g.fillRect(x, y - 10, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(series.get(s), x + 16, y);
            x += 16 + g.getFontMetrics().stringWidth(series.get(s)) + 24;
        }
    }

    private static String label(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The two charts of a result: throughput (Gbps) and latency (µs) per mode. */
    public static List<BarChart> of(BenchResult r) {
        List<String> modes = r.modes().stream().map(m -> m.mode().text()).toList();
        return List.of(
                new BarChart("Pod-to-pod throughput (median of " + r.repeats() + ")", "Gbps", modes,
                        List.of("TCP 1 stream", "TCP 4 streams", "UDP (≤1 % loss)"),
                        rows(r, Metric.TCP, Metric.TCP_MULTI, Metric.UDP)),
                new BarChart("Request/response latency, TCP 64 B (median of " + r.repeats() + ")", "µs", modes,
                        List.of("p50", "p99"), rows(r, Metric.RR_P50, Metric.RR_P99)));
    }

    private static double[][] rows(BenchResult r, Metric... metrics) {
        double[][] out = new double[metrics.length][];
        for (int i = 0; i < metrics.length; i++) {
            Metric m = metrics[i];
            out[i] = r.modes().stream().mapToDouble(s -> s.median(m)).toArray();
        }
        return out;
    }
}
