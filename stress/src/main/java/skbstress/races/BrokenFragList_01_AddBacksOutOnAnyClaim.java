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
 * Canary for {@link FragList_01_AddRacesFree}: a frag_list add backs out on any claim of its member, even a
 * caller's free that has not decided yet and then sees the list's reference, so both are refused and the
 * member leaks
 * (stress/src/mutants/list-add-backs-out-on-any-claim.mutant): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenFragList_01_AddBacksOutOnAnyClaim}
 */
@JCStressTest
@JCStressMeta(FragList_01_AddRacesFree.class) // judged by its race's outcome table
@State
public class BrokenFragList_01_AddBacksOutOnAnyClaim {
    public static final FragListRaces.AddRacesFree RACE = new FragListRaces.AddRacesFree(
            () -> Canaries.listAddBacksOutOnAnyClaim(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final FragListRaces.Heads s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void adder() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void freer() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = FragList_01_AddRacesFree.NAMES.of(acted, RACE.observe(s));
    }
}
