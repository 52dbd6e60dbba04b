package skbstress.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import skbstress.api.FcloneState;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;

/**
 * The fast-clone pair. The owner of an ORIG (its operations never run in parallel with each other, as
 * the kernel's socket owner) clones it, each clone going to TX completion through a shared slot of its
 * own, and frees it in the end; completion frees a clone on any thread. A re-clone finds skb2 free ("fast": the
 * pair's fclone_ref was back at 1) or takes a struct from the head cache ("slow"); the pair returns to
 * its cache exactly once, after both members are gone.
 */
@Needs(skbstress.api.subject.Capability.SKB_OPS)
@Param(name = "slot", gen = IntGen.class, conf = "0:3")
public class FcloneLincheck extends SkbScenario {
    /** Completion frees the clone while the owner re-clones, then frees ORIG. */
    static final java.util.List<String> CUSTOM = java.util.List.of(
            "reclone / completeClone(0) | reclone freeOrig / completeClone(1)",
            "reclone / completeClone(0) | freeOrig / reclone");
    /** This scenario's shape, budget and cost (measured here), in the suite's list. */
    static final Scenario SCENARIO = Scenario.of("fclone", "Fclone", FcloneLincheck.class, Spec.class).shape(2, 3, 0, 1)
            .budget(6, 200, 1000).protects("I-FCLONE-1 I-FCLONE-3 I-FCLONE-4").custom(CUSTOM).cost(12, 0.6);

    static final int SLOTS = 4;
    private final long orig;
    private boolean origLive = true;
    /** Clones made so far; clone k goes to pool slot k, so a re-clone never looks at a completion's slot. */
    private int reclones;

    public FcloneLincheck() {
        this(impl());
    }

    protected FcloneLincheck(SkbOps ops) {
        super(ops, new Holdings(1, 1, SLOTS));
        orig = ops.allocSkb(128, true);
    }

    @Operation(nonParallelGroup = "owner")
    public String reclone() {
        if (!origLive) {
            return "none";
        }
        if (reclones == SLOTS) {
            return "enough";
        }
        try {
            long c = ops.clone(orig);
            boolean fast = ops.view(c).fclone() == FcloneState.CLONE;
            held.post(reclones++, c);
            return fast ? "fast" : "slow";
        } catch (SkbException e) {
            return code(e);
        }
    }

    /** TX completion of clone number {@code slot}, if it was made and not yet completed. */
    @Operation
    public String completeClone(@Param(name = "slot") int slot) {
        return drop(held.take(slot), false);
    }

    @Operation(nonParallelGroup = "owner")
    public String freeOrig() {
        if (!origLive) {
            return "none";
        }
        origLive = false;
        return drop(orig, false);
    }

    @Override
    protected void release(long h) {
        ops.free(h);
    }

    @Validate
    public void quiescent() {
        if (origLive) {
            origLive = false;
            ops.free(orig);
        }
        checkQuiescent();
    }

    public static final class Spec extends FcloneLincheck {
        public Spec() {
            super(model());
        }
    }
}
