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
 * Canary for {@link Ext_01_TwoSharersWriteAtOnce}: an skb_ext's reference is dropped with a plain
 * read-modify-write, so the two copies' puts of the shared one can both write 1 and neither frees it (leaked):
 * this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenExt_01_PlainPut}
 */
@JCStressTest
@JCStressMeta(Ext_01_TwoSharersWriteAtOnce.class) // judged by its race's outcome table
@State
public class BrokenExt_01_PlainPut {
    public static final ExtRaces.TwoSharersWrite RACE =
            new ExtRaces.TwoSharersWrite(() -> Canaries.extPlainPut(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final ExtRaces.Shared s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void writerA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void writerB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Ext_01_TwoSharersWriteAtOnce.NAMES.of(acted, RACE.observe(s));
    }
}
