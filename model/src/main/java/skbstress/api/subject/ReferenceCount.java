package skbstress.api.subject;

/**
 * A reference-counted object (an skb's {@code users}, a Netty buffer's {@code refCnt}, a refcount_t): made
 * with one reference, its creator's; a holder takes another ({@link #retain}) or drops its own
 * ({@link #release}); the drop of the last reference frees the object (P-SUBJ-2).
 * <ul>
 *   <li>Exactly one drop frees it: of all the {@code release} calls on an object, exactly the one that
 *       dropped the last reference returns true, whichever threads they ran on.</li>
 *   <li>Nothing is freed while a reference is held, and nothing is lost: made and freed objects balance at
 *       quiescence ({@link #live()}, where the subject counts).</li>
 *   <li>A drop past the last reference is refused when {@link #overRelease()} is {@code REFUSED} (an skb
 *       freed twice, Netty's {@code IllegalReferenceCountException}).</li>
 *   <li>The count's overflow is {@link #overflow()}: the kernel's refcount_t saturates (and then never
 *       frees), Netty refuses the retain.</li>
 * </ul>
 */
public interface ReferenceCount {
    /** A new object with one reference, the caller's. */
    Object create();

    /** Takes one more reference on an object the caller holds a reference to (skb_get, retain). */
    void retain(Object o);

    /** Drops one of the caller's references; true exactly when this drop freed the object. */
    boolean release(Object o);

    /** The references held now (skb users, refCnt), for a holder; 0 once the object is freed. */
    int count(Object o);

    /** Objects made and not yet freed, exact at quiescence; -1 when the subject does not count them. */
    default long live() {
        return -1;
    }

    /** What a drop past the last reference does. */
    default ObjectAllocator.Misuse overRelease() {
        return ObjectAllocator.Misuse.UNDEFINED;
    }

    /** What a retain at the count's limit does. */
    default Overflow overflow() {
        return Overflow.UNDEFINED;
    }

    /** A count at its limit. */
    enum Overflow {
        /** refcount_t: the count stays at its saturation value and the object is never freed (a leak, no use after free). */
        SATURATES,
        /** The retain is refused with an exception, the count unchanged (Netty). */
        REFUSED,
        /** Not checked. */
        UNDEFINED
    }
}
