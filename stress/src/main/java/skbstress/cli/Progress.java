package skbstress.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress of a run. On a terminal: one status line redrawn in place (a bar, the test under way, the
 * time left by the plan's estimates). Elsewhere (CI logs): a line per finished test and a heartbeat every
 * 30 seconds, nothing redrawn. Quiet prints nothing until the verdict; verbose also passes the tools'
 * own output through.
 */
final class Progress implements AutoCloseable {
    enum Level { QUIET, NORMAL, VERBOSE }

    private final PrintStream out;
    private final Level level;
    private final boolean terminal;
    private final double plannedSeconds;
    private final long t0 = System.nanoTime();
    private final int total;
    private volatile String current = "";
    private volatile int finished;
    private volatile double doneSeconds;
    private volatile double currentFraction;
    private volatile double currentEstimate;
    private long lastHeartbeat = System.nanoTime();
    private final Thread ticker;
    private int drawnWidth;

    Progress(PrintStream out, Level level, boolean terminal, int total, double plannedSeconds) {
        this.out = out;
        this.level = level;
        this.terminal = terminal;
        this.total = total;
        this.plannedSeconds = plannedSeconds;
        this.ticker = new Thread(this::tick, "progress");
        ticker.setDaemon(true);
        if (level != Level.QUIET) {
            ticker.start();
        }
    }

    /** A test (or a group, as a jcstress pass) starts; {@code estimate} is its planned seconds. */
    synchronized void start(String what, double estimate) {
        current = what;
        currentEstimate = estimate;
        currentFraction = 0;
        if (level != Level.QUIET && !terminal) {
            out.printf(Locale.ROOT, "[%s] %s (about %s)%n", clock(), what, Budget.format(secs(estimate)));
        }
    }

    /** How far the current item is, when the tool says (jcstress's configurations done of planned). */
    void fraction(double f) {
        currentFraction = Math.max(0, Math.min(1, f));
    }

    void current(String what) {
        current = what;
    }

    /** A test finished. */
    synchronized void finished(RunReport.TestReport t) {
        finished++;
        if (level == Level.QUIET) {
            return;
        }
        clearLine();
        out.printf(Locale.ROOT, "[%s] %-5s %-52s %8.1f s  %s%n", clock(), t.status(), t.id(), t.seconds(), t.summary());
        draw();
    }

    /** An item's planned time is used up (its tests reported through {@link #finished}). */
    synchronized void spent(double estimate) {
        doneSeconds += estimate;
        currentEstimate = 0;
        currentFraction = 0;
    }

    /** A line of a tool's own output (shown in verbose mode). */
    synchronized void toolLine(String line) {
        if (level == Level.VERBOSE) {
            clearLine();
            out.println("    " + line);
            draw();
        }
    }

    synchronized void message(String line) {
        if (level != Level.QUIET) {
            clearLine();
            out.println(line);
            draw();
        }
    }

    private void tick() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(terminal ? 500 : 1000);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (terminal) {
                    draw();
                } else if (System.nanoTime() - lastHeartbeat > 30_000_000_000L) {
                    lastHeartbeat = System.nanoTime();
                    out.printf(Locale.ROOT, "[%s] ... %d%%, %s: %s left%n", clock(), percent(), current,
                            Budget.format(secs(left())));
                }
            }
        }
    }

    private double done() {
        return doneSeconds + currentFraction * currentEstimate;
    }

    private double left() {
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double byPlan = plannedSeconds - done();
        double rate = done() > 5 ? elapsed / done() : 1; // how the run keeps to its estimates so far
        return Math.max(0, byPlan * Math.min(3, Math.max(0.3, rate)));
    }

    private int percent() {
        return (int) Math.min(100, Math.round(100 * done() / Math.max(1, plannedSeconds)));
    }

    private void draw() {
        if (!terminal || level == Level.QUIET) {
            return;
        }
        int width = 30;
        int filled = percent() * width / 100;
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String what = current.length() > 48 ? current.substring(0, 47) + "~" : current;
        String line = String.format(Locale.ROOT, "[%s] %3d%%  %d/%d done  %-48s  %s left", bar, percent(), finished,
                total, what, Budget.format(secs(left())));
        out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
        out.flush();
        drawnWidth = line.length();
    }

    private void clearLine() {
        if (terminal && drawnWidth > 0) {
            out.print("\r" + " ".repeat(drawnWidth) + "\r");
            drawnWidth = 0;
        }
    }

    private String clock() {
        long s = (System.nanoTime() - t0) / 1_000_000_000L;
        return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }

    private static Duration secs(double s) {
        return Duration.ofMillis((long) (s * 1000));
    }

    @Override
    public synchronized void close() {
        ticker.interrupt();
        clearLine();
        out.flush();
    }
}
