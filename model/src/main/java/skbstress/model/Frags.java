package skbstress.model;

import java.io.ByteArrayOutputStream;
import skbstress.api.Bytes;
import skbstress.api.DatarefWord;
import skbstress.api.ErrorCode;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;

import static skbstress.model.ModelState.ensure;
import static skbstress.model.ModelState.require;

/**
 * Pages, frags, frag_list, and the operations that make a second shared info: pskb_copy, skb_copy,
 * pskb_expand_head and the cow helpers. References belong to the shared info, not to the skb (I-FRAG-1,
 * I-FRAG-2); a new shared info takes its own, and an exclusive one hands its own over.
 */
final class Frags {
    private final ModelState state;
    private Lifetime lifetime;
    private ZeroCopy zeroCopy;

    Frags(ModelState state) {
        this.state = state;
    }

    void wire(Lifetime l, ZeroCopy zc) {
        this.lifetime = l;
        this.zeroCopy = zc;
    }

    // ---------------------------------------------------------------- pages

    void requirePages(int n, String op) {
        int cap = state.config.pageCapacity();
        require(cap == 0 || state.livePages + n <= cap, ErrorCode.EXHAUSTED, "I-SLAB-7", String.format(
                "%s: needs %d page(s); %d of %d in use", op, n, state.livePages, cap));
    }

    long allocPage() {
        requirePages(1, "alloc_page");
        return newPage().handle;
    }

    /** A zeroed page with one reference. */
    ModelPage newPage() {
        ModelPage p = new ModelPage(state.next(Handles.Kind.PAGE));
        state.pages.put(p.handle, p);
        state.livePageSet.put(p.handle, p);
        state.livePages++;
        return p;
    }

    void getPage(long h) {
        ModelPage p = state.page(h, "get_page", false);
        require(p.refcount < Integer.MAX_VALUE, ErrorCode.INVALID_ARGUMENT, "I-FRAG-1",
                "get_page: page " + Long.toHexString(h) + " refcount at its maximum; refused rather than wrapped");
        p.refcount++;
    }

    void putPage(long h) {
        ModelPage p = state.page(h, "put_page", true);
        require(p.callerHoldsReference(), ErrorCode.FREE_IN_USE, "I-FRAG-1", String.format(
                "put_page: page %x refcount %d, all owned by frags or heads; the caller holds none", h, p.refcount));
        dropPageRef(p);
    }

    /** A structure (frag or page-fragment head) drops the reference it owns. */
    void structUnref(ModelPage p) {
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
        require(offset >= 0 && offset + bytes.length <= Kernel.PAGE_SIZE, ErrorCode.INVALID_ARGUMENT, "I-FRAG-3",
                String.format("write page: [%d, %d) outside the %d-byte page", offset, offset + bytes.length,
                        Kernel.PAGE_SIZE));
        System.arraycopy(bytes, 0, p.bytes, offset, bytes.length);
    }

    // ---------------------------------------------------------------- frags and frag_list

    void checkFrag(ModelSkb skb, ModelPage page, int offset, int size, String op) {
        require(size > 0 && offset >= 0 && offset + size <= Kernel.PAGE_SIZE, ErrorCode.FRAG_RANGE, "I-FRAG-3",
                String.format("%s: frag [%d, %d) is empty or outside its %d-byte page", op, offset, offset + size,
                        Kernel.PAGE_SIZE));
        require(skb.shinfo.frags.size() < Kernel.MAX_SKB_FRAGS, ErrorCode.TOO_MANY_FRAGS, "I-FRAG-3",
                String.format("%s: skb %x already has %d frags (MAX_SKB_FRAGS %d)", op, skb.handle,
                        skb.shinfo.frags.size(), Kernel.MAX_SKB_FRAGS));
        requireExclusiveShinfo(skb, op);
        requireNotListMember(skb, op);
        require(page.callerHoldsReference(), ErrorCode.FREE_IN_USE, "I-FRAG-1", String.format(
                "%s: page %x refcount %d is all owned by structures; the caller has no reference to hand over",
                op, page.handle, page.refcount));
    }

    void requireExclusiveShinfo(ModelSkb skb, String op) {
        require(!DatarefWord.cloned(skb.cloned, skb.shinfo.dataref), ErrorCode.WRITE_CLONED, "I-DATA-5",
                String.format("%s: skb %x shares its shared info (dataref %s); unclone it first", op, skb.handle,
                        DatarefWord.describe(skb.shinfo.dataref)));
    }

    static void requireNotListMember(ModelSkb skb, String op) {
        require(skb.listRefs == 0, ErrorCode.INVALID_ARGUMENT, "I-GEOM-2", String.format(
                "%s: skb %x is a frag_list member; its length is part of its parent's data_len", op, skb.handle));
    }

    void addFrag(long h, long pageHandle, int offset, int size) {
        ModelSkb skb = state.skb(h, "skb_add_rx_frag");
        ModelPage page = state.page(pageHandle, "skb_add_rx_frag", false);
        checkFrag(skb, page, offset, size, "skb_add_rx_frag");
        appendFrag(skb, page, offset, size);
    }

    /** The frag takes over the caller's page reference. */
    static void appendFrag(ModelSkb skb, ModelPage page, int offset, int size) {
        page.structRefs++;
        skb.shinfo.frags.add(new ModelShinfo.Frag(page, offset, size));
        skb.len += size;
        skb.dataLen += size;
        skb.truesize += size;
    }

    void addFragList(long h, long memberHandle) {
        ModelSkb skb = state.skb(h, "frag_list add");
        ModelSkb member = state.skb(memberHandle, "frag_list add");
        require(member != skb && !reaches(member, skb), ErrorCode.INVALID_ARGUMENT, "I-FRAG-2", String.format(
                "frag_list add: skb %x would contain itself through %x", h, memberHandle));
        requireExclusiveShinfo(skb, "frag_list add");
        requireNotListMember(skb, "frag_list add");
        require(member.listRefs == 0, ErrorCode.INVALID_ARGUMENT, "I-FRAG-2", String.format(
                "frag_list add: skb %x is already on a frag_list; an skb is on one chain at a time", memberHandle));
        lifetime.requireCallerReference(member, "frag_list add");
        member.listRefs++;
        skb.shinfo.fragList.add(member);
        skb.len += member.len;
        skb.dataLen += member.len;
        skb.truesize += member.truesize;
    }

    /** Whether {@code target} is {@code from} or lies in its frag_list tree. */
    private static boolean reaches(ModelSkb from, ModelSkb target) {
        if (from == target) {
            return true;
        }
        for (ModelSkb m : from.shinfo.fragList) {
            if (reaches(m, target)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- copies

    long pskbCopy(long h) {
        ModelSkb skb = state.skb(h, "pskb_copy");
        int size = skb.headlen() + skb.headroom();
        Lifetime.requireSize(size, "pskb_copy");
        lifetime.requireRoom(false, Kernel.skbHeadBufferSize(size));
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
        ModelSkb n = lifetime.allocKmallocSkb(skb.headlen() + headroom, false);
        n.data += headroom;
        n.tail = n.data + skb.headlen();
        System.arraycopy(skb.shinfo.buffer(), skb.data, n.shinfo.buffer(), n.data, skb.headlen());
        n.len = skb.len;
        n.dataLen = skb.dataLen;
        n.truesize += skb.dataLen;
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
    }

    long copy(long h) {
        ModelSkb skb = state.skb(h, "skb_copy");
        checkCopy(skb, "skb_copy");
        return doCopy(skb).handle;
    }

    void checkCopy(ModelSkb skb, String op) {
        int size = (skb.end - skb.head) + skb.dataLen;
        Lifetime.requireSize(size, op);
        lifetime.requireRoom(false, Kernel.skbHeadBufferSize(size));
    }

    /** skb_copy: new skb of end_offset + data_len bytes; headroom and all len bytes copied, linear. */
    ModelSkb doCopy(ModelSkb skb) {
        int headroom = skb.headroom();
        ModelSkb n = lifetime.allocKmallocSkb((skb.end - skb.head) + skb.dataLen, false);
        byte[] dst = n.shinfo.buffer();
        System.arraycopy(skb.shinfo.buffer(), skb.head, dst, 0, headroom);
        byte[] all = allBytes(skb);
        System.arraycopy(all, 0, dst, headroom, all.length);
        n.data = headroom;
        n.tail = headroom + skb.len;
        n.len = skb.len;
        return n;
    }

    // ---------------------------------------------------------------- expand and cow

    void expandHead(long h, int nhead, int ntail) {
        ModelSkb skb = state.skb(h, "pskb_expand_head");
        checkExpand(skb, nhead, ntail, "pskb_expand_head");
        doExpand(skb, nhead, ntail);
    }

    private void checkExpand(ModelSkb skb, int nhead, int ntail, String op) {
        require(nhead >= 0 && ntail >= 0, ErrorCode.INVALID_ARGUMENT, "I-DATA-6",
                String.format("%s: nhead %d, ntail %d must be >= 0", op, nhead, ntail));
        require(skb.users.value() == 1, ErrorCode.SHARED_EXPAND, "I-DATA-6", String.format(
                "%s: skb %x has users %d; only its sole owner may replace its head", op, skb.handle,
                skb.users.value()));
        long size = (long) nhead + (skb.end - skb.head) + ntail;
        require(size <= Kernel.skbWithOverhead(Kernel.KMALLOC_MAX_SIZE), ErrorCode.INVALID_ARGUMENT, "I-GEOM-4",
                String.format("%s: new head of %d bytes is too large", op, size));
        ModelCache heads = state.kmalloc(Kernel.skbHeadBufferSize((int) size));
        require(heads.canAlloc(), ErrorCode.EXHAUSTED, "I-SLAB-7", heads.name + " is exhausted");
        if (DatarefWord.cloned(skb.cloned, skb.shinfo.dataref) && zeroCopy.needsOrphan(skb.shinfo)) {
            requirePages(zeroCopy.orphanPages(skb.shinfo), op);
        }
    }

    /**
     * pskb_expand_head once checked: a new private head (dataref 1, cloned/nohdr/hdr_len cleared). If the
     * old data was cloned, every reference is duplicated for the new shared info and the old one is
     * released once; otherwise the references move and only the old head is freed (I-DATA-6).
     */
    private void doExpand(ModelSkb skb, int nhead, int ntail) {
        ModelShinfo old = skb.shinfo;
        int osize = skb.end - skb.head;
        int size = Kernel.skbDataAlign(nhead + osize + ntail);
        boolean wasCloned = DatarefWord.cloned(skb.cloned, old.dataref);
        if (wasCloned) {
            zeroCopy.orphanIfNeeded(skb);
        }
        ModelCache heads = state.kmalloc(size + Kernel.skbDataAlign(Kernel.SHINFO_SIZE));
        ModelShinfo sh = new ModelShinfo(state.next(Handles.Kind.SHINFO), HeadKind.KMALLOC,
                lifetime.allocObject(heads, ModelCache.Owner.SKB_HEAD), null, null);
        System.arraycopy(old.buffer(), skb.head, sh.buffer(), nhead, skb.tail - skb.head);
        if (wasCloned) {
            zeroCopy.shareUbuf(old, sh);
            shareFrags(old, sh);
            shareFragList(old, sh);
            lifetime.releaseData(skb, true);
        } else {
            sh.frags.addAll(old.frags);
            sh.fragList.addAll(old.fragList);
            sh.uarg = old.uarg;
            sh.zerocopy = old.zerocopy;
            sh.dontOrphan = old.dontOrphan;
            old.released = true;
            lifetime.freeHead(old);
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
        skb.truesize += size - osize;
    }

    void cow(long h, int headroom, boolean headerOnly) {
        String op = headerOnly ? "skb_cow_head" : "skb_cow";
        ModelSkb skb = state.skb(h, op);
        require(headroom >= 0, ErrorCode.INVALID_ARGUMENT, "I-DATA-6", op + ": headroom " + headroom + " < 0");
        int delta = Math.max(0, headroom - skb.headroom());
        boolean shared = headerOnly ? DatarefWord.headerCloned(skb.cloned, skb.shinfo.dataref)
                : DatarefWord.cloned(skb.cloned, skb.shinfo.dataref);
        if (delta > 0 || shared) {
            int nhead = Kernel.align(delta, Kernel.NET_SKB_PAD);
            checkExpand(skb, nhead, 0, op);
            doExpand(skb, nhead, 0);
        }
    }

    // ---------------------------------------------------------------- reading

    Bytes bytes(long h) {
        return Bytes.copyOf(allBytes(state.skb(h, "skb_copy_bits")));
    }

    /** skb_copy_bits of all len bytes: linear, frags, then frag_list members. */
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
