package skbstress.mutation;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.Outcome;
import skbstress.races.Outcomes;
import skbstress.races.Race;
import skbstress.races.Races;

/**
 * A jcstress race run in this JVM for a moment: two threads run its actors against each other many times,
 * each time on a fresh state, and every outcome is judged by the race's own jcstress table. It proves
 * nothing when it passes (jcstress, in its own JVMs, is the proof); it exists to fail fast: a forbidden
 * outcome it sees is a real execution of the implementation, reported with the outcome, within a second
 * of its start instead of after jcstress's JVM starts and forks.
 *
 * <p>The two actors start together (the second spins on the first's go signal) after random short spins
 * of their own, so that their operations meet at varying offsets, as jcstress's strides make them.
 */
public final class RaceSprint {
    /** What a sprint found: nothing (null outcome), a forbidden outcome, a crash or a hang. */
    public record Finding(String test, String how, String outcome, long samples, double seconds) {
        public boolean caught() {
            return how != null;
        }
    }

    private RaceSprint() {}

    /**
     * Runs the race of jcstress test {@code test} for {@code millis} (at least one sample); an iteration that
     * takes longer than {@code hangMillis} is a hang.
     */
    public static Finding run(Class<?> test, long millis, long hangMillis) throws InterruptedException {
        Race<Object> race = raceOf(test);
        Outcomes names = Outcomes.of(test); // the jcstress test's names, so the sprint judges as jcstress does
        Set<String> allowed = new HashSet<>();
        for (Outcome o : Races.outcomes(test)) {
            if (o.expect() == Expect.ACCEPTABLE || o.expect() == Expect.ACCEPTABLE_INTERESTING) {
                allowed.addAll(java.util.List.of(o.id()));
            }
        }
        Partner partner = new Partner(race);
        Thread t = new Thread(partner, "sprint-" + test.getSimpleName());
        t.setDaemon(true); // a hung actor must not keep the JVM alive
        t.start();
        SplittableRandom rnd = new SplittableRandom(test.getName().hashCode());
        long t0 = System.nanoTime();
        long end = t0 + millis * 1_000_000L;
        long samples = 0;
        try {
            do {
                Object s = race.setUpForRun();
                int delay = rnd.nextInt(64);
                partner.delay = rnd.nextInt(64);
                partner.state = s;
                partner.go++; // volatile write: publishes state and delay to the partner
                spin(delay);
                int mine;
                try {
                    mine = race.run(s, 0);
                } catch (RuntimeException | Error e) {
                    return new Finding(test.getSimpleName(), "crash", e.toString(), samples, secs(t0));
                }
                long deadline = System.nanoTime() + hangMillis * 1_000_000L;
                while (partner.done != partner.go) { // volatile reads: the partner's result is then visible
                    if (System.nanoTime() > deadline) {
                        return new Finding(test.getSimpleName(), "hang", "an actor did not return within "
                                + hangMillis + " ms", samples, secs(t0));
                    }
                    Thread.onSpinWait();
                }
                if (partner.crash != null) {
                    return new Finding(test.getSimpleName(), "crash", partner.crash.toString(), samples, secs(t0));
                }
                String outcome;
                try {
                    outcome = names.of(new int[] {mine, partner.result}, race.observe(s));
                } catch (RuntimeException | Error e) {
                    return new Finding(test.getSimpleName(), "crash", "in the observer: " + e, samples, secs(t0));
                }
                samples++;
                if (!allowed.contains(outcome)) {
                    return new Finding(test.getSimpleName(), "forbidden outcome", outcome, samples, secs(t0));
                }
            } while (System.nanoTime() < end);
            return new Finding(test.getSimpleName(), null, null, samples, secs(t0));
        } finally {
            partner.stop = true;
            partner.go++;
        }
    }

    @SuppressWarnings("unchecked")
    private static Race<Object> raceOf(Class<?> test) {
        try {
            return (Race<Object>) test.getField("RACE").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(test.getName() + " has no public static RACE", e);
        }
    }

    /** The second actor: waits for each go signal, runs actor 1 on the state, signals done. */
    private static final class Partner implements Runnable {
        private final Race<Object> race;
        volatile long go;
        volatile long done;
        volatile boolean stop;
        Object state; // published by the volatile write of go
        int delay;
        int result; // published by the volatile write of done
        Throwable crash;

        Partner(Race<Object> race) {
            this.race = race;
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long g;
                while ((g = go) == seen) { // volatile read: acquires state and delay
                    Thread.onSpinWait();
                }
                seen = g;
                if (stop) {
                    return;
                }
                spin(delay);
                try {
                    result = race.run(state, 1);
                } catch (RuntimeException | Error e) {
                    crash = e;
                }
                done = g; // volatile write: releases result and crash
            }
        }
    }

    private static void spin(int n) {
        for (int i = 0; i < n; i++) {
            Thread.onSpinWait();
        }
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
