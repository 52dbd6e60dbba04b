package skbstress.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import skbstress.api.ErrorCode;
import skbstress.api.Kernel;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;

/**
 * One thread of a soak round: its own references, its socket, its inbox; the kernel's ownership rules
 * most of the time, and misuse on purpose the rest. Every call ends accepted or refused by name; what a
 * refusal may be is said at each misuse.
 */
final class SoakWorker {
    private final ConcurrentSoak soak;
    private final SkbOps ops;
    private final int id;
    private final Random r;
    /** References this thread holds; {@code owned} are those it allocated (it may clone them). */
    private final List<Long> held = new ArrayList<>();
    private final List<Long> owned = new ArrayList<>();
    private long socket;

    SoakWorker(ConcurrentSoak soak, int id, long seed) {
        this.soak = soak;
        this.ops = soak.ops;
        this.id = id;
        this.r = new Random(seed);
    }

    private int other() {
        return r.nextInt(soak.threads);
    }

    void work(int n) {
        socket = soak.socket(id);
        for (int k = 0; k < n; k++) {
            switch (r.nextInt(14)) {
                case 0, 1 -> allocAndShare();
                case 2 -> getAndHandOver();
                case 3 -> recloneOwned();
                case 4 -> freeOne();
                case 5 -> driverBuffer();
                case 6 -> zerocopy();
                case 7 -> crossThreadObject();
                case 8 -> raceOneReference();
                case 9 -> staleAndForeignHandles();
                case 10 -> editShared();
                case 11 -> cloneWhileOwnerFrees();
                default -> drainInbox(4);
            }
            soak.did();
            if (held.size() > 32) {
                freeOne();
            }
        }
        while (!held.isEmpty()) {
            freeOne();
        }
    }

    /** A refusal this misuse may meet; anything else fails the soak. */
    private void expect(SkbException e, ErrorCode... allowed) {
        for (ErrorCode c : allowed) {
            if (e.code() == c) {
                soak.misuses.increment();
                return;
            }
        }
        soak.problems.add("unexpected refusal: " + e.getMessage());
    }

    private void allocAndShare() {
        long skb = ops.allocSkb(64 + r.nextInt(2048), r.nextBoolean());
        soak.skbsMade.incrementAndGet();
        ops.put(skb, new byte[16 + r.nextInt(48)]);
        int clones = r.nextInt(3);
        for (int c = 0; c < clones; c++) {
            soak.inboxes.get(other()).add(ops.clone(skb));
        }
        held.add(skb);
        owned.add(skb);
    }

    private void getAndHandOver() {
        if (!held.isEmpty()) {
            long skb = held.get(r.nextInt(held.size()));
            ops.get(skb);
            soak.inboxes.get(other()).add(skb);
        }
    }

    /** The owner clones its skb again (a fast clone once the last one was freed) and hands it over. */
    private void recloneOwned() {
        if (!owned.isEmpty()) {
            long skb = owned.get(r.nextInt(owned.size()));
            soak.inboxes.get(other()).add(ops.clone(skb));
        }
    }

    private void freeOne() {
        if (!held.isEmpty()) {
            long skb = held.remove(r.nextInt(held.size()));
            owned.remove(skb);
            try {
                if (r.nextBoolean()) {
                    ops.free(skb);
                } else {
                    ops.consume(skb);
                }
            } catch (SkbException e) {
                expect(e, ErrorCode.CALLBACK_FAILED); // a driver's free function threw: the release is complete
            }
        }
    }

    /** A driver buffer carved into slices for three threads; one free function in four throws. */
    private void driverBuffer() {
        AtomicInteger calls = new AtomicInteger();
        soak.freeCalls.add(calls);
        boolean throwing = r.nextInt(4) == 0;
        if (throwing) {
            soak.throwingFreeFunctions.incrementAndGet();
        }
        long buf = ops.createDriverBuffer(4096, b -> {
            calls.incrementAndGet();
            if (throwing) {
                throw new IllegalStateException("driver free function failed (on purpose)");
            }
        });
        soak.buffersMade.incrementAndGet();
        for (int s = 0; s < 3; s++) {
            soak.inboxes.get(other()).add(ops.makeZeroCopySkb(buf, Kernel.ZC_HEADER_SIZE + s * 1024, 1000));
        }
        try {
            ops.releaseDriverBuffer(buf);
        } catch (SkbException e) {
            expect(e, ErrorCode.CALLBACK_FAILED);
        }
    }

    private void zerocopy() {
        long u = ops.ubufAlloc(socket, true);
        soak.issuedId(socket);
        soak.ubufsMade.incrementAndGet();
        long skb = ops.allocSkb(128, false);
        soak.skbsMade.incrementAndGet();
        ops.zerocopyAttach(skb, u, ops.allocPage(), 0, 100);
        soak.inboxes.get(other()).add(ops.clone(skb));
        if (r.nextBoolean()) {
            soak.inboxes.get(other()).add(ops.pskbCopy(skb));
        }
        ops.ubufPut(u);
        held.add(skb);
        if (r.nextInt(8) == 0) {
            soak.notifications(socket, ops.readErrorQueue(socket));
        }
    }

    private void crossThreadObject() {
        soak.objectInboxes.get(other()).add(ops.cacheAlloc(soak.objectCache));
        for (Long h; (h = soak.objectInboxes.get(id).poll()) != null; ) {
            ops.cacheFree(soak.objectCache, h);
        }
    }

    /**
     * Misuse: one reference handed to two threads, which both free it. Exactly one free releases it; the
     * other is DOUBLE_FREE (counted at the end).
     */
    private void raceOneReference() {
        long skb = ops.allocSkb(64, r.nextBoolean());
        soak.skbsMade.incrementAndGet();
        soak.releases.put(skb, new AtomicInteger());
        soak.raced.get(other()).add(skb);
        soak.raced.get(other()).add(skb);
    }

    /** Misuse: handles of released skbs, and of another instance, used here. Refused, nothing changes. */
    private void staleAndForeignHandles() {
        long skb = ops.allocSkb(64, false);
        soak.skbsMade.incrementAndGet();
        ops.free(skb);
        try {
            switch (r.nextInt(3)) {
                case 0 -> ops.free(skb);
                case 1 -> ops.clone(skb);
                default -> ops.get(skb);
            }
            soak.problems.add("a stale handle was accepted");
        } catch (SkbException e) {
            expect(e, ErrorCode.DOUBLE_FREE, ErrorCode.USE_AFTER_FREE);
        }
        if (soak.foreign != null) {
            long theirs = soak.foreign.allocSkb(64, false);
            try {
                ops.free(theirs);
                soak.problems.add("a handle of another instance was accepted");
            } catch (SkbException e) {
                expect(e, ErrorCode.NOT_ALLOCATED, ErrorCode.DOUBLE_FREE, ErrorCode.USE_AFTER_FREE);
            }
            soak.foreign.free(theirs);
        }
    }

    /** Misuse: a held skb edited by this thread while another holder may edit or clone it. */
    private void editShared() {
        long skb = ops.allocSkb(256, false);
        soak.skbsMade.incrementAndGet();
        ops.get(skb);
        soak.inboxes.get(other()).add(skb);
        for (int i = 0; i < 3; i++) {
            try {
                ops.put(skb, new byte[8]);
            } catch (SkbException e) {
                // the other holder may be inside (CONCURRENT_USE), may have cloned it, or filled it
                expect(e, ErrorCode.CONCURRENT_USE, ErrorCode.WRITE_CLONED, ErrorCode.SKB_OVER);
            }
        }
        held.add(skb);
    }

    /**
     * Misuse: another thread, holding no reference, clones an skb while its owner frees it: it gets a
     * clone (made first) or USE_AFTER_FREE (made after); never a clone of released data.
     */
    private void cloneWhileOwnerFrees() {
        long skb = ops.allocSkb(128, r.nextBoolean());
        soak.skbsMade.incrementAndGet();
        ops.put(skb, new byte[32]);
        soak.unheld.get(other()).add(skb);
        held.add(skb);
        freeOne();
    }

    private void drainInbox(int max) {
        for (int i = 0; i < max; i++) {
            Long h = soak.inboxes.get(id).poll();
            if (h == null) {
                break;
            }
            held.add(h);
            freeOne();
        }
        drainRaced();
    }

    /** Takes this thread's share of raced references: frees one (counted), or clones it without a reference. */
    private void drainRaced() {
        for (Long h; (h = soak.unheld.get(id).poll()) != null; ) {
            try {
                held.add(ops.clone(h));
            } catch (SkbException e) {
                expect(e, ErrorCode.USE_AFTER_FREE, ErrorCode.DOUBLE_FREE);
            }
        }
        for (Long h; (h = soak.raced.get(id).poll()) != null; ) {
            try {
                if (ops.free(h)) {
                    soak.releases.get(h).incrementAndGet();
                }
            } catch (SkbException e) {
                expect(e, ErrorCode.DOUBLE_FREE);
            }
        }
    }

    void drainUntilQuiet() {
        drainInbox(Integer.MAX_VALUE);
        for (Long h; (h = soak.objectInboxes.get(id).poll()) != null; ) {
            ops.cacheFree(soak.objectCache, h);
        }
        while (!held.isEmpty()) {
            freeOne();
        }
    }

    /** After every thread ended: what is still in this worker's queues (the round's last hand-offs). */
    void drainLeftovers() {
        drainUntilQuiet();
    }
}
