package skbstress.model;

import skbstress.api.Refusals;
import skbstress.api.SkbOps;

import static skbstress.model.ModelState.ensure;

/**
 * page_pool recycling of skb pages (specs/pagepool.md, Linux 6.12 net/core/page_pool.c and skbuff.c): a pool
 * page has two counts, its pp references (pp_ref_count) and its page refcount (the pool's 1, which the page
 * keeps in structRefs, plus get_page references). The last pp reference recycles the page into the pool's cache
 * when its refcount is 1, else the page leaves the pool (page_pool_return_page) and lives on as an ordinary page.
 */
final class PagePool {
    private final ModelState state;
    private Frags frags;

    PagePool(ModelState state) {
        this.state = state;
    }

    void wire(Frags f) {
        this.frags = f;
    }

    long create(int capacity) {
        if (capacity < 0 || capacity > SkbOps.PAGE_POOL_MAX_SIZE) {
            throw Refusals.poolCapacity(capacity);
        }
        ModelPool p = new ModelPool(state.next(Handles.Kind.POOL),
                capacity == 0 ? SkbOps.PAGE_POOL_DEFAULT_SIZE : capacity);
        state.pools.put(p.handle, p);
        state.livePools.put(p.handle, p);
        return p.handle;
    }

    private ModelPool pool(long h, String op, boolean dropping) {
        ModelPool p = state.handles.is(h, Handles.Kind.POOL) ? state.pools.get(h) : null;
        if (p == null) {
            throw Refusals.notIssued(op, h, "a page pool");
        }
        if (p.destroyed) {
            throw Refusals.poolDestroyed(op, h, dropping);
        }
        return p;
    }

    /** page_pool_dev_alloc_pages: the cache's top first (its bytes as the last user left them), else a new page. */
    long alloc(long h) {
        ModelPool pool = pool(h, "page_pool_alloc_pages", false);
        ModelPage page = pool.cache.pollFirst();
        if (page == null) {
            Frags.requirePages(state, 1, "page_pool_alloc_pages");
            page = Frags.newPage(state);
            page.pool = pool;
            page.structRefs = 1; // the pool's reference: no caller may put_page it
        }
        page.ppRefs = 1; // page_pool_set_pp_info's pp_ref_count of 1, the caller's
        pool.inFlight++;
        return page.handle;
    }

    /** page_pool_put_full_page by the caller: its pp reference dropped. */
    void put(long pageHandle) {
        ModelPage page = state.page(pageHandle, "page_pool_put_full_page", true);
        if (page.pool == null) {
            throw Refusals.notPoolPage("page_pool_put_full_page", pageHandle);
        }
        if (!page.callerHoldsPpReference()) {
            throw Refusals.noCallerPpReference("page_pool_put_full_page", pageHandle, page.ppRefs);
        }
        drop(page);
    }

    /** napi_pp_put_page of a structure's pp reference (a frag or head of a pp_recycle skb). */
    void structPut(ModelPage page) {
        ensure(page.ppStructRefs > 0, "I-PP-2", "structure pp reference missing on page " + Long.toHexString(page.handle));
        page.ppStructRefs--;
        drop(page);
    }

    /** skb_pp_frag_ref of a pool page: one more pp reference, owned by the new frag. */
    static void structRef(ModelPage page) {
        page.ppRefs++;
        page.ppStructRefs++;
    }

    /**
     * page_pool_put_netmem: the last pp reference is decided once; then the page is recycled when only the pool
     * holds it (refcount 1) and the cache has room, else returned (__page_pool_put_page, page_pool_recycle_in_ring).
     */
    private void drop(ModelPage page) {
        ensure(page.ppRefs > 0, "I-PP-2", "pp reference dropped at 0 on page " + Long.toHexString(page.handle));
        if (--page.ppRefs != 0) {
            return;
        }
        ModelPool pool = page.pool;
        pool.inFlight--;
        if (page.refcount == 1 && !pool.destroyed && pool.cache.size() < pool.capacity) {
            pool.cache.addFirst(page);
        } else {
            returnPage(pool, page);
            endIfDone(pool);
        }
    }

    /** page_pool_return_page: the page leaves the pool, which drops its reference (put_page). */
    private void returnPage(ModelPool pool, ModelPage page) {
        page.pool = null;
        frags.poolRefPut(page);
    }

    void markForRecycle(long h) {
        ModelSkb skb = state.skb(h, "skb_mark_for_recycle");
        if (skb.ppRecycle) {
            return;
        }
        ModelShinfo sh = skb.shinfo;
        for (ModelShinfo.Frag f : sh.frags) {
            if (f.page().pool != null) {
                throw Refusals.markWithPageReferences(h, f.page().handle);
            }
        }
        if (sh.headPage != null && sh.headPage.pool != null) {
            throw Refusals.markWithPageReferences(h, sh.headPage.handle);
        }
        skb.ppRecycle = true;
    }

    /** page_pool_destroy: the cache emptied (each page returned); the pool ends now or with its last page in flight. */
    void destroy(long h) {
        ModelPool pool = pool(h, "page_pool_destroy", true);
        pool.destroyed = true;
        while (!pool.cache.isEmpty()) {
            returnPage(pool, pool.cache.pollFirst());
        }
        endIfDone(pool);
    }

    private void endIfDone(ModelPool pool) {
        if (pool.destroyed && pool.inFlight == 0 && pool.cache.isEmpty()) {
            pool.ended = true;
            state.livePools.remove(pool.handle);
        }
    }
}
