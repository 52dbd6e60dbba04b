package skbstress.lincheck;

import java.util.function.Supplier;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import skbstress.api.subject.Capability;
import skbstress.api.subject.ReferenceCount;

/**
 * A subject's reference count (P-SUBJ-2), whatever the subject: one object, one reference for each of the
 * two parallel threads; they take more (up to {@link #MOST} each) and drop what they hold. The drop of the
 * last reference must be the one that says it freed the object, in some serial order of the operations.
 * The sequential specification is a plain count ({@link Spec}), as in {@code skbstress.subject.Reference}.
 * Results: "freed" or "kept" for a drop, "ok" for a retain, "none" or "full" when the thread holds no
 * reference, or its most.
 */
@Needs(Capability.REFERENCE_COUNT)
@Param(name = "t", gen = ThreadIdGen.class)
public class CountLincheck {
    static final int THREAD_IDS = 4;
    /** References a thread may hold at once. */
    static final int MOST = 3;
    /** Two drops of the last two references at once; a retain and two drops racing a drop. */
    static final java.util.List<String> CUSTOM = java.util.List.of("/ release | release /",
            "/ retain release release | release /");
    /** This scenario's shape, budget and cost (measured here), in the suite's list. */
    static final Scenario SCENARIO = Scenario.of("count", "Ref", CountLincheck.class, Spec.class).shape(2, 3, 0, 1)
            .budget(6, 200, 1000).checkingObstructionFreedom().protects("P-SUBJ-2").custom(CUSTOM).cost(5, 0.3);

    private final ReferenceCount count;
    private final Object object;
    /** References each thread id holds; each thread touches its own slot only. */
    private final int[] held = new int[THREAD_IDS];

    public CountLincheck() {
        this(() -> skbstress.races.Races.subject().newReferenceCount());
    }

    protected CountLincheck(Supplier<ReferenceCount> subject) {
        count = subject.get();
        object = count.create();
        count.retain(object);
        held[1] = 1;
        held[2] = 1;
    }

    @Operation
    public String retain(@Param(name = "t") int t) {
        if (held[t] == 0 || held[t] == MOST) {
            return held[t] == 0 ? "none" : "full";
        }
        count.retain(object);
        held[t]++;
        return "ok";
    }

    @Operation
    public String release(@Param(name = "t") int t) {
        if (held[t] == 0) {
            return "none";
        }
        boolean freed = count.release(object);
        held[t]--;
        return freed ? "freed" : "kept";
    }

    /** The sequential specification: a plain count over the same holdings. */
    public static final class Spec {
        private int references = 2;
        private final int[] held = {0, 1, 1, 0};

        @Operation
        public String retain(@Param(name = "t") int t) {
            if (held[t] == 0 || held[t] == MOST) {
                return held[t] == 0 ? "none" : "full";
            }
            references++;
            held[t]++;
            return "ok";
        }

        @Operation
        public String release(@Param(name = "t") int t) {
            if (held[t] == 0) {
                return "none";
            }
            held[t]--;
            return --references == 0 ? "freed" : "kept";
        }
    }
}
