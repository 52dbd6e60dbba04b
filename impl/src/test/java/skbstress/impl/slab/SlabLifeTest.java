package skbstress.impl.slab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import skbstress.api.ErrorCode;
import skbstress.api.SkbException;

/**
 * The lives of slab objects: generations that never come back (retirement), pins that hold a release
 * back, constructors that throw, magazines of threads that end, and corruption reported, not looped on.
 */
class SlabLifeTest {

    @Test
    void anObjectRetiresBeforeItsGenerationWrapsSoAStaleHandleStaysStale() {
        SlabArena a = new SlabArena(false);
        SlabCache c = a.create("objs", 64, 0, null, 0, true, null);
        Magazine m = a.local().magazine(c.id);
        int i = c.alloc(m);
        SlabCacheTest.freeChecked(c, m, i, c.generation(i));
        c.ageForTest(i, (1L << 31) - 2); // its next life is its last one: generation base - 3
        assertThat(c.alloc(m)).isEqualTo(i);
        int last = c.generation(i);
        assertThat(last).isEqualTo(c.genBase() - 3);
        assertThat(SlabCacheTest.freeChecked(c, m, i, last)).isTrue();
        assertThat(c.retired()).as("I-SLAB-9: retired, not reused").isEqualTo(1);
        for (int k = 0; k < 200; k++) {
            assertThat(c.alloc(m)).as("the retired object is never handed out again").isNotEqualTo(i);
        }
        assertThat(c.pin(i, last)).as("its last handle stays stale").isFalse();
        assertThat(Generations.issued(c.genBase(), last, c.generation(i))).as("and is known as issued").isTrue();
        assertThat(a.stats(c).allocated()).isEqualTo(200);
    }

    @Test
    void aBoundedCacheReplacesWhatRetires() {
        SlabArena a = new SlabArena(false);
        SlabCache c = a.create("bounded", 64, 0, null, 4, true, null);
        Magazine m = a.local().magazine(c.id);
        int i = c.alloc(m);
        SlabCacheTest.freeChecked(c, m, i, c.generation(i));
        c.ageForTest(i, (1L << 31) - 2);
        int again = c.alloc(m);
        SlabCacheTest.freeChecked(c, m, again, c.generation(again));
        Set<Integer> seen = new HashSet<>();
        for (int k = 0; k < 4; k++) {
            int x = c.alloc(m);
            assertThat(x).as("still four objects").isNotNegative();
            seen.add(x);
        }
        assertThat(seen).doesNotContain(i).hasSize(4);
        assertThat(c.alloc(m)).isEqualTo(-1);
    }

    @Test
    void aPinHoldsTheReleaseBackAndTheLastOneOutReleases() {
        SlabArena a = new SlabArena(false);
        SlabCache c = a.create("objs", 64, 0, null, 0, true, null);
        Magazine m = a.local().magazine(c.id);
        int i = c.alloc(m);
        int g = c.generation(i);
        assertThat(c.pin(i, g)).isTrue();
        assertThat(c.claim(i, g, false)).isEqualTo(SlabCache.RELEASE_DEFERRED);
        assertThat(c.pin(i, g)).as("no new pin on an ended life").isFalse();
        assertThat(c.claim(i, g, false)).as("a second claim loses").isEqualTo(SlabCache.CLAIM_LOST);
        assertThat(a.stats(c).allocated()).as("not back before the pin ends").isEqualTo(1);
        assertThat(c.unpin(i)).as("the last one out releases").isTrue();
        c.release(m, i);
        assertThat(a.stats(c).allocated()).isZero();
    }

    @Test
    void aConstructorThatThrowsMakesNothing() {
        SlabArena a = new SlabArena(false);
        int[] calls = {0};
        assertThatThrownBy(() -> a.create("bad", 64, 0, mem -> {
            if (++calls[0] == 3) {
                throw new IllegalStateException("third");
            }
        }, 10, true, null)).isInstanceOfSatisfying(SkbException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CALLBACK_FAILED));
        assertThat(a.cacheCount()).as("I-SLAB-8: no id taken").isZero();
        SlabCache grows = a.create("grows", 1024, 0, mem -> {
            if (++calls[0] > 40) {
                throw new StackOverflowError();
            }
        }, 0, true, null);
        Magazine m = a.local().magazine(grows.id);
        List<Integer> held = new ArrayList<>();
        for (int k = 0; k < grows.objectsPerSlab; k++) {
            held.add(grows.alloc(m));
        }
        assertThatThrownBy(() -> grows.alloc(m)).isInstanceOf(SkbException.class);
        assertThat(grows.made()).as("no phantom objects").isEqualTo(grows.objectsPerSlab);
        assertThat(grows.indexLimit()).isEqualTo(grows.objectsPerSlab);
    }

    @Test
    void magazinesOfThreadsThatEndComeBackAndTheirThreadsAreForgotten() throws InterruptedException {
        SlabArena a = new SlabArena(false);
        SlabCache c = a.create("bounded", 64, 0, null, 64, true, null);
        for (int t = 0; t < 50; t++) {
            Thread th = new Thread(() -> {
                Magazine m = a.local().magazine(c.id);
                int x = c.alloc(m);
                assertThat(x).as("a short-lived thread finds an object").isNotNegative();
                SlabCacheTest.freeChecked(c, m, x, c.generation(x)); // its magazine now holds free objects
            });
            th.start();
            th.join();
        }
        assertThat(a.registeredThreads()).as("ended threads are forgotten").isLessThanOrEqualTo(2);
        SlabArena.Stats s = a.stats(c);
        assertThat(s.allocated()).isZero();
        assertThat(s.inDepot()).isEqualTo(64);
    }

    @Test
    void aThreadThatStaysGivesItsObjectsBackWhenAsked() {
        SlabArena a = new SlabArena(false);
        SlabCache c = a.create("objs", 64, 0, null, 0, true, null);
        Magazine m = a.local().magazine(c.id);
        int x = c.alloc(m);
        SlabCacheTest.freeChecked(c, m, x, c.generation(x));
        assertThat(a.stats(c).perThreadCached()).isPositive();
        a.releaseLocal();
        assertThat(a.stats(c).perThreadCached()).isZero();
    }

    @Test
    void aDoubleFreeOfTheAllocatorsOwnIsReportedNotLoopedOn() {
        SlabArena a = new SlabArena(false);
        SlabCache c = a.create("objs", 64, 0, null, 0, true, null);
        Magazine m = a.local().magazine(c.id);
        int x = c.allocUntracked(m);
        c.freeUntracked(m, x);
        c.freeUntracked(m, x); // what a broken caller inside the implementation would do
        assertThatThrownBy(() -> a.stats(c)).isInstanceOf(SlabCorruption.class).hasMessageContaining("objs");
        a.releaseLocal(); // both copies to the depot: its list now has a cycle
        assertThatThrownBy(() -> a.stats(c)).isInstanceOf(SlabCorruption.class).hasMessageContaining("cycle");
    }
}
