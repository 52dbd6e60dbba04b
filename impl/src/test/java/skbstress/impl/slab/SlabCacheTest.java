package skbstress.impl.slab;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The allocator on its own: growth, magazines, cross-thread frees, statistics, bounds, stale handles, poison. */
class SlabCacheTest {

    private static SlabArena arena(boolean poison) {
        return new SlabArena(poison);
    }

    @Test
    void allocationsAreDistinctAndTheCacheGrowsBySlabs() {
        SlabArena a = arena(false);
        SlabCache c = a.create("objs", 512, 0, null, 0, true, null);
        Magazine m = a.local().magazine(c.id);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            assertThat(seen.add(c.alloc(m))).isTrue();
        }
        assertThat(c.slabCount()).isEqualTo((200 + c.objectsPerSlab - 1) / c.objectsPerSlab);
        SlabArena.Stats s = a.stats(c);
        assertThat(s.allocated()).isEqualTo(200);
        assertThat(s.allocated() + s.free()).isEqualTo(c.made());
        for (int i : seen) {
            c.claimAndRelease(m, i);
        }
        assertThat(a.stats(c).allocated()).isZero();
        assertThat(a.stats(c).perThreadCached()).as("one magazine's worth stays with the thread")
                .isLessThanOrEqualTo(Magazine.CAPACITY);
    }

    @Test
    void oneThreadSeesOneLastInFirstOutStack() {
        SlabArena a = arena(false);
        SlabCache c = a.create("objs", 64, 0, null, 0, true, null);
        Magazine m = a.local().magazine(c.id);
        List<Integer> objs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            objs.add(c.alloc(m));
        }
        for (int i : objs) {
            c.claimAndRelease(m, i); // flushes to the depot on the way
        }
        for (int i = objs.size() - 1; i >= 0; i--) {
            assertThat(c.alloc(m)).as("pop %d", i).isEqualTo(objs.get(i));
        }
    }

    @Test
    void objectsFreedOnOtherThreadsComeBackAndTheCountsStayExact() throws InterruptedException {
        SlabArena a = arena(false);
        SlabCache c = a.create("objs", 128, 0, null, 0, true, null);
        ConcurrentLinkedQueue<Integer> handOff = new ConcurrentLinkedQueue<>();
        int n = 50_000;
        Thread producer = new Thread(() -> {
            Magazine m = a.local().magazine(c.id);
            for (int i = 0; i < n; i++) {
                handOff.add(c.alloc(m));
            }
        });
        Thread consumer = new Thread(() -> {
            Magazine m = a.local().magazine(c.id);
            int freed = 0;
            while (freed < n) {
                Integer i = handOff.poll();
                if (i != null) {
                    c.claimAndRelease(m, i);
                    freed++;
                }
            }
        });
        producer.start();
        consumer.start();
        producer.join();
        consumer.join();
        SlabArena.Stats s = a.stats(c);
        assertThat(s.allocated()).isZero();
        assertThat(s.free()).isEqualTo(c.made());
        assertThat(s.inDepot() + s.perThreadCached()).isEqualTo(s.free());
        assertThat(c.made()).as("frees came back for reuse instead of growing for ever").isLessThan(n);
    }

    @Test
    void aBoundedCacheSaysSoAndNeverPassesItsCapacity() {
        SlabArena a = arena(false);
        SlabCache c = a.create("bounded", 64, 0, null, 10, true, null);
        Magazine m = a.local().magazine(c.id);
        List<Integer> objs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            objs.add(c.alloc(m));
        }
        assertThat(c.canAlloc(m)).isFalse();
        assertThat(c.alloc(m)).isEqualTo(-1);
        assertThat(c.made()).isEqualTo(10);
        c.claimAndRelease(m, objs.get(3));
        assertThat(c.alloc(m)).isEqualTo(objs.get(3));
    }

    @Test
    void staleHandlesAreRefusedEvenAfterReuse() {
        SlabArena a = arena(false);
        SlabCache c = a.create("objs", 64, 0, null, 0, true, null);
        Magazine m = a.local().magazine(c.id);
        int i = c.alloc(m);
        int g = c.generation(i);
        assertThat(HandleWord.allocated(g)).isTrue();
        assertThat(freeChecked(c, m, i, g)).isTrue();
        assertThat(freeChecked(c, m, i, g)).as("double free").isFalse();
        int again = c.alloc(m);
        assertThat(again).isEqualTo(i);
        assertThat(c.generation(again)).isEqualTo(g + 2);
        assertThat(freeChecked(c, m, i, g)).as("free through the old handle after reuse").isFalse();
        assertThat(freeChecked(c, m, again, g + 2)).isTrue();
    }

    @Test
    void debugModePoisonsFreedObjectsAndNoticesWritesAfterFree() {
        SlabArena a = arena(true);
        SlabCache c = a.create("objs", 64, 0, null, 0, true, null);
        Magazine m = a.local().magazine(c.id);
        int i = c.alloc(m);
        c.bytesOf(i)[c.byteOffset(i)] = 1;
        c.claimAndRelease(m, i);
        assertThat(c.bytesOf(i)[c.byteOffset(i) + 10]).isEqualTo(SlabCache.POISON);
        c.bytesOf(i)[c.byteOffset(i) + 5] = 42; // a write through a dangling pointer
        assertThat(c.alloc(m)).isEqualTo(i);
        assertThat(c.poisonViolations()).as("P-SLAB-2: the write after free is counted").isEqualTo(1);
        int j = c.alloc(m);
        c.claimAndRelease(m, j);
        assertThat(c.alloc(m)).isEqualTo(j);
        assertThat(c.poisonViolations()).as("an undisturbed object passes").isEqualTo(1);
    }

    @Test
    void theConstructorRunsOncePerObject() {
        SlabArena a = arena(false);
        int[] runs = {0};
        SlabCache c = a.create("ctor", 1024, 0, mem -> {
            mem.put(0, (byte) 9);
            runs[0]++;
        }, 0, true, null);
        Magazine m = a.local().magazine(c.id);
        int i = c.alloc(m);
        c.claimAndRelease(m, i);
        c.alloc(m);
        assertThat(runs[0]).isEqualTo(c.objectsPerSlab);
        assertThat(c.ctorRuns()).isEqualTo(c.objectsPerSlab);
    }

    /** A free through a handle: the claim decides, then the release (nobody else is inside here). */
    static boolean freeChecked(SlabCache c, Magazine m, int i, int g) {
        int r = c.claim(i, g, false);
        if (r == SlabCache.RELEASE_NOW) {
            c.release(m, i);
        }
        return r != SlabCache.CLAIM_LOST;
    }

    /** No lock on any path: the implementation has no synchronized and no java.util.concurrent.locks. */
    @Test
    void noLocksAnywhereInTheImplementation() throws Exception {
        Path main = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                assertThat(text).as(f.toString()).doesNotContain("synchronized").doesNotContain("concurrent.locks")
                        .doesNotContain("ReentrantLock");
            }
        }
    }

    /** In steady state, allocation and free make no Java objects (measured by the JVM's per-thread counter). */
    @Test
    void steadyStateAllocAndFreeAllocateNoJavaObjects() {
        SlabArena a = arena(false);
        SlabCache c = a.create("objs", 2048, 0, null, 0, true, null);
        Magazine m = a.local().magazine(c.id);
        int[] live = new int[64];
        for (int round = 0; round < 20_000; round++) { // warm up: slabs exist, code compiled
            cycle(c, m, live);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int round = 0; round < 20_000; round++) {
            cycle(c, m, live);
        }
        long bytes = mx.getThreadAllocatedBytes(tid) - before;
        assertThat(bytes).as("bytes allocated by 1,280,000 alloc/free pairs").isLessThan(1024);
    }

    private static void cycle(SlabCache c, Magazine m, int[] live) {
        for (int k = 0; k < live.length; k++) {
            live[k] = c.alloc(m);
        }
        for (int k = 0; k < live.length; k++) {
            c.claimAndRelease(m, live[k]);
        }
    }
}
