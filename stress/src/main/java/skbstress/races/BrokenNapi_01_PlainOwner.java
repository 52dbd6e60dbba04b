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
 * Canary for {@link Napi_01_TwoThreadsOneCpu}: a CPU's NAPI cache taken with a plain read, then a plain write of
 * its owner word, so both threads can hold it at once and push and pop over each other's count (a struct lost,
 * or handed out twice): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenNapi_01_PlainOwner}
 */
@JCStressTest
@JCStressMeta(Napi_01_TwoThreadsOneCpu.class) // judged by its race's outcome table
@State
public class BrokenNapi_01_PlainOwner {
    public static final NapiRaces.TwoThreadsOneCpu RACE =
            new NapiRaces.TwoThreadsOneCpu(() -> Canaries.napiPlainOwner(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final NapiRaces.Cpu0 s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void actorA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void actorB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Napi_01_TwoThreadsOneCpu.NAMES.of(acted, RACE.observe(s));
    }
}
