package skbstress.lincheck;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import skbstress.canary.Depots;
import skbstress.canary.FreeList;

/**
 * The slab's shared depot on its own: four objects on a tagged Treiber list, popped one at a time or in
 * batches of two, and pushed back by the thread that holds them. Its sequential specification is a plain
 * last-in first-out stack ({@link Spec}); an object held by one thread and popped by another, the ABA a
 * missing tag bump lets through (CVE-2020-29370's class), shows as a result no stack produces.
 */
@Param(name = "t", gen = ThreadIdGen.class)
public class DepotLincheck {
    static final int OBJECTS = 4;
    static final int THREAD_IDS = 4;
    /** The ABA shape: thread 1 pops while thread 2 pops twice and pushes the first back. */
    static final java.util.List<String> CUSTOM = java.util.List.of("/ pop | pop pop push / pop pop",
            "/ popTwo | pop pop push / pop popTwo");
    /** This scenario's shape, budget and cost (measured here), in the suite's list. */
    static final Scenario SCENARIO = Scenario.of("depot", "Slab", DepotLincheck.class, Spec.class).shape(2, 3, 0, 1)
            .budget(30, 1000, 2000).checkingObstructionFreedom().protects("I-SLAB-1").custom(CUSTOM).cost(0.35, 0.1);

    private final FreeList depot;
    private final Holdings held = new Holdings(THREAD_IDS, OBJECTS, 1);

    public DepotLincheck() {
        this(Depots::real);
    }

    protected DepotLincheck(java.util.function.Function<Depots.Links, FreeList> make) {
        depot = make.apply(Depots.Links.array(OBJECTS));
        for (int i = OBJECTS - 1; i >= 0; i--) {
            depot.push(i);
        }
    }

    /** Pops one object for thread {@code t}; -1 when empty. */
    @Operation
    public int pop(@Param(name = "t") int t) {
        int i = depot.pop();
        if (i >= 0) {
            held.push(t, i);
        }
        return i;
    }

    /** Pops up to two objects in one step; both indices, top first, -1 for none. */
    @Operation
    public String popTwo(@Param(name = "t") int t) {
        int[] into = new int[2];
        int n = depot.popBatch(into, 2);
        for (int k = 0; k < n; k++) {
            held.push(t, into[k]);
        }
        return (n > 0 ? into[0] : -1) + "," + (n > 1 ? into[1] : -1);
    }

    /**
     * Pushes back the object thread {@code t} took first (so pop, pop, push returns the first object over
     * the second, the ABA shape); -1 when it holds none.
     */
    @Operation
    public int push(@Param(name = "t") int t) {
        long h = held.popOldest(t);
        if (h == Holdings.NONE) {
            return -1;
        }
        depot.push((int) h);
        return (int) h;
    }

    /** The sequential specification: a stack holding 0 (top), 1, 2, 3. */
    public static final class Spec {
        private final ArrayDeque<Integer> stack = new ArrayDeque<>();
        private final Holdings held = new Holdings(THREAD_IDS, OBJECTS, 1);

        public Spec() {
            for (int i = OBJECTS - 1; i >= 0; i--) {
                stack.push(i);
            }
        }

        public int pop(int t) {
            Integer i = stack.poll();
            if (i == null) {
                return -1;
            }
            held.push(t, i);
            return i;
        }

        public String popTwo(int t) {
            int a = pop(t);
            int b = a < 0 ? -1 : pop(t);
            return a + "," + b;
        }

        public int push(int t) {
            long h = held.popOldest(t);
            if (h == Holdings.NONE) {
                return -1;
            }
            stack.push((int) h);
            return (int) h;
        }
    }
}
