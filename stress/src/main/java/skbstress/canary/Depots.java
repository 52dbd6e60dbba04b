package skbstress.canary;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The depot on its own, over links a test owns: the implementation's, and the canaries'
 * (stress/src/mutants/depot-*.mutant). Each depot class has its own Links type, so each adapter is
 * the same few lines around a different class.
 */
public final class Depots {
    private Depots() {}

    /** The link words of a few objects, as a slab keeps them; a test may wrap them to act in between. */
    public interface Links {
        int getNextOpaque(int index);

        void setNextOpaque(int index, int next);

        boolean valid(int index);

        /** Links of {@code objects} objects in an array, with the slab's opaque accesses. */
        static Links array(int objects) {
            int[] next = new int[objects];
            return new Links() {
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
            };
        }
    }

    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    /** The implementation's depot. */
    public static FreeList real(Links links) {
        skbstress.impl.slab.Depot d = new skbstress.impl.slab.Depot(new skbstress.impl.slab.Depot.Links() {
            @Override
            public int getNextOpaque(int index) {
                return links.getNextOpaque(index);
            }

            @Override
            public void setNextOpaque(int index, int n) {
                links.setNextOpaque(index, n);
            }

            @Override
            public boolean valid(int index) {
                return links.valid(index);
            }
        });
        return freeList(d::push, d::pop, d::popBatch);
    }

    /** The canary whose CAS keeps the tag (CVE-2020-29370's class: ABA hands an object out twice). */
    public static FreeList missingTagBump(Links links) {
        var d = new skbstress.mutant.depot_missing_tag_bump.impl.slab.Depot(
                new skbstress.mutant.depot_missing_tag_bump.impl.slab.Depot.Links() {
                    @Override
                    public int getNextOpaque(int index) {
                        return links.getNextOpaque(index);
                    }

                    @Override
                    public void setNextOpaque(int index, int n) {
                        links.setNextOpaque(index, n);
                    }

                    @Override
                    public boolean valid(int index) {
                        return links.valid(index);
                    }
                });
        return freeList(d::push, d::pop, d::popBatch);
    }

    /** The canary whose push publishes the new top before linking it (a pop in between loses objects). */
    public static FreeList linkAfterPublish(Links links) {
        var d = new skbstress.mutant.depot_link_after_publish.impl.slab.Depot(
                new skbstress.mutant.depot_link_after_publish.impl.slab.Depot.Links() {
                    @Override
                    public int getNextOpaque(int index) {
                        return links.getNextOpaque(index);
                    }

                    @Override
                    public void setNextOpaque(int index, int n) {
                        links.setNextOpaque(index, n);
                    }

                    @Override
                    public boolean valid(int index) {
                        return links.valid(index);
                    }
                });
        return freeList(d::push, d::pop, d::popBatch);
    }

    interface Push {
        void push(int index);
    }

    interface Pop {
        int pop();
    }

    interface PopBatch {
        int popBatch(int[] into, int max);
    }

    private static FreeList freeList(Push push, Pop pop, PopBatch batch) {
        return new FreeList() {
            @Override
            public void push(int index) {
                push.push(index);
            }

            @Override
            public int pop() {
                return pop.pop();
            }

            @Override
            public int popBatch(int[] into, int max) {
                return batch.popBatch(into, max);
            }
        };
    }
}
