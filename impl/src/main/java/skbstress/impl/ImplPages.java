package skbstress.impl;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import skbstress.api.Kernel;
import skbstress.api.LeakReport;
import skbstress.api.Refusals;
import skbstress.impl.slab.HandleWord;
import skbstress.impl.slab.SlabCache;

/**
 * Pages: alloc, get, put, write, and the references structures own. A page's counters are one atomic
 * word ({@link PageMeta}); its references are taken and dropped by whichever thread releases a shared
 * info, and a caller's operations through a page handle pin the page, so none lands on a later life of it.
 * The live-page count is what the page cap is checked against.
 */
final class ImplPages {
    private final ImplState st;
    private final AtomicInteger livePages = new AtomicInteger();
    private ImplPagePool pagePool;

    ImplPages(ImplState st) {
        this.st = st;
        st.pages.onRelease(i -> {
            if (st.tracking) {
                st.ended(st.pages, i);
            }
            livePages.decrementAndGet();
        });
    }

    void wire(ImplPagePool pp) {
        this.pagePool = pp;
    }

    /** Pins the page a handle names for this operation, or refuses the handle; unpin with {@link #unpinPage}. */
    int pinPage(long h, String op, boolean dropping) {
        return st.pin(h, HandleWord.PAGE, st.pages, "a page", op, dropping, Refusals::pageFreed);
    }

    void unpinPage(int index) {
        st.unpin(st.pages, index);
    }

    PageMeta meta(int index) {
        return (PageMeta) st.pages.payload(index);
    }

    byte[] pageBytes(int index) {
        return st.pages.bytesOf(index);
    }

    int pageBase(int index) {
        return st.pages.byteOffset(index);
    }

    /** The page count the cap is checked against; at quiescence it equals the page cache's live objects. */
    int livePagesCounted() {
        return livePages.get(); // volatile: read by a quiescence check
    }

    void requirePages(int n, String op) {
        int cap = st.config.pageCapacity();
        if (cap != 0 && (long) livePages.get() + n > cap) {
            throw Refusals.pagesExhausted(op, n, livePages.get(), cap);
        }
    }

    long allocPage() {
        requirePages(1, "alloc_page");
        return ImplConstructors.pageHandle(st.pages, newPage());
    }

    /** A zeroed page with one reference. */
    int newPage() {
        int i = st.pages.alloc(st.local(st.pages));
        if (i < 0) {
            throw Refusals.pagesExhausted("alloc_page", 1, livePages.get(), st.config.pageCapacity());
        }
        Arrays.fill(pageBytes(i), pageBase(i), pageBase(i) + Kernel.PAGE_SIZE, (byte) 0);
        if (st.tracking) {
            meta(i).track = st.tracker.start(LeakReport.Kind.PAGE, ImplConstructors.pageHandle(st.pages, i));
        }
        meta(i).start(); // release: the zeroed bytes are published with the page
        livePages.incrementAndGet();
        return i;
    }

    /** An event of a live page the caller has pinned, for the tracker. */
    void tracked(int index, TrackEvent e, long h) {
        if (st.tracking) {
            st.tracker.event(meta(index).track, e, LeakReport.Kind.PAGE, h);
        }
    }

    void getPage(long h) {
        int i = pinPage(h, "get_page", false);
        try {
            PageMeta m = meta(i);
            if (m.isPp()) {
                getPoolPage(h, i, m);
                return;
            }
            int r = m.getCaller();
            if (r == 0) {
                throw st.tracker.explain(Refusals.pageFreed("get_page", h, false), h);
            }
            if (r == Integer.MAX_VALUE) {
                throw Refusals.pageRefcountMax(h);
            }
            tracked(i, TrackEvent.GET, h);
        } finally {
            unpinPage(i);
        }
    }

    void putPage(long h) {
        int i = pinPage(h, "put_page", true);
        long w;
        try {
            w = meta(i).putCaller();
        } catch (RuntimeException e) {
            unpinPage(i);
            throw e;
        }
        int r = (int) (w >>> 32);
        if (r == 0 || r <= (int) w) {
            unpinPage(i);
            throw r == 0 ? st.tracker.explain(Refusals.pageFreed("put_page", h, true), h) : Refusals.noCallerPageReference("put_page", h, r);
        }
        if (r != 1) {
            tracked(i, TrackEvent.PUT, h); // still pinned: the page's life goes on
            unpinPage(i);
        } else if (st.pages.claim(i, HandleWord.generation(h), true) == SlabCache.RELEASE_NOW) {
            st.pages.release(st.local(st.pages), i); // our pin ended with the claim
        }
    }

    /**
     * get_page of a pool page: through a page reference the caller holds, else through its pp reference, pinned
     * by a temporary one so the page cannot be recycled before the page reference lands (I-PP-2). A page that
     * left its pool meanwhile is an ordinary page again.
     */
    private void getPoolPage(long h, int i, PageMeta m) {
        if (m.getCallerHolding()) {
            return;
        }
        if (m.pinPp()) {
            int r = m.getCaller();
            if (m.structPpPutPin()) { // the caller's pp reference went meanwhile: ours was the last
                pagePool.lastDropped(i);
            }
            if (r == Integer.MAX_VALUE) {
                throw Refusals.pageRefcountMax(h);
            }
            return;
        }
        if (!m.isPp()) { // returned meanwhile: get_page of an ordinary page
            int r = m.getCaller();
            if (r == 0 || r == Integer.MAX_VALUE) {
                throw r == 0 ? st.tracker.explain(Refusals.pageFreed("get_page", h, false), h) : Refusals.pageRefcountMax(h);
            }
            return;
        }
        throw Refusals.noCallerPageReference("get_page", h, m.refcount());
    }

    /**
     * skb_page_unref: THE one way a frag or page-fragment head lets go of its page, by the pp_recycle bit of the
     * skb that releases it: a pool page of a marked skb gives its pp reference back (napi_pp_put_page), anything
     * else drops a page reference (put_page). The page's pool state is stable here: a marked skb's pool pages
     * hold pp references, which keep them in their pool.
     */
    void skbPageUnref(long pageHandle, boolean recycle) {
        int i = HandleWord.index(pageHandle);
        if (recycle && meta(i).isPp()) {
            pagePool.structPut(i);
        } else {
            structUnref(pageHandle);
        }
    }

    /** Gives back a page made for this call that no structure took (its one reference is dropped). */
    void dropNewPage(int index) {
        meta(index).putCaller();
        // release: the claim's volatile CAS ends a life no other thread has named
        st.pages.claimAndRelease(st.local(st.pages), index);
    }

    /** A structure (frag or page-fragment head) drops the reference it owns; the last frees the page. */
    void structUnref(long pageHandle) {
        int i = HandleWord.index(pageHandle);
        if (meta(i).structUnref()) {
            // release: the claim's volatile CAS ends the life after the last unref's RMW ordered every holder
            st.pages.claimAndRelease(st.local(st.pages), i);
        }
    }

    /**
     * skb_pp_frag_ref of a marked skb's frag (a pp reference on a pool page, which that frag's own pp reference
     * keeps in its pool), else __skb_frag_ref (get_page): one more reference, owned by a new frag.
     */
    void ppFragRef(long pageHandle, boolean recycle) {
        PageMeta m = meta(HandleWord.index(pageHandle));
        if (recycle && m.isPp()) {
            m.structPpRef();
        } else {
            m.structRef();
        }
    }

    /** A new shared info copies a descriptor: one more reference, owned by it. */
    void structRef(long pageHandle) {
        meta(HandleWord.index(pageHandle)).structRef();
    }

    void writePage(long h, int offset, byte[] bytes) {
        int i = pinPage(h, "write page", false);
        try {
            if (bytes == null) {
                throw Refusals.nullBytes("write page");
            }
            long end = (long) offset + bytes.length;
            if (offset < 0 || end > Kernel.PAGE_SIZE) {
                throw Refusals.pageRange("write page", offset, end);
            }
            System.arraycopy(bytes, 0, pageBytes(i), pageBase(i) + offset, bytes.length);
        } finally {
            unpinPage(i);
        }
    }
}
