package skbstress.model;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The model's handles: a kind, the model instance that issued it, and a sequence number. Handles are
 * never reused, so an old handle always names the same (possibly dead) thing, which is how the model
 * tells a double free from a handle it never issued; the instance field makes a handle of another model
 * a handle this one never issued.
 *
 * <pre>
 *  63 62     56 55            40 39                                0
 * +--+---------+----------------+-----------------------------------+
 * |0 |  kind   |    instance    |         sequence (from 1)         |
 * +--+---------+----------------+-----------------------------------+
 * </pre>
 * Instances are numbered from a process-wide counter (mod 2^16), so any 65,536 models created one after
 * another issue disjoint handles.
 */
final class Handles {
    private static final int KIND_SHIFT = 56;
    private static final int INSTANCE_SHIFT = 40;
    private static final long SEQ_MASK = (1L << INSTANCE_SHIFT) - 1;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    enum Kind { SKB, OBJECT, PAGE, DRIVER_BUFFER, UBUF, SOCKET, SHINFO, PAIR, EXT, POOL }

    private final long instance = INSTANCES.getAndIncrement() & 0xffffL;

    long make(Kind kind, long seq) {
        return ((long) (kind.ordinal() + 1) << KIND_SHIFT) | (instance << INSTANCE_SHIFT) | (seq & SEQ_MASK);
    }

    /** Whether {@code handle} is of {@code kind} and was issued by this instance (it may be dead). */
    boolean is(long handle, Kind kind) {
        return handle > 0 && (handle >>> KIND_SHIFT) == kind.ordinal() + 1
                && ((handle >>> INSTANCE_SHIFT) & 0xffff) == instance && (handle & SEQ_MASK) != 0;
    }
}
