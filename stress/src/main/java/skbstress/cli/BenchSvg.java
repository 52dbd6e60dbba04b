package skbstress.cli;

import java.util.List;
import java.util.Locale;

/**
 * Horizontal bar charts as inline SVG for the benchmark report: one bar per row, its error as a whisker, the
 * value written at the right. No script and no fonts fetched, so the page reads the same offline and in CI
 * artifacts. Colours come from the page's style sheet (classes {@code ours}, {@code peer}, {@code baseline}).
 */
final class BenchSvg {
    private BenchSvg() {}

    /**
     * A row. {@code error} is drawn when finite and positive; a {@code flag} (a noisy score, say) is written in
     * red after the value. A bar that does not {@code setScale} (a baseline a hundred times slower) is cut at the
     * edge with a break mark instead of squeezing the bars that are compared into slivers.
     */
    record Bar(String label, double value, double error, String css, String valueText, String flag,
               boolean setsScale) {}

    private static final int LABEL_W = 300; // the scaling chart's labels: "Netty adaptive heap (4.2 default), 2 threads"
    private static final int PLOT_W = 360;
    private static final int TEXT_W = 300;
    private static final int ROW_H = 26;
    private static final int TOP = 6;
    private static final int AXIS_H = 30;

    static String hbars(List<Bar> bars, String unit) {
        double max = 0;
        for (Bar b : bars) {
            if (b.setsScale() || bars.stream().noneMatch(Bar::setsScale)) {
                max = Math.max(max, b.value() + (finite(b.error()) ? b.error() : 0));
            }
        }
        double step = niceStep(max <= 0 ? 1 : max / 5);
        double top = Math.max(step, Math.ceil(max / step) * step);
        int h = TOP + bars.size() * ROW_H + AXIS_H;
        int w = LABEL_W + PLOT_W + TEXT_W;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">%n", w, h, w, h));
        int axisY = TOP + bars.size() * ROW_H;
        for (double t = 0; t <= top + step / 2; t += step) {
            double x = LABEL_W + t / top * PLOT_W;
            s.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
                    + "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, TOP, x, axisY,
                    x, axisY + 14, tick(t, step)));
        }
        s.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LABEL_W + PLOT_W / 2, axisY + 27, HtmlReport.esc(unit)));
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int y = TOP + i * ROW_H;
            boolean cut = b.value() > top;
            double bw = cut ? PLOT_W + 6 : Math.max(1, b.value() / top * PLOT_W);
            s.append(String.format(Locale.ROOT, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                            + "<rect class=\"bar %s\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" rx=\"2\"/>%n",
                    LABEL_W - 8, y + 17, HtmlReport.esc(b.label()), HtmlReport.esc(b.css()), LABEL_W, y + 5, bw));
            if (cut) {
                // two white slashes near the end: the bar goes on, off this scale
                double x = LABEL_W + PLOT_W * 0.85;
                s.append(String.format(Locale.ROOT, "<path class=\"cut\" d=\"M%.1f %dL%.1f %dM%.1f %dL%.1f %d\"/>%n",
                        x, y + 23, x + 6, y + 3, x + 6, y + 23, x + 12, y + 3));
            } else if (finite(b.error()) && b.error() > 0) {
                double x1 = LABEL_W + Math.max(0, b.value() - b.error()) / top * PLOT_W;
                double x2 = LABEL_W + (b.value() + b.error()) / top * PLOT_W;
                int m = y + 13;
                s.append(String.format(Locale.ROOT, "<path class=\"err\" d=\"M%.1f %dH%.1fM%.1f %dV%dM%.1f %dV%d\"/>%n",
                        x1, m, x2, x1, m - 5, m + 5, x2, m - 5, m + 5));
            }
            s.append(String.format(Locale.ROOT, "<text class=\"value\" x=\"%d\" y=\"%d\">%s", LABEL_W + PLOT_W + 10,
                    y + 17, HtmlReport.esc(b.valueText())));
            if (b.flag() != null && !b.flag().isEmpty()) {
                s.append("<tspan class=\"flag\"> ").append(HtmlReport.esc(b.flag())).append("</tspan>");
            }
            s.append("</text>\n");
        }
        return s.append("</svg>\n").toString();
    }

    private static boolean finite(double d) {
        return !Double.isNaN(d) && !Double.isInfinite(d);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String tick(double t, double step) {
        return step >= 1 ? String.format(Locale.ROOT, "%,.0f", t) : String.format(Locale.ROOT, "%.2f", t);
    }
}
