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
 * Canary for {@link ZeroCopy_08_ExtendRacesSend}: the extension checks that the socket's next id is its
 * own, then stores the advanced counter, so a send in between takes the same id
 * (stress/src/mutants/extend-advances-without-cas.mutant): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenZeroCopy_08_AdvanceWithoutCas}
 */
@JCStressTest
@JCStressMeta(ZeroCopy_08_ExtendRacesSend.class) // judged by its race's outcome table
@State
public class BrokenZeroCopy_08_AdvanceWithoutCas {
    public static final UbufRaces.ExtendRacesSend RACE = new UbufRaces.ExtendRacesSend(
            () -> Canaries.extendAdvancesWithoutCas(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final UbufRaces.SentOnce s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void extender() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void sender() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = ZeroCopy_08_ExtendRacesSend.NAMES.of(acted, RACE.observe(s));
    }
}
