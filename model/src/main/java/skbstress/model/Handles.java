package skbstress.model;

/**
 * The model's handles: a kind in the top byte and a sequence number below it. Handles are never reused,
 * so an old handle always names the same (possibly dead) thing, which is how the model tells a double
 * free from a handle it never issued.
 *
 * <pre>
 *  63 62      56 55                                   0
 * +--+----------+--------------------------------------+
 * |0 |   kind   |          sequence (from 1)           |
 * +--+----------+--------------------------------------+
 * </pre>
 */
final class Handles {
    private Handles() {}

    private static final int KIND_SHIFT = 56;
    private static final long SEQ_MASK = (1L << KIND_SHIFT) - 1;

    enum Kind { SKB, OBJECT, PAGE, DRIVER_BUFFER, UBUF, SOCKET, SHINFO, PAIR }

    static long make(Kind kind, long seq) {
        return ((long) (kind.ordinal() + 1) << KIND_SHIFT) | seq;
    }

    static boolean is(long handle, Kind kind) {
        return handle > 0 && (handle >>> KIND_SHIFT) == kind.ordinal() + 1 && (handle & SEQ_MASK) != 0;
    }
}
