package skbstress.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import skbstress.job.TestProgress;

/**
 * Progress of a run. On a terminal: one status line redrawn in place (a bar, the test under way, the
 * time left by the plan's estimates). Elsewhere (CI logs): a line per finished test and a heartbeat every
 * 30 seconds, nothing redrawn. Quiet prints nothing until the verdict; verbose also passes the tools'
 * own output through.
 */
final class Progress implements AutoCloseable, TestProgress {
    enum Level { QUIET, NORMAL, VERBOSE }

    private final PrintStream out;
    private final Level level;
    private final boolean terminal;
    /** Planned seconds of the items whose length is an estimate (jcstress, Lincheck). */
    private final double plannedEstimated;
    /** Planned seconds of the items that run for exactly their time (the soaks end at their deadline). */
    private final double plannedTimed;
    private final LongSupplier nanos;
    private final long t0;
    private final int total;
    private volatile String current = "";
    private volatile int finished;
    private volatile double doneEstimated;
    private volatile double actualEstimated;
    private volatile double doneTimed;
    private volatile double currentFraction;
    private volatile double currentEstimate;
    private volatile boolean currentTimed;
    private volatile long currentStart;
    private long lastHeartbeat;
    private final Thread ticker;
    private int drawnWidth;

    Progress(PrintStream out, Level level, boolean terminal, int total, double plannedEstimated, double plannedTimed) {
        this(out, level, terminal, total, plannedEstimated, plannedTimed, System::nanoTime);
    }

    /** With the clock given: tests drive the time-left estimate with it. */
    Progress(PrintStream out, Level level, boolean terminal, int total, double plannedEstimated, double plannedTimed,
             LongSupplier nanos) {
        this.out = out;
        this.level = level;
        this.terminal = terminal;
        this.total = total;
        this.plannedEstimated = plannedEstimated;
        this.plannedTimed = plannedTimed;
        this.nanos = nanos;
        this.t0 = nanos.getAsLong();
        this.lastHeartbeat = t0;
        this.ticker = new Thread(this::tick, "progress");
        ticker.setDaemon(true);
        if (level != Level.QUIET) {
            ticker.start();
        }
    }

    /**
     * A test (or a group, as a jcstress pass) starts; {@code estimate} is its planned seconds, and
     * {@code timed} says it runs for exactly that long (a soak) rather than about that long.
     */
    synchronized void start(String what, double estimate, boolean timed) {
        current = what;
        currentEstimate = estimate;
        currentTimed = timed;
        currentFraction = 0;
        currentStart = nanos.getAsLong();
        if (level != Level.QUIET && !terminal) {
            out.printf(Locale.ROOT, "[%s] %s (about %s)%n", clock(), what, Budget.format(secs(estimate)));
        }
    }

    /** How far the current item is, when the tool says (jcstress's configurations done of planned). */
    @Override
    public void fraction(double f) {
        currentFraction = Math.max(0, Math.min(1, f));
    }

    @Override
    public void current(String what) {
        current = what;
    }

    /** Progress without news for the display; the watchdog counts it. */
    @Override
    public void beat() {}

    /** A test finished. */
    synchronized void finished(RunReport.TestReport t) {
        finished++;
        if (level == Level.QUIET) {
            return;
        }
        clearLine();
        out.printf(Locale.ROOT, "[%s] %-7s %-52s %8.1f s  %s%n", clock(), t.status(), t.id(), t.seconds(), t.summary());
        draw();
    }

    /** An item's planned time is used up (its tests reported through {@link #finished}). */
    synchronized void spent(double estimate) {
        if (currentTimed) {
            doneTimed += estimate;
        } else {
            doneEstimated += estimate;
            actualEstimated += (nanos.getAsLong() - currentStart) / 1e9;
        }
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
                } else if (nanos.getAsLong() - lastHeartbeat > 30_000_000_000L) {
                    lastHeartbeat = nanos.getAsLong();
                    out.printf(Locale.ROOT, "[%s] ... %d%%, %s: %s left%n", clock(), percent(), current,
                            Budget.format(secs(left())));
                }
            }
        }
    }

    private double done() {
        return doneEstimated + doneTimed + currentFraction * currentEstimate;
    }

    /**
     * Seconds left: the estimated items scaled by how this machine has kept to their estimates so far,
     * the timed ones at face value (a soak lasts its time, however fast the races before it were).
     */
    synchronized double left() {
        double rate = doneEstimated > 5 ? actualEstimated / doneEstimated : 1;
        rate = Math.min(3, Math.max(0.3, rate));
        double inItem = (nanos.getAsLong() - currentStart) / 1e9;
        double now;
        if (currentEstimate == 0) {
            now = 0; // between items
        } else if (currentTimed) {
            now = Math.max(0, currentEstimate - inItem);
        } else if (currentFraction > 0) { // the tool says how far it is (jcstress)
            now = (1 - currentFraction) * currentEstimate * rate;
        } else {
            now = Math.max(0, currentEstimate * rate - inItem);
        }
        double laterEstimated = Math.max(0, plannedEstimated - doneEstimated - (currentTimed ? 0 : currentEstimate));
        double laterTimed = Math.max(0, plannedTimed - doneTimed - (currentTimed ? currentEstimate : 0));
        return now + laterEstimated * rate + laterTimed;
    }

    private int percent() {
        return (int) Math.min(100, Math.round(100 * done() / Math.max(1, plannedEstimated + plannedTimed)));
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
        long s = (nanos.getAsLong() - t0) / 1_000_000_000L;
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
