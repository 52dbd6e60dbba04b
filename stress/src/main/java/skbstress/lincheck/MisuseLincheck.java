package skbstress.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;

/**
 * References misused under concurrency, with the model as specification: any thread drops, takes and
 * clones any skb of a small shared pool, whether it holds a reference or not, as a buggy caller would.
 * Each call must be accepted as the model accepts it in some serial order, or refused with the same code:
 * two drops of one reference release it once (the other is DOUBLE_FREE), a clone racing the last drop is
 * made before it or refused after it (USE_AFTER_FREE), a get racing it likewise.
 *
 * <p>Slot 0 is a plain skb, slot 1 an fclone ORIG, slot 2 the latest clone any thread made. Results are
 * words ("released", "kept", "ok", an error code's name), never handles.
 */
@Needs(skbstress.api.subject.Capability.SKB_OPS)
@Param(name = "slot", gen = IntGen.class, conf = "0:2")
public class MisuseLincheck extends SkbScenario {
    /** Both threads drop the same last reference; a clone races the last drop; one drop too many. */
    static final java.util.List<String> CUSTOM = java.util.List.of("/ free(0) | free(0) /",
            "/ clone(0) | free(0) / free(2)", "get(1) / free(1) | free(1) / free(1)",
            "clone(1) / free(2) | free(2) / clone(1)");
    /** This scenario's shape, budget and cost (measured here), in the suite's list. */
    static final Scenario SCENARIO = Scenario.of("misuse", "Users", MisuseLincheck.class, Spec.class).shape(2, 3, 1, 1)
            .budget(6, 200, 1000).checkingObstructionFreedom().protects("I-USERS-2 I-USERS-3 I-DATA-3 I-FCLONE-3")
            .custom(CUSTOM).cost(16, 0.6);

    static final int SLOTS = 3;
    private final long[] pool = new long[SLOTS];

    public MisuseLincheck() {
        this(impl());
    }

    protected MisuseLincheck(SkbOps ops) {
        super(ops, new Holdings(1, 1, 12));
        pool[0] = ops.allocSkb(64, false);
        pool[1] = ops.allocSkb(64, true);
    }

    @Operation
    public String free(@Param(name = "slot") int slot) {
        return drop(pool[slot], false);
    }

    @Operation
    public String get(@Param(name = "slot") int slot) {
        try {
            ops.get(pool[slot]);
            return "ok";
        } catch (SkbException e) {
            return code(e);
        }
    }

    /** Clones the skb of a slot; the clone becomes slot 2 (the earlier one stays reachable for the end). */
    @Operation
    public String clone(@Param(name = "slot") int slot) {
        try {
            long c = ops.clone(pool[slot]);
            held.postAny(c); // bookkeeping: the end drops what is left on it
            pool[2] = c;
            return "ok";
        } catch (SkbException e) {
            return code(e);
        }
    }

    @Operation
    public String cloned(@Param(name = "slot") int slot) {
        try {
            return ops.cloned(pool[slot]) ? "cloned" : "not cloned";
        } catch (SkbException e) {
            return code(e);
        }
    }

    /** Drops every reference left on anything the scenario made: until each handle is refused. */
    @Override
    protected void release(long h) {
        freeUntilRefused(h);
    }

    @Validate
    public void quiescent() {
        release(pool[0]);
        release(pool[1]);
        checkQuiescent();
    }

    public static final class Spec extends MisuseLincheck {
        public Spec() {
            super(model());
        }
    }
}
