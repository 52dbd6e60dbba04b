package skbstress.lincheck;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;

/**
 * The slab allocator through kmem_cache_alloc / kmem_cache_free on a bounded cache of {@value #CAPACITY}
 * objects: allocation, free, free on another thread (a hand-off through a shared slot), a second free
 * through a dead handle, and exhaustion. The specification is the model's cache under the per-thread
 * caching rule P-SLAB-1 of {@code specs/slab.md} ({@link MagazineRule}): the model decides every result
 * except when an allocation fails while objects sit free in other threads' magazines, which the rule
 * allows and predicts exactly.
 */
@Param(name = "t", gen = ThreadIdGen.class)
public class SlabLincheck extends SkbScenario {
    static final int CAPACITY = 3;
    static final int THREADS = 2;
    /**
     * Exhaustion while another thread's magazine holds a free object (P-SLAB-1), and a free on another
     * thread followed by a second free through the dead handle.
     */
    static final java.util.List<String> CUSTOM = java.util.List.of("alloc alloc alloc / free alloc | alloc / alloc",
            "alloc alloc / handOff free | freeHandedOff alloc freeAgain / alloc freeAgain");
    /** This scenario's shape, budget and cost (measured here), in the suite's list. */
    static final Scenario SCENARIO = Scenario.of("slab", "Slab", SlabLincheck.class, Spec.class).shape(2, 3, 1, 1)
            .budget(6, 200, 1000).checkingObstructionFreedom().protects("I-SLAB-1 I-SLAB-7 I-SLAB-9 P-SLAB-1").custom(CUSTOM)
            .cost(9, 0.6);

    private final int cache;
    private final MagazineRule rule;

    public SlabLincheck() {
        this(impl(), null);
    }

    protected SlabLincheck(SkbOps ops, MagazineRule rule) {
        super(ops, new Holdings(THREADS + 2, 8, 1));
        this.rule = rule;
        this.cache = ops.createCache("lincheck-objects", 64, 0, null, CAPACITY);
    }

    @Operation
    public String alloc(@Param(name = "t") int t) {
        if (held.full(t)) {
            return "full";
        }
        if (rule != null && !rule.alloc(t)) {
            return "EXHAUSTED"; // P-SLAB-1: free objects exist, but only in other threads' magazines
        }
        try {
            held.push(t, ops.cacheAlloc(cache));
            return "ok";
        } catch (SkbException e) {
            return code(e);
        }
    }

    @Operation
    public String free(@Param(name = "t") int t) {
        return freeHere(t, held.pop(t));
    }

    /** Hands this thread's newest object to whichever thread takes it from the shared slot. */
    @Operation
    public String handOff(@Param(name = "t") int t) {
        return held.handOff(t, 0);
    }

    /** Frees the handed-off object on this thread: a cross-thread free. */
    @Operation
    public String freeHandedOff(@Param(name = "t") int t) {
        return freeHere(t, held.take(0));
    }

    /** Frees again what this thread freed last: refused, even when the object was reused meanwhile. */
    @Operation
    public String freeAgain(@Param(name = "t") int t) {
        long h = held.lastFreed(t);
        if (h == Holdings.NONE) {
            return "none";
        }
        try {
            ops.cacheFree(cache, h);
            return "freed twice";
        } catch (SkbException e) {
            return code(e);
        }
    }

    private String freeHere(int t, long h) {
        if (h == Holdings.NONE) {
            return "none";
        }
        try {
            ops.cacheFree(cache, h);
        } catch (SkbException e) {
            return code(e);
        }
        held.freed(t, h);
        if (rule != null) {
            rule.free(t);
        }
        return "ok";
    }

    @Override
    protected void release(long h) {
        ops.cacheFree(cache, h);
    }

    @Validate
    public void quiescent() {
        checkQuiescent();
    }

    /** The sequential specification: the model, with the per-thread caching rule. */
    public static final class Spec extends SlabLincheck {
        public Spec() {
            super(model(), new MagazineRule(THREADS, MAGAZINE, CAPACITY));
        }
    }
}
