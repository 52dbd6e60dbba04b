package skbstress.impl.slab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The depot's tag rule, and the ABA interleaving it exists for, run deterministically. */
class DepotTest {

    /** Links in plain arrays, with a hook that runs once, in the middle of a pop, between read and CAS. */
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
    void everyChangeOfTheHeadAdvancesTheTagByOne() {
        HookedLinks links = new HookedLinks();
        Depot d = new Depot(links);
        int t = d.tag();
        d.push(1);
        assertThat(d.tag()).as("push").isEqualTo(t + 1);
        links.next[3] = 2;
        links.next[2] = -1;
        d.pushChain(3, 2);
        assertThat(d.tag()).as("chain push").isEqualTo(t + 2);
        assertThat(d.pop()).isEqualTo(3);
        assertThat(d.tag()).as("pop").isEqualTo(t + 3);
        int[] into = new int[8];
        assertThat(d.popBatch(into, 8)).isEqualTo(2);
        assertThat(d.tag()).as("batch pop").isEqualTo(t + 4);
        assertThat(d.pop()).as("empty").isEqualTo(-1);
        assertThat(d.tag()).as("a failed pop changes nothing").isEqualTo(t + 4);
    }

    @Test
    void aNewSlabAdvancesTheTag() {
        SlabCache c = new SlabCache(0, "t", 64, 0, null, 0, false, null, false);
        Magazine m = new Magazine(Magazine.CAPACITY);
        int t = c.depotTag();
        c.alloc(m);
        assertThat(c.depotTag()).as("new slab pushed, then a batch popped").isEqualTo(t + 2);
    }

    /**
     * The victim reads top A and next(A) = B; before its CAS, another pop takes A, another takes B, and A
     * is pushed back. The head is A again but next(A) is now C. An untagged CAS would install B, which
     * the interferer holds: B would be handed out twice.
     */
    static List<Integer> abaScenario() {
        HookedLinks links = new HookedLinks();
        Depot d = new Depot(links);
        d.push(3); // C
        d.push(2); // B
        d.push(1); // A
        List<Integer> handedOut = new ArrayList<>();
        links.hook = () -> {
            int a = d.pop();
            int b = d.pop();
            handedOut.add(b);
            d.push(a);
        };
        handedOut.add(d.pop());
        for (int x; (x = d.pop()) >= 0; ) {
            handedOut.add(x);
        }
        return handedOut;
    }

    /** Its canary (a depot without the tag bump hands B out twice) is DepotAbaCanaryTest in the stress module. */
    @Test
    void theTagDefeatsAba() {
        List<Integer> out = abaScenario();
        assertThat(out).containsExactlyInAnyOrder(1, 2, 3);
    }
}
