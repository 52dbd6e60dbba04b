package skbstress.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.EnumSet;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import skbstress.impl.Fault;

/**
 * Canary for {@link Slab_02_AbaPopPopPush}: missing tag bump. The victim's CAS succeeds on a head that
 * looks unchanged and installs an object the interferer holds: this test must fail.
 *
 * <p>Run alone: {@code java -jar stress/target/skbstress-jcstress.jar -t BrokenSlab_02_MissingTagBump}
 */
@JCStressTest
@Outcome(id = "1, 3, 1", expect = ACCEPTABLE, desc = "the victim popped first: it got 1; the interferer popped 2 " +
        "and 3, pushed 2 back, kept 3")
@Outcome(id = "1, 2, 1", expect = ACCEPTABLE, desc = "the interferer went first: popped 1 and 2, pushed 1 back, " +
        "kept 2; the victim then got 1")
@Outcome(id = "2, 3, 1", expect = ACCEPTABLE, desc = "the victim popped 2 between the interferer's pops of 1 and 3")
@Outcome(id = "3, 2, 1", expect = ACCEPTABLE, desc = "the victim popped 3 after the interferer popped 1 and 2, " +
        "before it pushed 1 back")
@Outcome(expect = FORBIDDEN, desc = "I-SLAB-1: an object handed out twice or lost (the ABA a " +
        "tagged head prevents)")
@State
public class BrokenSlab_02_MissingTagBump {
    public static final SlabRaces.AbaPopPopPush RACE =
            new SlabRaces.AbaPopPopPush(EnumSet.of(Fault.MISSING_TAG_BUMP));
    final SlabRaces.Stack s = RACE.setUp(false);

    @Actor
    public void victim(III_Result r) {
        r.r1 = RACE.run(s, 0);
    }

    @Actor
    public void interferer(III_Result r) {
        r.r2 = RACE.run(s, 1);
    }

    @Arbiter
    public void observer(III_Result r) {
        int[] seen = RACE.settle(s);
        r.r3 = seen[0];
    }
}
