package skbstress.soak;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import skbstress.api.ErrorCode;
import skbstress.api.LeakReport;
import skbstress.api.SkbDiagnostics;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;
import skbstress.model.InvariantChecker;

/**
 * Threads share skbs, fast-clone pairs, zero-copy buffers and slab objects on one implementation that
 * lives through every round, each round on new threads (the last round's have ended: their cached
 * objects must come back). Threads follow the kernel's ownership rules (a thread uses the references it
 * holds; handing a handle over hands the reference), and also break them on purpose, racing: two threads
 * free one reference, a thread that holds none clones an skb while its owner frees it, stale and foreign
 * handles are used, holders edit one skb at once; free functions throw. Whatever a call does, it must
 * end as the model allows: accepted, or refused by name (SkbException); anything else is a crash, and a
 * crash fails the soak.
 *
 * <p>At quiescence after each round the totals must be the model's: every cache back to zero live
 * objects, every free function run exactly once, every send-call id of every socket notified exactly
 * once, exactly one release per raced reference, no warning but the free functions that threw during a
 * release handed to another thread, every invariant holding, and the threads forgotten.
 */
public final class ConcurrentSoak {
    /**
     * What a round did and what it found at quiescence; {@code leaks} is the implementation's own leak report
     * when it kept one and it found something (objects live, misuse other than the warnings the soak provokes),
     * else null.
     */
    public record Result(long operations, int skbs, int driverBuffers, int ubufs, long misuses, List<String> problems,
                         LeakReport leaks) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    final SkbOps ops;
    final SkbOps foreign;
    final int threads;
    final int objectCache;
    final List<ConcurrentLinkedQueue<Long>> inboxes = new ArrayList<>();
    final List<ConcurrentLinkedQueue<Long>> objectInboxes = new ArrayList<>();
    /** References raced on purpose: each must be released exactly once by the racers. */
    final List<ConcurrentLinkedQueue<Long>> raced = new ArrayList<>();
    /** skbs to clone by a thread that holds no reference to them, while their owner frees them. */
    final List<ConcurrentLinkedQueue<Long>> unheld = new ArrayList<>();
    final Map<Long, AtomicInteger> releases = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    final AtomicInteger skbsMade = new AtomicInteger();
    final AtomicInteger buffersMade = new AtomicInteger();
    final AtomicInteger ubufsMade = new AtomicInteger();
    final AtomicInteger throwingFreeFunctions = new AtomicInteger();
    final LongAdder misuses = new LongAdder();
    final ConcurrentLinkedQueue<AtomicInteger> freeCalls = new ConcurrentLinkedQueue<>();
    /**
     * Thread k's socket, made by its first round's thread k and kept for every round: the API has no way
     * to close a socket (nor has the model), so a socket a round makes lives as long as the instance, and
     * a new one every round would grow the heap with the soak's length.
     */
    private final AtomicLongArray sockets;
    private final LongAdder operations = new LongAdder();
    private volatile Runnable beat = () -> { };
    /** Per socket: ids notified since {@code base} (bit i: id base + i), ids issued since it, and the base. */
    private final Map<Long, BitSet> notified = new ConcurrentHashMap<>();
    private final Map<Long, Long> issued = new ConcurrentHashMap<>();
    private final Map<Long, Long> base = new ConcurrentHashMap<>();
    private long warningsSeen;
    /** The round's leak report, when the implementation's found something at quiescence. */
    private LeakReport leakReport;

    /**
     * @param ops the implementation under test, kept for every round
     * @param foreign another instance, whose handles must be refused by {@code ops}
     */
    public ConcurrentSoak(SkbOps ops, SkbOps foreign, int threads) {
        this.ops = ops;
        this.foreign = foreign;
        this.threads = threads;
        this.objectCache = ops.createCache("soak-objects", 256, 0, null, 0);
        this.sockets = new AtomicLongArray(threads);
        for (int t = 0; t < threads; t++) {
            inboxes.add(new ConcurrentLinkedQueue<>());
            objectInboxes.add(new ConcurrentLinkedQueue<>());
            raced.add(new ConcurrentLinkedQueue<>());
            unheld.add(new ConcurrentLinkedQueue<>());
        }
    }

    /** Actions done so far, over every round: what a watchdog watches for progress. */
    public long operations() {
        return operations.sum();
    }

    /** Runs {@code beat} after every action of every thread: how a watchdog sees the soak progress. */
    public ConcurrentSoak onProgress(Runnable beat) {
        this.beat = beat;
        return this;
    }

    void did() {
        operations.increment();
        beat.run();
    }

    /**
     * One round on new threads: each does {@code opsPerThread} actions, then they drain what was handed to
     * them and end; then the totals are checked at quiescence.
     */
    public Result round(long seed, int opsPerThread) throws InterruptedException {
        long before = operations();
        long misusesBefore = misuses.sum();
        resetRound();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch working = new CountDownLatch(threads);
        CountDownLatch drained = new CountDownLatch(threads);
        AtomicReference<Throwable> crash = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SoakWorker w = new SoakWorker(this, t, seed * 31 + t);
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
                } catch (Throwable e) { // a crash: anything but a named refusal fails the soak
                    crash.compareAndSet(null, e);
                    working.countDown();
                    drained.countDown();
                }
            }, "soak-" + seed + "-" + t);
            th.setDaemon(true); // a livelocked thread must not keep the process alive; the watchdog reports it
            ts.add(th);
            th.start();
        }
        start.countDown();
        for (Thread th : ts) {
            th.join();
        }
        List<String> found;
        if (crash.get() != null) {
            problems.add("a thread crashed: " + stackTrace(crash.get()));
            found = List.copyOf(problems);
        } else {
            try { // the checks themselves run the implementation: a crash there fails the round too
                for (int t = 0; t < threads; t++) {
                    new SoakWorker(this, t, seed).drainLeftovers();
                }
                found = checkQuiescence();
            } catch (Throwable e) {
                problems.add("crashed while checking at quiescence: " + stackTrace(e));
                found = List.copyOf(problems);
            }
        }
        return new Result(operations() - before, skbsMade.get(), buffersMade.get(), ubufsMade.get(),
                misuses.sum() - misusesBefore, found, leakReport);
    }

    /** Misuses refused by name so far, over every round. */
    public long misuses() {
        return misuses.sum();
    }

    private void resetRound() {
        problems.clear();
        releases.clear();
        freeCalls.clear();
        skbsMade.set(0);
        buffersMade.set(0);
        ubufsMade.set(0);
        throwingFreeFunctions.set(0);
        leakReport = null;
    }

    static String stackTrace(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        return s.length() > 4000 ? s.substring(0, 4000) + "..." : s;
    }

    /** Thread {@code k}'s socket: made on its first use, by that thread. */
    long socket(int k) {
        long s = sockets.get(k); // volatile: a socket made by an earlier round's thread k
        if (s == 0) {
            s = ops.createZerocopySocket();
            sockets.set(k, s); // only thread k of a round writes slot k, and rounds are joined one by one
        }
        return s;
    }

    /** A socket's notifications since the last clean round, each id once: the error queues drain into these. */
    void notifications(long socket, List<Snapshot.Notification> read) {
        BitSet ids = notified.computeIfAbsent(socket, k -> new BitSet());
        long from = base.getOrDefault(socket, 0L);
        for (Snapshot.Notification n : read) {
            for (long id = n.lo(); ; id = (id + 1) & 0xffff_ffffL) {
                long rel = (id - from) & 0xffff_ffffL;
                if (rel >= Integer.MAX_VALUE) { // before the base: notified, and checked, in an earlier round
                    problems.add(String.format("socket %x: id %d notified again after its round", socket, id));
                } else if (ids.get((int) rel)) {
                    problems.add(String.format("socket %x: id %d notified twice", socket, id));
                } else {
                    ids.set((int) rel);
                }
                if (id == n.hi()) {
                    break;
                }
            }
        }
    }

    void issuedId(long socket) {
        issued.merge(socket, 1L, Long::sum);
    }

    private List<String> checkQuiescence() {
        for (int k = 0; k < sockets.length(); k++) {
            if (sockets.get(k) != 0) {
                notifications(sockets.get(k), ops.readErrorQueue(sockets.get(k)));
            }
        }
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
        if (ops instanceof SkbDiagnostics d) {
            LeakReport leaks = d.leaks().withoutWarnings();
            if (!leaks.isEmpty()) {
                leakReport = leaks; // the job's report carries it whole, with sites and histories
                out.add("leak report: " + leaks.text().trim());
            }
        }
        for (AtomicInteger calls : freeCalls) {
            if (calls.get() != 1) {
                out.add("a free function ran " + calls.get() + " times");
                break;
            }
        }
        if (freeCalls.size() != buffersMade.get()) {
            out.add("free functions counted for " + freeCalls.size() + " of " + buffersMade.get() + " buffers");
        }
        boolean notifiedAll = true;
        for (Map.Entry<Long, Long> e : issued.entrySet()) {
            BitSet ids = notified.getOrDefault(e.getKey(), new BitSet());
            if (ids.cardinality() != e.getValue() || ids.nextClearBit(0) != e.getValue()) {
                out.add(String.format("socket %x: %d ids issued, %d notified", e.getKey(), e.getValue(),
                        ids.cardinality()));
                notifiedAll = false;
            }
        }
        if (notifiedAll) { // every id so far notified once: the next round counts from here
            for (Map.Entry<Long, Long> e : issued.entrySet()) {
                base.merge(e.getKey(), e.getValue(), (a, b) -> (a + b) & 0xffff_ffffL);
                notified.remove(e.getKey());
            }
            issued.clear();
        }
        for (Map.Entry<Long, AtomicInteger> e : releases.entrySet()) {
            if (e.getValue().get() != 1) {
                out.add(String.format("raced reference %x released %d times", e.getKey(), e.getValue().get()));
                break;
            }
        }
        List<Snapshot.Warning> fresh = s.warnings().subList((int) Math.max(0,
                s.warnings().size() - (s.warningCount() - warningsSeen)), s.warnings().size());
        warningsSeen = s.warningCount();
        for (Snapshot.Warning w : fresh) {
            if (w.code() != ErrorCode.CALLBACK_FAILED) {
                out.add("warning: " + w);
                break;
            }
        }
        try {
            new InvariantChecker().check(s);
        } catch (IllegalStateException e) {
            out.add(e.getMessage().split("\n")[0]);
        }
        // the round's threads have ended: only the caller's (and a helper's, at most) may be kept
        if (ops instanceof SkbDiagnostics d && d.registeredThreads() > 2) {
            out.add(d.registeredThreads() + " threads still registered after the round's threads ended");
        }
        return out;
    }
}
