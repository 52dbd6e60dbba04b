package skbstress.races;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;
import skbstress.api.SkbConfig;
import skbstress.canary.Canaries;
import skbstress.impl.slab.Magazine;

/**
 * Canary for {@link ZeroCopy_07_TwoSendsOnOneSocket}: a send's ubuf takes the socket's counter after its
 * increment as its id, so id 0 is never completed (stress/src/mutants/zckey-new-value-as-id.mutant): this
 * test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenZeroCopy_07_IdAfterIncrement}
 */
@JCStressTest
@JCStressMeta(ZeroCopy_07_TwoSendsOnOneSocket.class) // judged by its race's outcome table
@State
public class BrokenZeroCopy_07_IdAfterIncrement {
    public static final UbufRaces.TwoSendsOnOneSocket RACE = new UbufRaces.TwoSendsOnOneSocket(
            () -> Canaries.zckeyNewValueAsId(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final UbufRaces.Socket s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void sendA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void sendB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = ZeroCopy_07_TwoSendsOnOneSocket.NAMES.of(acted, RACE.observe(s));
    }
}
