package skbstress.api;

/**
 * The {@code skb_shared_info.dataref} word: one 32-bit counter split in two halves.
 *
 * <pre>
 *  31                16 15                 0
 * +--------------------+--------------------+
 * |  payload-only refs |  all references    |
 * |  (nohdr sharers)   |  (every sharer)    |
 * +--------------------+--------------------+
 * </pre>
 *
 * <p>Why split: a transport that keeps an skb only for its payload (TCP's retransmit queue) marks it
 * {@code nohdr} and counts itself in both halves. A clone sent down the stack can then prove it is the
 * only user of the <em>headers</em> (all minus payload-only equals 1) and write them in place, while the
 * payload stays shared. One atomic word keeps both counts consistent without a lock: release subtracts
 * {@code 1} or {@code 1 + (1 << 16)} in one operation. Neither half saturates; the model refuses to
 * carry out of the low half (I-DATA-2).
 */
public final class DatarefWord {
    private DatarefWord() {}

    public static final int SHIFT = 16;
    public static final int MASK = (1 << SHIFT) - 1;
    /** The value a fresh shared info starts with: one reference, no payload-only reference. */
    public static final int ONE = 1;
    /** What one nohdr reference adds (and its release subtracts): one in each half. */
    public static final int NOHDR_BIAS = (1 << SHIFT) + 1;

    public static int all(int word) {
        return word & MASK;
    }

    public static int payloadOnly(int word) {
        return word >>> SHIFT;
    }

    /** What releasing one reference subtracts: the bias of skb_release_data. */
    public static int releaseBias(boolean nohdr) {
        return nohdr ? NOHDR_BIAS : ONE;
    }

    /** skb_cloned(): the data may be shared (cloned flag set and more than one reference). */
    public static boolean cloned(boolean clonedFlag, int word) {
        return clonedFlag && all(word) != 1;
    }

    /** skb_header_cloned(): the headers may be shared (references other than payload-only ones != 1). */
    public static boolean headerCloned(boolean clonedFlag, int word) {
        return clonedFlag && (all(word) - payloadOnly(word)) != 1;
    }

    public static String describe(int word) {
        return String.format("0x%05x (all %d, payload-only %d)", word, all(word), payloadOnly(word));
    }
}
