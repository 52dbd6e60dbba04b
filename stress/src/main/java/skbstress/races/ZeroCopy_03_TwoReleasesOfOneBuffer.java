package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * The driver releases one buffer twice on two threads, a misuse; driverA then makes a new buffer. Caught
 * by it: stress/src/mutants/kernel/b02-cve-2016-9806-release-after-unpin.mutant (./skbstress mutants).
 *
 * <pre>
 * outcome (driverA, driverB, freeCalls, newBufferCallsBefore, newBufferRelease, quiet)
 * measured: 164,288 samples, jcstress -m sanity -time 1000 in its 8 JVM configurations, 2 cores, 2026-12-01
 *   name                  tuple              expect      samples    freq  meaning
 *   a-released-b-refused  1, -1, 1, 0, 1, 1  ACCEPTABLE   11,141   6.78%  A's release went through, B's was refused
 *                                                                         (DOUBLE_FREE)
 *   b-released-a-refused  -1, 1, 1, 0, 1, 1  ACCEPTABLE  153,147  93.22%  B's went through, A's was refused
 *   other                                    FORBIDDEN         0   0.00%  I-ZCDRV-1: released twice or never, or the
 *                                                                         stale release landed on the new buffer (its
 *                                                                         free function ran before its release, its
 *                                                                         release refused)
 * </pre>
 * The table is checked against the model (every interleaving of the actors' operations) by
 * OutcomeTablesTest.
 * Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t ZeroCopy_03_TwoReleasesOfOneBuffer}
 */
@JCStressTest
@Outcome(id = "a-released-b-refused", expect = ACCEPTABLE, desc = "driverA's release went through, driverB's was " +
        "refused (DOUBLE_FREE)")
@Outcome(id = "b-released-a-refused", expect = ACCEPTABLE, desc = "driverB's release went through, driverA's was " +
        "refused")
@Outcome(expect = FORBIDDEN, desc = "I-ZCDRV-1: released twice or never, or the stale release landed on the new " +
        "buffer")
@State
public class ZeroCopy_03_TwoReleasesOfOneBuffer {
    /** The names of the tuples in the table above: the ids of its outcomes. */
    public static final Outcomes NAMES = Outcomes.named("a-released-b-refused", 1, -1, 1, 0, 1, 1)
            .and("b-released-a-refused", -1, 1, 1, 0, 1, 1);
    public static final ZeroCopyRaces.TwoReleasesOfOneBuffer RACE =
            new ZeroCopyRaces.TwoReleasesOfOneBuffer(Races::impl);
    final ZeroCopyRaces.OneBuffer s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void driverA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void driverB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = NAMES.of(acted, RACE.observe(s));
    }
}
