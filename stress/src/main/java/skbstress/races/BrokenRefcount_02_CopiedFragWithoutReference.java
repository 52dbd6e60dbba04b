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
 * Canary for {@link Refcount_02_PageGetPutRacingFrag}: pskb_copy's shared info points at the frag pages
 * without a reference of its own (stress/src/mutants/copied-frag-without-page-reference.mutant), so the
 * two frees drop one reference more than was taken: this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenRefcount_02_CopiedFragWithoutReference}
 */
@JCStressTest
@JCStressMeta(Refcount_02_PageGetPutRacingFrag.class) // judged by its race's outcome table
@State
public class BrokenRefcount_02_CopiedFragWithoutReference {
    public static final RefcountRaces.PageGetPutRacingFrag RACE = new RefcountRaces.PageGetPutRacingFrag(
            () -> Canaries.copiedFragWithoutPageReference(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final RefcountRaces.SharedPage s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void getPut() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void fragCopyFree() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Refcount_02_PageGetPutRacingFrag.NAMES.of(acted, RACE.observe(s));
    }
}
