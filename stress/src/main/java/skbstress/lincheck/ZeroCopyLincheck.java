package skbstress.lincheck;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import skbstress.api.Kernel;
import skbstress.api.SkbException;
import skbstress.api.SkbOps;
import skbstress.api.Snapshot;

/**
 * Zero-copy buffers released from any thread. (a) A driver buffer carved into three skbs (pool slots 0
 * to 2) whose driver still holds its reference: any thread frees a slice, the driver releases its
 * reference once; the free function runs exactly once, in the call that drops the last reference, and
 * that call says so. (b) An skb with DONT_ORPHAN zero-copy frags and its clone (slots 3 and 4) share
 * one ubuf reference, the caller's own already dropped: either may be freed on any thread; the
 * completion runs once, for ids [0, 0], without COPIED, and a reader of the socket's error queue sees
 * it once.
 */
@Needs(skbstress.api.subject.Capability.SKB_OPS)
@Param(name = "slice", gen = IntGen.class, conf = "0:2")
@Param(name = "sharer", gen = IntGen.class, conf = "3:4")
public class ZeroCopyLincheck extends SkbScenario {
    /** Slices freed on two threads while the driver releases its reference; the two sharers freed apart. */
    static final java.util.List<String> CUSTOM = java.util.List.of(
            "/ freeSlice(0) freeSlice(1) | releaseDriver freeSlice(2) / readErrorQueue",
            "/ freeSharer(3) readErrorQueue | freeSharer(4) / readErrorQueue");
    /** This scenario's shape, budget and cost (measured here), in the suite's list. */
    static final Scenario SCENARIO = Scenario.of("zerocopy", "ZeroCopy", ZeroCopyLincheck.class, Spec.class).shape(2, 3, 0, 1)
            .budget(4, 150, 1000).protects("I-ZCDRV-1 I-ZC-2").custom(CUSTOM).cost(51, 0.6);

    private final long buffer;
    private final long socket;
    private final AtomicInteger freeCalls = new AtomicInteger();
    private volatile Thread freeRanOn;
    private boolean driverHolds = true;

    public ZeroCopyLincheck() {
        this(impl());
    }

    protected ZeroCopyLincheck(SkbOps ops) {
        super(ops, new Holdings(1, 1, 5));
        buffer = ops.createDriverBuffer(4096, b -> {
            freeRanOn = Thread.currentThread();
            freeCalls.incrementAndGet();
        });
        for (int i = 0; i < 3; i++) {
            held.post(i, ops.makeZeroCopySkb(buffer, Kernel.ZC_HEADER_SIZE + i * 1024, 900));
        }
        socket = ops.createZerocopySocket();
        long ubuf = ops.ubufAlloc(socket, true);
        long orig = ops.allocSkb(128, false);
        ops.zerocopyAttach(orig, ubuf, ops.allocPage(), 0, 512);
        held.post(3, orig);
        held.post(4, ops.clone(orig));
        ops.ubufPut(ubuf);
    }

    /** What a release reports: whether the free function ran in this very call. */
    private String released(int callsBefore) {
        return freeCalls.get() > callsBefore && freeRanOn == Thread.currentThread() ? "released, free function ran"
                : "released";
    }

    @Operation
    public String freeSlice(@Param(name = "slice") int slot) {
        long h = held.take(slot);
        if (h == Holdings.NONE) {
            return "none";
        }
        int before = freeCalls.get();
        try {
            ops.free(h);
        } catch (SkbException e) {
            return code(e);
        }
        return released(before);
    }

    @Operation(nonParallelGroup = "driver")
    public String releaseDriver() {
        if (!driverHolds) {
            return "none";
        }
        driverHolds = false;
        int before = freeCalls.get();
        try {
            ops.releaseDriverBuffer(buffer);
        } catch (SkbException e) {
            return code(e);
        }
        return released(before);
    }

    @Operation
    public String freeSharer(@Param(name = "sharer") int slot) {
        return drop(held.take(slot), false);
    }

    /** Reads (and empties) the socket's error queue: its notifications, or "empty". */
    @Operation
    public String readErrorQueue() {
        return describe(ops.readErrorQueue(socket));
    }

    private static String describe(List<Snapshot.Notification> q) {
        if (q.isEmpty()) {
            return "empty";
        }
        StringBuilder out = new StringBuilder();
        for (Snapshot.Notification n : q) {
            out.append('[').append(n.lo()).append(", ").append(n.hi()).append(n.copied() ? "] COPIED " : "] ");
        }
        return out.toString().trim();
    }

    @Override
    protected void release(long h) {
        ops.free(h);
    }

    @Validate
    public void quiescent() {
        if (driverHolds) {
            driverHolds = false;
            ops.releaseDriverBuffer(buffer);
        }
        checkQuiescent();
        if (freeCalls.get() != 1) {
            throw new IllegalStateException("I-ZCDRV-1: the free function ran " + freeCalls.get() + " times");
        }
    }

    public static final class Spec extends ZeroCopyLincheck {
        public Spec() {
            super(model());
        }
    }
}
