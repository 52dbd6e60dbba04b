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
 * Canary for {@link Socket_01_TwoOwnedSkbsFreed}: the socket's charge is updated with a plain
 * read-modify-write, so one of two racing uncharges can be lost (the socket stays charged): this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenSocket_01_PlainUncharge}
 */
@JCStressTest
@JCStressMeta(Socket_01_TwoOwnedSkbsFreed.class) // judged by its race's outcome table
@State
public class BrokenSocket_01_PlainUncharge {
    public static final SocketRaces.TwoOwnedSkbsFreed RACE =
            new SocketRaces.TwoOwnedSkbsFreed(
                    () -> Canaries.socketPlainUncharge(SkbConfig.UNBOUNDED, Magazine.CAPACITY));
    final SocketRaces.Shared s = RACE.setUpForRun();
    final int[] acted = new int[2]; // the actors' observations, named with the observer's by the arbiter

    @Actor
    public void freerA() {
        acted[0] = RACE.run(s, 0);
    }

    @Actor
    public void freerB() {
        acted[1] = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(L_Result r) {
        r.r1 = Socket_01_TwoOwnedSkbsFreed.NAMES.of(acted, RACE.observe(s));
    }
}
