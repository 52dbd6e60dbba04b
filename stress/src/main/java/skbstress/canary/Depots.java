package skbstress.canary;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The depot on its own, over links in a caller's array: the implementation's, and the canary whose CAS
 * keeps the tag (stress/src/mutants/depot-missing-tag-bump.mutant). The two adapters differ only in the
 * class they wrap: each depot has its own Links type.
 */
public final class Depots {
    private Depots() {}

    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    /** The implementation's depot over {@code next} (indices below its length). */
    public static FreeList real(int[] next) {
        skbstress.impl.slab.Depot d = new skbstress.impl.slab.Depot(new skbstress.impl.slab.Depot.Links() {
            @Override
            public int getNextOpaque(int index) {
                return (int) INTS.getOpaque(next, index);
            }

            @Override
            public void setNextOpaque(int index, int n) {
                INTS.setOpaque(next, index, n);
            }

            @Override
            public boolean valid(int index) {
                return index >= 0 && index < next.length;
            }
        });
        return new FreeList() {
            @Override
            public void push(int index) {
                d.push(index);
            }

            @Override
            public int pop() {
                return d.pop();
            }

            @Override
            public int popBatch(int[] into, int max) {
                return d.popBatch(into, max);
            }
        };
    }

    /** The canary: the same depot with a CAS that keeps the tag (CVE-2020-29370's class). */
    public static FreeList missingTagBump(int[] next) {
        skbstress.mutant.depot_missing_tag_bump.impl.slab.Depot d =
                new skbstress.mutant.depot_missing_tag_bump.impl.slab.Depot(
                        new skbstress.mutant.depot_missing_tag_bump.impl.slab.Depot.Links() {
                            @Override
                            public int getNextOpaque(int index) {
                                return (int) INTS.getOpaque(next, index);
                            }

                            @Override
                            public void setNextOpaque(int index, int n) {
                                INTS.setOpaque(next, index, n);
                            }

                            @Override
                            public boolean valid(int index) {
                                return index >= 0 && index < next.length;
                            }
                        });
        return new FreeList() {
            @Override
            public void push(int index) {
                d.push(index);
            }

            @Override
            public int pop() {
                return d.pop();
            }

            @Override
            public int popBatch(int[] into, int max) {
                return d.popBatch(into, max);
            }
        };
    }
}
