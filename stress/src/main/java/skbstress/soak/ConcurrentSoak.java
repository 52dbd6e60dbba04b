package skbstress.soak;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import skbstress.api.Kernel;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;
import skbstress.model.InvariantChecker;

/**
 * Threads share skbs, fast-clone pairs, zero-copy buffers and slab objects, following the kernel's
 * ownership rules (a thread uses only references it holds; handing a handle to another thread hands over
 * the reference), and at quiescence the totals must be what the model predicts: every cache back to zero
 * live objects, every free function and every ubuf completion run exactly once, each socket's ids all
 * issued, no warning, every invariant holding.
 *
 * <p>What races: clones of one skb freed on different threads, get racing free, an ORIG and its fast
 * clone freed on different threads while the owner re-clones, slices of one driver buffer and sharers of
 * one ubuf released anywhere, objects freed on a thread other than the one that allocated them.
 */
public final class ConcurrentSoak {
    /** What a run did and what it found at quiescence. */
    public record Result(long operations, int skbs, int driverBuffers, int ubufs, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final SkbOps ops;
    private final int threads;
    private final int pageCache;
    private final List<ConcurrentLinkedQueue<Long>> inboxes = new ArrayList<>();
    private final List<ConcurrentLinkedQueue<Long>> objectInboxes = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final AtomicInteger skbsMade = new AtomicInteger();
    private final AtomicInteger buffersMade = new AtomicInteger();
    private final AtomicInteger ubufsMade = new AtomicInteger();
    private final ConcurrentLinkedQueue<AtomicInteger> freeCalls = new ConcurrentLinkedQueue<>();

    public ConcurrentSoak(SkbOps ops, int threads) {
        this.ops = ops;
        this.threads = threads;
        this.pageCache = ops.createCache("soak-objects", 256, 0, null, 0);
        for (int t = 0; t < threads; t++) {
            inboxes.add(new ConcurrentLinkedQueue<>());
            objectInboxes.add(new ConcurrentLinkedQueue<>());
        }
    }

    /** Runs every thread for {@code opsPerThread} actions, drains, and checks the totals. */
    public Result run(long seed, int opsPerThread) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch working = new CountDownLatch(threads);
        CountDownLatch drained = new CountDownLatch(threads);
        AtomicReference<Throwable> crash = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Worker w = new Worker(t, new Random(seed * 31 + t));
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    w.work(opsPerThread);
                    working.countDown();
                    working.await();
                    w.drainUntilQuiet();
                    drained.countDown();
                    drained.await();
                    w.drainUntilQuiet();
                } catch (Throwable e) {
                    crash.compareAndSet(null, e);
                    working.countDown();
                    drained.countDown();
                }
            }, "soak-" + t);
            ts.add(th);
            th.start();
        }
        start.countDown();
        for (Thread th : ts) {
            th.join();
        }
        for (int t = 0; t < threads; t++) {
            drainAll(t);
        }
        if (crash.get() != null) {
            problems.add("a thread crashed: " + crash.get());
        }
        return new Result((long) threads * opsPerThread, skbsMade.get(), buffersMade.get(), ubufsMade.get(),
                checkQuiescence());
    }

    private void drainAll(int t) {
        for (Long h; (h = inboxes.get(t).poll()) != null; ) {
            freeQuietly(h);
        }
        for (Long h; (h = objectInboxes.get(t).poll()) != null; ) {
            ops.cacheFree(pageCache, h);
        }
    }

    private void freeQuietly(long h) {
        try {
            ops.free(h);
        } catch (SkbException e) {
            problems.add("free of a handed-over reference refused: " + e.getMessage());
        }
    }

    private List<String> checkQuiescence() {
        List<String> out = new ArrayList<>(problems);
        Snapshot s = ops.snapshot();
        for (Snapshot.Cache c : s.caches()) {
            if (c.live() != 0) {
                out.add("cache " + c.name() + " has " + c.live() + " live objects at quiescence");
            }
        }
        if (!s.skbs().isEmpty() || !s.pages().isEmpty() || !s.driverBuffers().isEmpty() || !s.ubufs().isEmpty()
                || !s.objects().isEmpty()) {
            out.add(String.format("left alive: %d skbs, %d pages, %d driver buffers, %d ubufs, %d objects",
                    s.skbs().size(), s.pages().size(), s.driverBuffers().size(), s.ubufs().size(),
                    s.objects().size()));
        }
        Set<Long> ran = new HashSet<>(s.freeFunctionLog());
        if (ran.size() != s.freeFunctionLog().size() || ran.size() != buffersMade.get()) {
            out.add(String.format("free functions: %d runs for %d distinct buffers, %d made",
                    s.freeFunctionLog().size(), ran.size(), buffersMade.get()));
        }
        for (AtomicInteger calls : freeCalls) {
            if (calls.get() != 1) {
                out.add("a free function ran " + calls.get() + " times");
                break;
            }
        }
        Set<Long> completed = new HashSet<>();
        s.completionLog().forEach(c -> completed.add(c.ubuf()));
        if (completed.size() != s.completionLog().size() || completed.size() != ubufsMade.get()) {
            out.add(String.format("completions: %d for %d distinct ubufs, %d made", s.completionLog().size(),
                    completed.size(), ubufsMade.get()));
        }
        if (!s.warnings().isEmpty()) {
            out.add("warnings: " + s.warnings().subList(0, Math.min(3, s.warnings().size())));
        }
        try {
            new InvariantChecker().check(s);
        } catch (IllegalStateException e) {
            out.add(e.getMessage().split("\n")[0]);
        }
        return out;
    }

    /** One thread: its own references, its socket, and its inbox. */
    private final class Worker {
        private final int id;
        private final Random r;
        /** References this thread holds; {@code owned} are those it allocated (it may clone them). */
        private final List<Long> held = new ArrayList<>();
        private final List<Long> owned = new ArrayList<>();
        private final long socket;

        Worker(int id, Random r) {
            this.id = id;
            this.r = r;
            this.socket = ops.createZerocopySocket();
        }

        private int other() {
            return r.nextInt(threads);
        }

        void work(int n) {
            for (int k = 0; k < n; k++) {
                switch (r.nextInt(10)) {
                    case 0, 1 -> allocAndShare();
                    case 2 -> getAndHandOver();
                    case 3 -> recloneOwned();
                    case 4 -> freeOne();
                    case 5 -> driverBuffer();
                    case 6 -> zerocopy();
                    case 7 -> crossThreadObject();
                    default -> drainInbox(4);
                }
                if (held.size() > 32) {
                    freeOne();
                }
            }
            while (!held.isEmpty()) {
                freeOne();
            }
        }

        private void allocAndShare() {
            long skb = ops.allocSkb(64 + r.nextInt(2048), r.nextBoolean());
            skbsMade.incrementAndGet();
            ops.put(skb, new byte[16 + r.nextInt(48)]);
            int clones = r.nextInt(3);
            for (int c = 0; c < clones; c++) {
                inboxes.get(other()).add(ops.clone(skb));
            }
            held.add(skb);
            owned.add(skb);
        }

        private void getAndHandOver() {
            if (!held.isEmpty()) {
                long skb = held.get(r.nextInt(held.size()));
                ops.get(skb);
                inboxes.get(other()).add(skb);
            }
        }

        /** The owner clones its skb again (a fast clone once the last one was freed) and hands it over. */
        private void recloneOwned() {
            if (!owned.isEmpty()) {
                long skb = owned.get(r.nextInt(owned.size()));
                inboxes.get(other()).add(ops.clone(skb));
            }
        }

        private void freeOne() {
            if (!held.isEmpty()) {
                long skb = held.remove(r.nextInt(held.size()));
                owned.remove(skb);
                if (r.nextBoolean()) {
                    ops.free(skb);
                } else {
                    ops.consume(skb);
                }
            }
        }

        private void driverBuffer() {
            AtomicInteger calls = new AtomicInteger();
            freeCalls.add(calls);
            long buf = ops.createDriverBuffer(4096, b -> calls.incrementAndGet());
            buffersMade.incrementAndGet();
            for (int s = 0; s < 3; s++) {
                inboxes.get(other()).add(ops.makeZeroCopySkb(buf, Kernel.ZC_HEADER_SIZE + s * 1024, 1000));
            }
            ops.releaseDriverBuffer(buf);
        }

        private void zerocopy() {
            long u = ops.ubufAlloc(socket, true);
            ubufsMade.incrementAndGet();
            long skb = ops.allocSkb(128, false);
            skbsMade.incrementAndGet();
            ops.zerocopyAttach(skb, u, ops.allocPage(), 0, 100);
            inboxes.get(other()).add(ops.clone(skb));
            if (r.nextBoolean()) {
                inboxes.get(other()).add(ops.pskbCopy(skb));
            }
            ops.ubufPut(u);
            held.add(skb);
        }

        private void crossThreadObject() {
            objectInboxes.get(other()).add(ops.cacheAlloc(pageCache));
            for (Long h; (h = objectInboxes.get(id).poll()) != null; ) {
                ops.cacheFree(pageCache, h);
            }
        }

        private void drainInbox(int max) {
            for (int i = 0; i < max; i++) {
                Long h = inboxes.get(id).poll();
                if (h == null) {
                    return;
                }
                held.add(h);
                freeOne();
            }
        }

        void drainUntilQuiet() {
            drainInbox(Integer.MAX_VALUE);
            for (Long h; (h = objectInboxes.get(id).poll()) != null; ) {
                ops.cacheFree(pageCache, h);
            }
            while (!held.isEmpty()) {
                freeOne();
            }
        }
    }
}
