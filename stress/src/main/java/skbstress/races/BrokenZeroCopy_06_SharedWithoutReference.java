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
 * Canary for {@link ZeroCopy_06_ShareRacesRelease}: a copied shared info points at the ubuf without a
 * reference of its own, so the completion runs while the original still holds the ubuf
 * (stress/src/mutants/ubuf-shared-without-reference.mutant): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenZeroCopy_06_SharedWithoutReference}
 */
@JCStressTest
@JCStressMeta(ZeroCopy_06_ShareRacesRelease.class) // judged by its race's outcome table
@State
public class BrokenZeroCopy_06_SharedWithoutReference {
    public static final UbufRaces.ShareRacesRelease RACE = new UbufRaces.ShareRacesRelease(
            () -> Canaries.ubufSharedWithoutReference(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final UbufRaces.TwoSharers s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void copier() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void freer() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = ZeroCopy_06_ShareRacesRelease.NAMES.of(acted, RACE.observe(s));
    }
}
