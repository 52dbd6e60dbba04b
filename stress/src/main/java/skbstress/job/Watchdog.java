package skbstress.job;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Runs one test on a thread of its own and watches it: a test that makes no progress (no call on its
 * {@link TestProgress}) for {@link Limits#stall}, or that runs past {@link Limits#bound}, is declared hung.
 * The watchdog then takes a thread dump (and whatever the test added, such as a child JVM's dump), runs
 * the test's stop actions, and returns the hang instead of a value. The test's thread is abandoned, not
 * stopped: a thread spinning in a retry loop cannot be stopped, so the caller ends the run (the job's
 * {@code main} exits the JVM).
 */
public final class Watchdog {
    private Watchdog() {}

    /**
     * @param stall longest time without progress; null when the test cannot report progress (a Lincheck
     *     run), so that only the bound applies
     * @param bound longest time the test may run
     */
    public record Limits(Duration stall, Duration bound) {}

    /** Why and where a test was declared hung: its name, what it said it was doing, and every stack. */
    public record Hang(String test, String doing, String why, double seconds, String threadDump) {}

    /** What a watched test did: exactly one of a value (possibly null), a throwable, or a hang. */
    public record Outcome<T>(T value, Throwable thrown, Hang hang) {}

    /** The test's body. */
    @FunctionalInterface
    public interface Body<T> {
        T run(Watch watch) throws Exception;
    }

    /** The progress handle a watched test gets; it also passes progress on to the display. */
    public static final class Watch implements TestProgress {
        private final LongAdder beats = new LongAdder();
        private final TestProgress display;
        private final List<Runnable> stops = new CopyOnWriteArrayList<>();
        private final List<Supplier<String>> extraDumps = new CopyOnWriteArrayList<>();
        private volatile String current;

        Watch(String test, TestProgress display) {
            this.display = display;
            this.current = test;
        }

        @Override
        public void beat() {
            beats.increment();
        }

        @Override
        public void current(String what) {
            current = what;
            beats.increment();
            display.current(what);
        }

        @Override
        public void fraction(double done) {
            beats.increment();
            display.fraction(done);
        }

        /** What the test last said it was doing. */
        public String doing() {
            return current;
        }

        /** Runs if the test is declared hung: stops what can be stopped (a child process, say). */
        public void onHang(Runnable stop) {
            stops.add(stop);
        }

        /** Adds to the hang report's dump (a child JVM's threads, say); called only if the test hangs. */
        public void dumpAlso(Supplier<String> more) {
            extraDumps.add(more);
        }
    }

    /** Runs {@code body} as the test {@code test} under {@code limits}; progress also goes to {@code display}. */
    public static <T> Outcome<T> run(String test, Limits limits, TestProgress display, Body<T> body) {
        Watch watch = new Watch(test, display);
        Object[] result = new Object[1];
        Throwable[] thrown = new Throwable[1];
        Thread worker = new Thread(() -> {
            try {
                result[0] = body.run(watch);
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "skbstress-test " + test);
        worker.setDaemon(true); // a hung test must not keep the JVM alive
        long t0 = System.nanoTime();
        long lastProgress = t0;
        long lastBeats = -1;
        long period = Math.max(10, Math.min(1000, (limits.stall() == null ? limits.bound() : limits.stall())
                .toMillis() / 5));
        worker.start();
        while (true) {
            try {
                worker.join(period);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return hang(test, watch, worker, t0, "the job was interrupted while it ran");
            }
            if (!worker.isAlive()) {
                @SuppressWarnings("unchecked")
                T value = (T) result[0]; // join: the worker's writes happen-before this read
                return new Outcome<>(value, thrown[0], null);
            }
            long now = System.nanoTime();
            long beats = watch.beats.sum();
            if (beats != lastBeats) {
                lastBeats = beats;
                lastProgress = now;
            }
            if (limits.stall() != null && now - lastProgress > limits.stall().toNanos()) {
                return hang(test, watch, worker, t0, String.format(Locale.ROOT,
                        "made no progress for %.0f s (the bound is %d s)", (now - lastProgress) / 1e9,
                        limits.stall().toSeconds()));
            }
            if (now - t0 > limits.bound().toNanos()) {
                return hang(test, watch, worker, t0, String.format(Locale.ROOT,
                        "still running after %.0f s, past its bound of %d s", (now - t0) / 1e9,
                        limits.bound().toSeconds()));
            }
        }
    }

    private static <T> Outcome<T> hang(String test, Watch watch, Thread worker, long t0, String why) {
        StringBuilder dump = new StringBuilder(ThreadDump.all());
        for (Supplier<String> more : watch.extraDumps) {
            try {
                dump.append('\n').append(more.get());
            } catch (RuntimeException e) {
                dump.append("\n(an extra dump failed: ").append(e).append(")\n");
            }
        }
        for (Runnable stop : watch.stops) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                dump.append("\n(stopping the test failed: ").append(e).append(")\n");
            }
        }
        worker.interrupt(); // a test that blocks interruptibly may still end; a spinning one will not
        return new Outcome<>(null, null, new Hang(test, watch.doing(), why, (System.nanoTime() - t0) / 1e9,
                dump.toString()));
    }
}
