package skbstress.model;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import skbstress.api.Bytes;
import skbstress.api.DatarefWord;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.Refusals;

import static skbstress.model.ModelState.ensure;

/**
 * Pages, frags, frag_list, and the operations that make a second shared info: pskb_copy, skb_copy,
 * pskb_expand_head and the cow helpers. References belong to the shared info, not to the skb (I-FRAG-1,
 * I-FRAG-2); a new shared info takes its own, and an exclusive one hands its own over.
 */
final class Frags {
    private final ModelState state;
    private Constructors constructors;
    private Release release;
    private ZeroCopy zeroCopy;
    private PagePool pagePool;

    Frags(ModelState state) {
        this.state = state;
    }

    void wire(Constructors c, Release r, ZeroCopy zc, PagePool pp) {
        this.constructors = c;
        this.release = r;
        this.zeroCopy = zc;
        this.pagePool = pp;
    }

    // ---------------------------------------------------------------- pages

    void requirePages(int n, String op) {
        requirePages(state, n, op);
    }

    static void requirePages(ModelState state, int n, String op) {
        int cap = state.config.pageCapacity();
        if (cap != 0 && (long) state.livePages + n > cap) {
            throw Refusals.pagesExhausted(op, n, state.livePages, cap);
        }
    }

    long allocPage() {
        requirePages(1, "alloc_page");
        return newPage().handle;
    }

    /** A zeroed page with one reference. */
    ModelPage newPage() {
        return newPage(state);
    }

    static ModelPage newPage(ModelState state) {
        ModelPage p = new ModelPage(state.next(Handles.Kind.PAGE));
        state.pages.put(p.handle, p);
        state.livePageSet.put(p.handle, p);
        state.livePages++;
        return p;
    }

    void getPage(long h) {
        ModelPage p = state.page(h, "get_page", false);
        if (p.pool != null && !p.callerHoldsReference() && !p.callerHoldsPpReference()) {
            // a pool page is taken only by a holder: one in the cache is the pool's alone (I-PP-2)
            throw Refusals.noCallerPageReference("get_page", h, p.refcount);
        }
        if (p.refcount == Integer.MAX_VALUE) {
            throw Refusals.pageRefcountMax(h);
        }
        p.refcount++;
    }

    void putPage(long h) {
        ModelPage p = state.page(h, "put_page", true);
        if (!p.callerHoldsReference()) {
            throw Refusals.noCallerPageReference("put_page", h, p.refcount);
        }
        dropPageRef(p);
    }

    /**
     * skb_page_unref: THE one way a frag or page-fragment head lets go of its page, by the pp_recycle bit of the
     * skb that releases it: a pool page of a marked skb gives its pp reference back (napi_pp_put_page), anything
     * else drops a page reference (put_page).
     */
    void skbPageUnref(ModelPage p, boolean recycle) {
        if (recycle && p.pool != null) {
            pagePool.structPut(p);
        } else {
            structUnref(p);
        }
    }

    /** page_pool_return_page's put_page: the pool's reference on a page leaving it. */
    void poolRefPut(ModelPage p) {
        structUnref(p);
    }

    /** A structure (frag or page-fragment head) drops the page reference it owns. */
    private void structUnref(ModelPage p) {
        ensure(p.structRefs > 0 && p.refcount > 0, "I-FRAG-1", "structure reference missing on page "
                + Long.toHexString(p.handle));
        p.structRefs--;
        dropPageRef(p);
    }

    private void dropPageRef(ModelPage p) {
        if (--p.refcount == 0) {
            state.livePages--;
            state.livePageSet.remove(p.handle);
        }
    }

    /** A new shared info copies a descriptor: one more reference, owned by it. */
    static void structRef(ModelPage p) {
        p.refcount++;
        p.structRefs++;
    }

    void writePage(long h, int offset, byte[] bytes) {
        ModelPage p = state.page(h, "write page", false);
        if (bytes == null) {
            throw Refusals.nullBytes("write page");
        }
        long end = (long) offset + bytes.length;
        if (offset < 0 || end > Kernel.PAGE_SIZE) {
            throw Refusals.pageRange("write page", offset, end);
        }
        System.arraycopy(bytes, 0, p.bytes, offset, bytes.length);
    }

    // ---------------------------------------------------------------- frags and frag_list

    void checkFrag(ModelSkb skb, ModelPage page, int offset, int size, String op) {
        long end = (long) offset + size;
        if (size <= 0 || offset < 0 || end > Kernel.PAGE_SIZE) {
            throw Refusals.fragRange(op, offset, end);
        }
        if (skb.shinfo.frags.size() >= Kernel.MAX_SKB_FRAGS) {
            throw Refusals.tooManyFrags(op, skb.handle, skb.shinfo.frags.size());
        }
        requireExclusiveShinfo(skb, op);
        requireNotListMember(skb, op);
        requireLength(skb, op, size, size);
        if (takesPpReference(skb, page)) {
            if (!page.callerHoldsPpReference()) {
                throw Refusals.noCallerPpReference(op, page.handle, page.ppRefs);
            }
        } else if (!page.callerHoldsReference()) {
            throw Refusals.noCallerPageReference(op, page.handle, page.refcount);
        }
    }

    /** A frag on a pool page holds what the skb's release will give back: a pp reference when it is marked. */
    static boolean takesPpReference(ModelSkb skb, ModelPage page) {
        return skb.ppRecycle && page.pool != null;
    }

    /** len and truesize stay within their limits after adding {@code len} and {@code truesize} bytes. */
    static void requireLength(ModelSkb skb, String op, int len, int truesize) {
        if (truesize != 0 && skb.sk != null) {
            throw Refusals.truesizeCharged(op, skb.handle, skb.sk.handle, truesize);
        }
        long newLen = (long) skb.len + len;
        if (newLen > Kernel.MAX_SKB_LEN) {
            throw Refusals.tooLong(op, skb.handle, "len", newLen, Kernel.MAX_SKB_LEN);
        }
        long newTruesize = (long) skb.truesize + truesize;
        if (newTruesize > Integer.MAX_VALUE) {
            throw Refusals.tooLong(op, skb.handle, "truesize", newTruesize, Integer.MAX_VALUE);
        }
    }

    void requireExclusiveShinfo(ModelSkb skb, String op) {
        if (DatarefWord.cloned(skb.cloned, skb.shinfo.dataref)) {
            throw Refusals.sharedInfoShared(op, skb.handle, skb.shinfo.dataref);
        }
    }

    static void requireNotListMember(ModelSkb skb, String op) {
        if (skb.listRefs != 0) {
            throw Refusals.listMember(op, skb.handle);
        }
    }

    void addFrag(long h, long pageHandle, int offset, int size) {
        ModelSkb skb = state.skb(h, "skb_add_rx_frag");
        ModelPage page = state.page(pageHandle, "skb_add_rx_frag", false);
        checkFrag(skb, page, offset, size, "skb_add_rx_frag");
        appendFrag(skb, page, offset, size);
    }

    /** The frag takes over the caller's page reference. */
    static void appendFrag(ModelSkb skb, ModelPage page, int offset, int size) {
        if (takesPpReference(skb, page)) {
            page.ppStructRefs++;
        } else {
            page.structRefs++;
        }
        skb.shinfo.frags.add(new ModelShinfo.Frag(page, offset, size));
        skb.len += size;
        skb.dataLen += size;
        skb.truesize += size;
    }

    void addFragList(long h, long memberHandle) {
        ModelSkb skb = state.skb(h, "frag_list add");
        ModelSkb member = state.skb(memberHandle, "frag_list add");
        if (reaches(member, skb)) {
            throw Refusals.fragListCycle(h, memberHandle);
        }
        requireExclusiveShinfo(skb, "frag_list add");
        requireNotListMember(skb, "frag_list add");
        if (member.listRefs != 0) {
            throw Refusals.alreadyListed(memberHandle);
        }
        release.requireCallerReference(member, "frag_list add");
        int depth = Math.max(skb.shinfo.listDepth, member.shinfo.listDepth + 1);
        if (depth > Kernel.MAX_FRAG_LIST_DEPTH) {
            throw Refusals.fragListTooDeep(h, memberHandle, depth);
        }
        requireLength(skb, "frag_list add", member.len, member.truesize);
        member.listRefs++;
        skb.shinfo.fragList.add(member);
        skb.shinfo.listDepth = depth;
        skb.len += member.len;
        skb.dataLen += member.len;
        skb.truesize += member.truesize;
    }

    /** Whether {@code target} is {@code from} or lies in its frag_list tree (each shared member visited once). */
    private static boolean reaches(ModelSkb from, ModelSkb target) {
        Set<ModelSkb> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<ModelSkb> todo = new ArrayDeque<>();
        todo.push(from);
        while (!todo.isEmpty()) {
            ModelSkb s = todo.pop();
            if (s == target) {
                return true;
            }
            if (seen.add(s)) {
                s.shinfo.fragList.forEach(todo::push);
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- copies

    long pskbCopy(long h) {
        ModelSkb skb = state.skb(h, "pskb_copy");
        int size = skb.headlen() + skb.headroom();
        Constructors.requireSize(size, "pskb_copy");
        constructors.requireRoom(false, size);
        if (!skb.shinfo.frags.isEmpty()) {
            zeroCopy.checkOrphan(skb, "pskb_copy");
            if (zeroCopy.needsOrphan(skb.shinfo)) {
                requirePages(zeroCopy.orphanPages(skb.shinfo), "pskb_copy");
            }
        }
        return doPskbCopy(skb).handle;
    }

    /**
     * __pskb_copy_fclone: a private head with the linear data (not the headroom bytes) at the same
     * headroom; frags shared with one page reference each (zero-copy ones orphaned first, or the ubuf
     * shared with a reference of its own); frag_list members shared with one users reference each.
     */
    private ModelSkb doPskbCopy(ModelSkb skb) {
        int headroom = skb.headroom();
        ModelSkb n = constructors.allocKmallocSkb(skb.headlen() + headroom, false);
        n.data += headroom;
        n.tail = n.data + skb.headlen();
        System.arraycopy(skb.shinfo.buffer(), skb.data, n.shinfo.buffer(), n.data, skb.headlen());
        n.len = skb.len;
        n.dataLen = skb.dataLen;
        n.truesize += skb.dataLen;
        Extensions.share(skb, n); // __copy_skb_header
        if (!skb.shinfo.frags.isEmpty()) {
            zeroCopy.orphanIfNeeded(skb);
            zeroCopy.shareUbuf(skb.shinfo, n.shinfo);
            shareFrags(skb.shinfo, n.shinfo);
        }
        shareFragList(skb.shinfo, n.shinfo);
        return n;
    }

    private static void shareFrags(ModelShinfo from, ModelShinfo to) {
        for (ModelShinfo.Frag f : from.frags) {
            structRef(f.page());
            to.frags.add(f);
        }
    }

    private void shareFragList(ModelShinfo from, ModelShinfo to) {
        for (ModelSkb m : from.fragList) {
            m.users.add(1, state, "users of frag_list member " + Long.toHexString(m.handle));
            m.listRefs++;
            to.fragList.add(m);
        }
        to.listDepth = from.listDepth;
    }

    long copy(long h) {
        ModelSkb skb = state.skb(h, "skb_copy");
        checkCopy(skb, "skb_copy");
        return doCopy(skb).handle;
    }

    void checkCopy(ModelSkb skb, String op) {
        long size = (long) (skb.end - skb.head) + skb.dataLen;
        Constructors.requireSize(size, op);
        constructors.requireRoom(false, (int) size);
    }

    /** skb_copy: new skb of end_offset + data_len bytes; headroom and all len bytes copied, linear. */
    ModelSkb doCopy(ModelSkb skb) {
        int headroom = skb.headroom();
        ModelSkb n = constructors.allocKmallocSkb((skb.end - skb.head) + skb.dataLen, false);
        byte[] dst = n.shinfo.buffer();
        System.arraycopy(skb.shinfo.buffer(), skb.head, dst, 0, headroom);
        byte[] all = allBytes(skb);
        System.arraycopy(all, 0, dst, headroom, all.length);
        n.data = headroom;
        n.tail = headroom + skb.len;
        n.len = skb.len;
        Extensions.share(skb, n); // skb_copy_header
        return n;
    }

    // ---------------------------------------------------------------- expand and cow

    void expandHead(long h, int nhead, int ntail) {
        ModelSkb skb = state.skb(h, "pskb_expand_head");
        checkExpand(skb, nhead, ntail, "pskb_expand_head");
        doExpand(skb, nhead, ntail);
    }

    void checkExpand(ModelSkb skb, long nhead, long ntail, String op) {
        if (nhead < 0 || ntail < 0) {
            throw Refusals.expandNegative(op, (int) nhead, (int) ntail);
        }
        if (skb.users.value() != 1) {
            throw Refusals.sharedExpand(op, skb.handle, skb.users.value());
        }
        long size = nhead + (skb.end - skb.head) + ntail;
        if (size > Kernel.skbWithOverhead(Kernel.KMALLOC_MAX_SIZE)) {
            throw Refusals.newHeadTooLarge(op, size);
        }
        ModelCache heads = state.heads((int) size);
        if (!heads.canAlloc()) {
            throw Refusals.exhausted(heads.name, heads.capacity, "");
        }
        if (DatarefWord.cloned(skb.cloned, skb.shinfo.dataref) && zeroCopy.needsOrphan(skb.shinfo)) {
            requirePages(zeroCopy.orphanPages(skb.shinfo), op);
        }
    }

    /**
     * pskb_expand_head once checked: a new private head (dataref 1, cloned/nohdr/hdr_len cleared). If the
     * old data was cloned, every reference is duplicated for the new shared info and the old one is
     * released once; otherwise the references move and only the old head is freed (I-DATA-6).
     */
    void doExpand(ModelSkb skb, int nhead, int ntail) {
        ModelShinfo old = skb.shinfo;
        int osize = skb.end - skb.head;
        int request = nhead + osize + ntail;
        int size = state.profile().end(request);
        boolean wasCloned = DatarefWord.cloned(skb.cloned, old.dataref);
        if (wasCloned) {
            zeroCopy.orphanIfNeeded(skb);
        }
        ModelCache heads = state.heads(request);
        ModelShinfo sh = new ModelShinfo(state.next(Handles.Kind.SHINFO), HeadKind.KMALLOC,
                state.allocObject(heads, ModelCache.Owner.SKB_HEAD), null, null);
        System.arraycopy(old.buffer(), skb.head, sh.buffer(), nhead, skb.tail - skb.head);
        if (wasCloned) {
            zeroCopy.shareUbuf(old, sh);
            shareFrags(old, sh);
            shareFragList(old, sh);
            release.releaseData(skb, true);
        } else {
            sh.frags.addAll(old.frags);
            sh.fragList.addAll(old.fragList);
            sh.listDepth = old.listDepth;
            sh.uarg = old.uarg;
            sh.zerocopy = old.zerocopy;
            sh.dontOrphan = old.dontOrphan;
            old.released = true;
            release.freeHead(old, skb.ppRecycle);
        }
        int off = nhead - skb.head;
        skb.shinfo = sh;
        skb.data += off;
        skb.tail += off;
        skb.head = 0;
        skb.end = size;
        skb.hdrLen = 0;
        skb.nohdr = false;
        skb.cloned = false;
        skb.headFrag = false;
        if (skb.sk == null) { // the kernel's rule: a socket's charge stays what its destructor uncharges (I-SOCK-2)
            skb.truesize += size - osize;
        }
    }

    void cow(long h, int headroom, boolean headerOnly) {
        String op = headerOnly ? "skb_cow_head" : "skb_cow";
        ModelSkb skb = state.skb(h, op);
        if (headroom < 0) {
            throw Refusals.negative(op, "headroom", headroom, "I-DATA-6");
        }
        int delta = Math.max(0, headroom - skb.headroom());
        boolean shared = headerOnly ? DatarefWord.headerCloned(skb.cloned, skb.shinfo.dataref)
                : DatarefWord.cloned(skb.cloned, skb.shinfo.dataref);
        if (delta > 0 || shared) {
            long nhead = Kernel.alignLong(delta, state.profile().netSkbPad());
            checkExpand(skb, nhead, 0, op);
            doExpand(skb, (int) nhead, 0);
        }
    }

    // ---------------------------------------------------------------- reading

    Bytes bytes(long h) {
        return Bytes.copyOf(allBytes(state.skb(h, "skb_copy_bits")));
    }

    /** skb_copy_bits of all len bytes: linear, frags, then frag_list members (at most MAX_FRAG_LIST_DEPTH deep). */
    static byte[] allBytes(ModelSkb skb) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(skb.len);
        out.write(skb.shinfo.buffer(), skb.data, skb.headlen());
        for (ModelShinfo.Frag f : skb.shinfo.frags) {
            out.write(f.page().bytes, f.offset(), f.size());
        }
        for (ModelSkb m : skb.shinfo.fragList) {
            byte[] b = allBytes(m);
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }
}
