package skbstress.mutant.depot_missing_tag_bump.impl.slab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The canary of the implementation's DepotTest.theTagDefeatsAba: the depot whose CAS keeps the tag
 * (stress/src/mutants/depot-missing-tag-bump.mutant), driven through the same ABA interleaving, hands
 * one object out twice. The interleaving is forced by a hook between a pop's read of next(top) and its
 * CAS, so this fails every run, not by luck.
 */
class DepotAbaCanaryTest {

    /** Links in a plain array, with a hook run once, inside a pop, between its read and its CAS. */
    static final class HookedLinks implements Depot.Links {
        final int[] next = new int[64];
        Runnable hook;

        @Override
        public int getNextOpaque(int index) {
            int n = next[index];
            Runnable h = hook;
            if (h != null) {
                hook = null;
                h.run();
            }
            return n;
        }

        @Override
        public void setNextOpaque(int index, int n) {
            next[index] = n;
        }

        @Override
        public boolean valid(int index) {
            return index >= 0 && index < next.length;
        }
    }

    @Test
    void withoutTheTagBumpAnObjectIsHandedOutTwice() {
        HookedLinks links = new HookedLinks();
        Depot d = new Depot(links);
        d.push(3); // C
        d.push(2); // B
        d.push(1); // A
        List<Integer> handedOut = new ArrayList<>();
        // the victim pop has read top A and next(A) = B; meanwhile A and B are popped and A pushed back
        links.hook = () -> {
            int a = d.pop();
            handedOut.add(d.pop());
            d.push(a);
        };
        handedOut.add(d.pop());
        for (int x; (x = d.pop()) >= 0; ) {
            handedOut.add(x);
        }
        assertThat(new HashSet<>(handedOut)).as("handed out: %s (B twice, C lost)", handedOut)
                .hasSizeLessThan(handedOut.size());
    }
}
