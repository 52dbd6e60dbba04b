package skbstress.impl;

/**
 * The pin word of an skb struct: who is inside an operation on it.
 *
 * <pre>
 *  31 30 29                                 0
 * +--+--+------------------------------------+
 * |0 |W |  readers (threads reading/cloning)  |
 * +--+--+------------------------------------+
 * </pre>
 *
 * <p>Why: an operation other than get and free reads or edits the struct and its shared info for a
 * while; the struct must not be released (and reused) under it. Readers (clone, copies, views) add one;
 * an edit (put, push, frags, a new head, the destructor) sets W, and only when nobody else is inside:
 * the kernel lets one context edit an skb at a time, and an edit that meets another operation is refused
 * (CONCURRENT_USE, P-SKB-1) instead of corrupting it. A drop that claims the struct while someone is
 * inside leaves the release to the last one out ({@link SkbLife#DEFERRED}).
 */
final class SkbPins {
    private SkbPins() {}

    static final int READER = 1;
    static final int WRITER = 1 << 30;
}
