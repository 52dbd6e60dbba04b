package skbstress.api.subject;

/**
 * Views over one data area, each with a count of its own (skb_clone: a new struct, {@code dataref} + 1;
 * Netty's {@code retainedDuplicate}: a derived buffer that holds its parent): the data lives while any
 * view holds it, and is freed once, after the last (P-SUBJ-3). The {@link ReferenceCount} methods act on a
 * view's own count.
 * <ul>
 *   <li>{@link #createWith} makes a view, with one reference, the caller's, over new data holding the
 *       bytes given; {@link #derive} makes another view, with one reference, over the same data.</li>
 *   <li>Every view reads the same bytes, whichever views were released before.</li>
 *   <li>The data is freed once, after the last view holding it is freed, whichever thread frees it
 *       ({@link #liveData()}, where the subject counts). A view's own {@code release} result says whether
 *       that view was freed; a view may hold the one it was derived from (Netty's), so which drop returns
 *       true is the subject's.</li>
 * </ul>
 * Writes are left out: the kernel writes a cloned skb's data only after un-sharing it.
 */
public interface SharedViews extends ReferenceCount {
    /** The most bytes {@link #createWith} takes. */
    int MAX_SIZE = 256;

    /** A new view with one reference, the caller's, over new data holding {@code content}. */
    Object createWith(byte[] content);

    /** A new view over the data of {@code view}, which the caller holds a reference to. */
    Object derive(Object view);

    /** One byte of the data, through a view the caller holds. */
    byte read(Object view, int index);

    /** Data areas made and not yet freed, exact at quiescence; -1 when the subject does not count them. */
    default long liveData() {
        return -1;
    }
}
