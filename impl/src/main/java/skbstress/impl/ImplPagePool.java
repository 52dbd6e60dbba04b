package skbstress.impl;

import skbstress.api.HeadKind;
import skbstress.api.Refusals;
import skbstress.api.SkbOps;
import skbstress.impl.slab.HandleWord;

/**
 * page_pool recycling, as in the model's PagePool (specs/pagepool.md): pools live in an internal cache and are
 * never reused (an ended pool refuses as a destroyed one); a page's pp references and the decision on the last
 * one are its {@link PageMeta} pp word; the pool's cache is {@link ImplPool}'s CAS-guarded stack. A page is
 * recycled only after the last pp reference went (no pp holder left) and with refcount 1 (no page holder): no
 * one can take a reference then, since a get_page of a pool page needs a reference of the caller.
 */
final class ImplPagePool {
    private final ImplState st;
    private final ImplPages pages;
    private final ImplHandles handles;

    ImplPagePool(ImplState st, ImplPages pages, ImplHandles handles) {
        this.st = st;
        this.pages = pages;
        this.handles = handles;
    }

    long create(int capacity) {
        if (capacity < 0 || capacity > SkbOps.PAGE_POOL_MAX_SIZE) {
            throw Refusals.poolCapacity(capacity);
        }
        int i = st.pools.alloc(st.local(st.pools));
        ImplPool p = (ImplPool) st.pools.payload(i);
        long h = HandleWord.make(st.pools.generation(i), HandleWord.POOL, st.pools.id, i);
        p.start(h, capacity == 0 ? SkbOps.PAGE_POOL_DEFAULT_SIZE : capacity);
        return h;
    }

    /** The pool a handle names (pools live for ever: the check is all the pin needed), refused once destroyed. */
    private ImplPool pool(long h, String op, boolean dropping) {
        int i = st.pin(h, HandleWord.POOL, st.pools, "a page pool", op, dropping,
                (o, x, d) -> Refusals.notIssued(o, x, "a page pool"));
        st.unpin(st.pools, i);
        ImplPool p = (ImplPool) st.pools.payload(i);
        if (p.destroyed()) {
            throw Refusals.poolDestroyed(op, h, dropping);
        }
        return p;
    }

    long alloc(long h) {
        ImplPool pool = pool(h, "page_pool_alloc_pages", false);
        while (true) {
            ImplPool.Node top = pool.getHeadAcquire(); // acquire: pairs with the push's CAS; casHead re-checks top
            if (top == ImplPool.CLOSED) {
                throw Refusals.poolDestroyed("page_pool_alloc_pages", h, false);
            }
            if (top == null) {
                break;
            }
            if (pool.casHead(top, top.next())) { // the node is ours alone: its page has no holder
                pages.meta(top.page()).reuse();
                return ImplConstructors.pageHandle(st.pages, top.page());
            }
        }
        pages.requirePages(1, "page_pool_alloc_pages");
        pool.hold(); // before the check: a destroy that closes the cache after it sees this page in flight
        if (pool.destroyed()) { // closed since we found the cache empty: this allocation comes after the destroy
            pool.release();
            throw Refusals.poolDestroyed("page_pool_alloc_pages", h, false);
        }
        int i;
        try {
            i = pages.newPage();
        } catch (RuntimeException e) {
            pool.release();
            throw e;
        }
        pages.meta(i).startPool(pool);
        return ImplConstructors.pageHandle(st.pages, i);
    }

    void put(long page) {
        int i = pages.pinPage(page, "page_pool_put_full_page", true);
        try {
            int r = pages.meta(i).putCallerPp();
            if (r == -2) {
                throw Refusals.notPoolPage("page_pool_put_full_page", page);
            }
            if (r == -1) {
                throw Refusals.noCallerPpReference("page_pool_put_full_page", page, pages.meta(i).ppRefCount());
            }
            if (r == 1) {
                lastDropped(i);
            }
        } finally {
            pages.unpinPage(i);
        }
    }

    /** napi_pp_put_page of a structure's pp reference. */
    void structPut(int page) {
        if (pages.meta(page).structPpPut()) {
            lastDropped(page);
        }
    }

    /**
     * __page_pool_put_page after the last pp reference: recycled when only the pool holds the page and the cache
     * has room, else returned. Nothing can raise the refcount meanwhile (no holder is left to take one).
     */
    void lastDropped(int page) {
        PageMeta m = pages.meta(page);
        ImplPool pool = m.pool; // we held the last pp reference: the page was still this pool's
        if (m.refcount() == 1) {
            while (true) {
                ImplPool.Node top = pool.getHeadAcquire(); // acquire: seeds the push CAS, which re-checks top
                if (top == ImplPool.CLOSED || (top != null && top.depth() >= pool.capacity)) {
                    break;
                }
                if (pool.casHead(top, new ImplPool.Node(page, top, top == null ? 1 : top.depth() + 1))) {
                    return; // recycled: the CAS publishes the page's state to the next popper
                }
            }
        }
        returnPage(pool, page);
    }

    /** page_pool_return_page: the page leaves the pool, whose reference on it is dropped (put_page). */
    private void returnPage(ImplPool pool, int page) {
        pages.meta(page).leavePool();
        pool.release(); // a destroyed pool ends with its last page: nothing more to free
        pages.structUnref(ImplConstructors.pageHandle(st.pages, page));
    }

    void markForRecycle(long h) {
        SkbDesc d = handles.pinWriter(h, "skb_mark_for_recycle");
        try {
            if (d.ppRecycle) {
                return;
            }
            Shinfo sh = d.shinfo;
            for (int k = 0; k < sh.nrFrags; k++) {
                if (pages.meta(HandleWord.index(sh.fragPage[k])).isPp()) {
                    throw Refusals.markWithPageReferences(h, sh.fragPage[k]);
                }
            }
            if (sh.headKind == HeadKind.PAGE_FRAG && pages.meta(HandleWord.index(sh.headPage)).isPp()) {
                throw Refusals.markWithPageReferences(h, sh.headPage);
            }
            d.ppRecycle = true;
        } finally {
            handles.unpinWriter(d);
        }
    }

    void destroy(long h) {
        ImplPool pool = pool(h, "page_pool_destroy", true);
        ImplPool.Node top = pool.closeCache();
        if (top == ImplPool.CLOSED) { // a racing destroy took it first
            throw Refusals.poolDestroyed("page_pool_destroy", h, true);
        }
        for (ImplPool.Node n = top; n != null; n = n.next()) {
            returnPage(pool, n.page());
        }
    }

    /** The pool's snapshot, or null once it ended. */
    static skbstress.api.Snapshot.Pool snapshot(ImplState st, ImplPool p) {
        ImplPool.Node top = p.getHeadAcquire(); // acquire: read at quiescence; nodes are immutable
        boolean destroyed = top == ImplPool.CLOSED;
        int held = p.held();
        if (destroyed && held == 0) {
            return null;
        }
        java.util.List<Long> cached = new java.util.ArrayList<>();
        for (ImplPool.Node n = destroyed ? null : top; n != null; n = n.next()) {
            cached.add(ImplConstructors.pageHandle(st.pages, n.page()));
        }
        return new skbstress.api.Snapshot.Pool(p.handle, p.capacity, cached, held - cached.size(), destroyed);
    }
}
