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
 * Canary for {@link Slab_10_TwoRegisterAfterAnEnd}: the removal of an ended thread from the registry
 * replaces the array after checking that it is unchanged, with no compare-and-set
 * (stress/src/mutants/registry-forget-without-cas.mutant), so a registration between the check and the
 * store is lost: this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenSlab_10_ForgetWithoutCas}
 */
@JCStressTest
@JCStressMeta(Slab_10_TwoRegisterAfterAnEnd.class) // judged by its race's outcome table
@State
public class BrokenSlab_10_ForgetWithoutCas {
    public static final RegistryRaces.TwoRegisterAfterAnEnd RACE = new RegistryRaces.TwoRegisterAfterAnEnd(
            () -> Canaries.forgetWithoutCas(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final RegistryRaces.AfterAnEndedThread s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void holderA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void holderB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Slab_10_TwoRegisterAfterAnEnd.NAMES.of(acted, RACE.observe(s));
    }
}
