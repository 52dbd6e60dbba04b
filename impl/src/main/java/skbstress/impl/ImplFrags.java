package skbstress.impl;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import skbstress.api.Bytes;
import skbstress.api.DatarefWord;
import skbstress.api.ErrorCode;
import skbstress.api.HeadKind;
import skbstress.api.Kernel;
import skbstress.api.SkbException;
import skbstress.impl.slab.HandleWord;
import skbstress.impl.slab.SlabCache;
import skbstress.impl.slab.ThreadCaches;

/**
 * Pages, frags, frag_list, and the operations that make a second shared info. A page's counters are
 * atomics: its references are taken and dropped by whichever thread releases a shared info.
 */
final class ImplFrags {
    private final ImplState st;
    private final AtomicInteger livePages = new AtomicInteger();
    private ImplLifetime lifetime;
    private ImplZeroCopy zeroCopy;

    ImplFrags(ImplState st) {
        this.st = st;
    }

    void wire(ImplLifetime l, ImplZeroCopy zc) {
        this.lifetime = l;
        this.zeroCopy = zc;
    }

    // ---------------------------------------------------------------- pages

    private long pageHandle(int index) {
        return HandleWord.make(st.pages.generation(index), HandleWord.PAGE, st.pages.id, index);
    }

    int pageIndex(long h, String op, boolean dropping) {
        return st.liveIndex(h, HandleWord.PAGE, st.pages, "page", op, dropping, "I-FRAG-1");
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

    void requirePages(int n, String op) {
        int cap = st.config.pageCapacity();
        if (cap != 0 && livePages.get() + n > cap) {
            throw new SkbException(ErrorCode.EXHAUSTED, "I-SLAB-7", String.format(
                    "%s: needs %d page(s); %d of %d in use", op, n, livePages.get(), cap));
        }
    }

    long allocPage() {
        requirePages(1, "alloc_page");
        return pageHandle(newPage());
    }

    /** A zeroed page with one reference. */
    int newPage() {
        int i = st.pages.alloc(st.internal.local().magazine(st.pages.id));
        if (i < 0) {
            throw new SkbException(ErrorCode.EXHAUSTED, "I-SLAB-7", "alloc_page: no page left");
        }
        Arrays.fill(pageBytes(i), pageBase(i), pageBase(i) + Kernel.PAGE_SIZE, (byte) 0);
        PageMeta m = meta(i);
        m.setStructRefsRelease(0);
        m.setRefcountRelease(1); // release: the zeroed bytes are published with the page
        livePages.incrementAndGet();
        return i;
    }

    void getPage(long h) {
        int i = pageIndex(h, "get_page", false);
        PageMeta m = meta(i);
        while (true) {
            int r = m.getRefcountAcquire();
            if (r == 0) {
                throw new SkbException(ErrorCode.USE_AFTER_FREE, "I-FRAG-1", "get_page: page " + Long.toHexString(h)
                        + " was already freed (refcount 0)");
            }
            if (r == Integer.MAX_VALUE) {
                throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-FRAG-1", "get_page: page " + Long.toHexString(h)
                        + " refcount at its maximum; refused rather than wrapped");
            }
            if (m.compareAndSetRefcount(r, r + 1)) {
                return;
            }
        }
    }

    void putPage(long h) {
        int i = pageIndex(h, "put_page", true);
        PageMeta m = meta(i);
        while (true) {
            int r = m.getRefcountAcquire();
            int s = m.getStructRefsAcquire();
            if (r == 0) {
                throw new SkbException(ErrorCode.DOUBLE_FREE, "I-FRAG-1", "put_page: page " + Long.toHexString(h)
                        + " was already freed (refcount 0)");
            }
            if (r <= s) {
                throw new SkbException(ErrorCode.FREE_IN_USE, "I-FRAG-1", String.format(
                        "put_page: page %x refcount %d, all owned by frags or heads; the caller holds none", h, r));
            }
            if (m.compareAndSetRefcount(r, r - 1)) {
                if (r == 1) {
                    freePage(i);
                }
                return;
            }
        }
    }

    /** A structure drops the page reference it owns (its share first, so a caller never looks short). */
    void structUnref(long pageHandle) {
        int i = HandleWord.index(pageHandle);
        PageMeta m = meta(i);
        m.getAndAddStructRefs(-1);
        if (m.getAndAddRefcount(-1) == 1) { // release: our reads of the page happen before its reuse
            freePage(i);
        }
    }

    /** A new shared info copies a descriptor: one more reference, owned by it. */
    void structRef(long pageHandle) {
        PageMeta m = meta(HandleWord.index(pageHandle));
        m.getAndAddRefcount(1);
        m.getAndAddStructRefs(1);
    }

    private void freePage(int i) {
        livePages.decrementAndGet();
        st.pages.free(st.internal.local().magazine(st.pages.id), i);
    }

    int livePages() {
        return livePages.get();
    }

    void writePage(long h, int offset, byte[] bytes) {
        int i = pageIndex(h, "write page", false);
        if (offset < 0 || offset + bytes.length > Kernel.PAGE_SIZE) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-FRAG-3", String.format(
                    "write page: [%d, %d) outside the %d-byte page", offset, offset + bytes.length, Kernel.PAGE_SIZE));
        }
        System.arraycopy(bytes, 0, pageBytes(i), pageBase(i) + offset, bytes.length);
    }

    long buildSkb(long page, int offset, int fragSize) {
        int i = pageIndex(page, "build_skb", false);
        int overhead = Kernel.skbDataAlign(Kernel.SHINFO_SIZE);
        if (fragSize <= overhead || offset < 0 || offset % Kernel.SMP_CACHE_BYTES != 0
                || (long) offset + fragSize > Kernel.PAGE_SIZE) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-GEOM-4", String.format(
                    "build_skb: fragment [%d, %d) must start on a %d-byte line, leave room for the %d-byte shared "
                            + "info, and lie within the %d-byte page", offset, (long) offset + fragSize,
                    Kernel.SMP_CACHE_BYTES, overhead, Kernel.PAGE_SIZE));
        }
        PageMeta m = meta(i);
        long units = Kernel.pageUnits(offset, fragSize);
        if ((m.getHeadUnitsAcquire() & units) != 0) {
            throw overlap(page, offset, fragSize);
        }
        int r = m.getRefcountAcquire();
        if (r <= m.getStructRefsAcquire()) {
            throw new SkbException(ErrorCode.FREE_IN_USE, "I-FRAG-1", String.format(
                    "build_skb: page %x has refcount %d, all owned by structures; the caller holds none to hand over",
                    page, r));
        }
        ThreadCaches tc = st.visible.local();
        lifetime.requireRoom(tc, false, 0);
        while (true) { // claim the lines; a racing build_skb on the same lines loses
            long held = m.getHeadUnitsAcquire();
            if ((held & units) != 0) {
                throw overlap(page, offset, fragSize);
            }
            if (m.compareAndSetHeadUnits(held, held | units)) {
                break;
            }
        }
        Shinfo[] out = new Shinfo[1];
        SkbDesc d = lifetime.newSkbWithShinfo(tc, out);
        Shinfo sh = out[0];
        sh.headKind = HeadKind.PAGE_FRAG;
        sh.buf = pageBytes(i);
        sh.base = pageBase(i);
        sh.bufferSize = Kernel.PAGE_SIZE;
        sh.headPage = page;
        sh.headUnits = units;
        m.getAndAddStructRefs(1);
        ImplLifetime.initData(d, sh, offset, Kernel.skbWithOverhead(fragSize));
        d.headFrag = true;
        return ImplLifetime.handleOf(d);
    }

    private static SkbException overlap(long page, int offset, int fragSize) {
        return new SkbException(ErrorCode.FRAG_RANGE, "I-FRAG-4", String.format(
                "build_skb: fragment [%d, %d) of page %x overlaps another skb head on it", offset, offset + fragSize,
                page));
    }

    // ---------------------------------------------------------------- frags and frag_list

    void checkFrag(SkbDesc d, long h, long page, int offset, int size, String op) {
        if (size <= 0 || offset < 0 || offset + size > Kernel.PAGE_SIZE) {
            throw new SkbException(ErrorCode.FRAG_RANGE, "I-FRAG-3", String.format(
                    "%s: frag [%d, %d) is empty or outside its %d-byte page", op, offset, offset + size,
                    Kernel.PAGE_SIZE));
        }
        if (d.shinfo.nrFrags >= Kernel.MAX_SKB_FRAGS) {
            throw new SkbException(ErrorCode.TOO_MANY_FRAGS, "I-FRAG-3", String.format(
                    "%s: skb %x already has %d frags (MAX_SKB_FRAGS %d)", op, h, d.shinfo.nrFrags,
                    Kernel.MAX_SKB_FRAGS));
        }
        requireExclusiveShinfo(d, h, op);
        requireNotListMember(d, h, op);
        PageMeta m = meta(HandleWord.index(page));
        int r = m.getRefcountAcquire();
        if (r <= m.getStructRefsAcquire()) {
            throw new SkbException(ErrorCode.FREE_IN_USE, "I-FRAG-1", String.format(
                    "%s: page %x refcount %d is all owned by structures; the caller has no reference to hand over",
                    op, page, r));
        }
    }

    static void requireExclusiveShinfo(SkbDesc d, long h, String op) {
        int word = d.shinfo.getDatarefAcquire();
        if (DatarefWord.cloned(d.cloned, word)) {
            throw new SkbException(ErrorCode.WRITE_CLONED, "I-DATA-5", String.format(
                    "%s: skb %x shares its shared info (dataref %s); unclone it first", op, h,
                    DatarefWord.describe(word)));
        }
    }

    static void requireNotListMember(SkbDesc d, long h, String op) {
        if (d.getListRefsAcquire() != 0) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-GEOM-2", String.format(
                    "%s: skb %x is a frag_list member; its length is part of its parent's data_len", op, h));
        }
    }

    void addFrag(long h, long page, int offset, int size) {
        SkbDesc d = lifetime.skb(h, "skb_add_rx_frag", false);
        pageIndex(page, "skb_add_rx_frag", false);
        checkFrag(d, h, page, offset, size, "skb_add_rx_frag");
        appendFrag(d, page, offset, size);
    }

    /** The frag takes over the caller's page reference. */
    void appendFrag(SkbDesc d, long page, int offset, int size) {
        meta(HandleWord.index(page)).getAndAddStructRefs(1);
        Shinfo sh = d.shinfo;
        int n = sh.nrFrags;
        sh.fragPage[n] = page;
        sh.fragOff[n] = offset;
        sh.fragSize[n] = size;
        sh.nrFrags = n + 1;
        d.len += size;
        d.dataLen += size;
        d.truesize += size;
    }

    void addFragList(long h, long memberHandle) {
        SkbDesc d = lifetime.skb(h, "frag_list add", false);
        SkbDesc m = lifetime.skb(memberHandle, "frag_list add", false);
        if (m == d || reaches(m, d)) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-FRAG-2", String.format(
                    "frag_list add: skb %x would contain itself through %x", h, memberHandle));
        }
        requireExclusiveShinfo(d, h, "frag_list add");
        requireNotListMember(d, h, "frag_list add");
        if (m.getListRefsAcquire() != 0) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-FRAG-2", String.format(
                    "frag_list add: skb %x is already on a frag_list; an skb is on one chain at a time", memberHandle));
        }
        ImplLifetime.requireCallerReference(m, "frag_list add");
        m.getAndAddListRefs(1);
        d.shinfo.addFragListMember(m);
        d.len += m.len;
        d.dataLen += m.len;
        d.truesize += m.truesize;
    }

    private static boolean reaches(SkbDesc from, SkbDesc target) {
        if (from == target) {
            return true;
        }
        Shinfo sh = from.shinfo;
        for (int i = 0; i < sh.fragListCount; i++) {
            if (reaches(sh.fragList[i], target)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- copies

    long pskbCopy(long h) {
        SkbDesc d = lifetime.skb(h, "pskb_copy", false);
        int size = d.headlen() + d.headroom();
        ImplLifetime.requireSize(size, "pskb_copy");
        ThreadCaches tc = st.visible.local();
        lifetime.requireRoom(tc, false, Kernel.skbHeadBufferSize(size));
        if (d.shinfo.nrFrags != 0) {
            zeroCopy.checkOrphan(d, "pskb_copy");
            if (zeroCopy.needsOrphan(d.shinfo)) {
                requirePages(zeroCopy.orphanPages(d.shinfo), "pskb_copy");
            }
        }
        return ImplLifetime.handleOf(doPskbCopy(tc, d));
    }

    private SkbDesc doPskbCopy(ThreadCaches tc, SkbDesc d) {
        int headroom = d.headroom();
        SkbDesc n = lifetime.allocKmallocSkb(tc, d.headlen() + headroom, false);
        n.data += headroom;
        n.tail = n.data + d.headlen();
        Shinfo from = d.shinfo;
        Shinfo to = n.shinfo;
        System.arraycopy(from.buf, from.base + d.data, to.buf, to.base + n.data, d.headlen());
        n.len = d.len;
        n.dataLen = d.dataLen;
        n.truesize += d.dataLen;
        if (from.nrFrags != 0) {
            zeroCopy.orphanIfNeeded(d);
            zeroCopy.shareUbuf(d.shinfo, to);
            shareFrags(d.shinfo, to);
        }
        shareFragList(d.shinfo, to);
        return n;
    }

    private void shareFrags(Shinfo from, Shinfo to) {
        for (int i = 0; i < from.nrFrags; i++) {
            structRef(from.fragPage[i]);
            to.fragPage[i] = from.fragPage[i];
            to.fragOff[i] = from.fragOff[i];
            to.fragSize[i] = from.fragSize[i];
        }
        to.nrFrags = from.nrFrags;
    }

    private void shareFragList(Shinfo from, Shinfo to) {
        for (int i = 0; i < from.fragListCount; i++) {
            SkbDesc m = from.fragList[i];
            lifetime.addUsers(m, 1);
            m.getAndAddListRefs(1);
            to.addFragListMember(m);
        }
    }

    long copy(long h) {
        SkbDesc d = lifetime.skb(h, "skb_copy", false);
        ThreadCaches tc = st.visible.local();
        checkCopy(tc, d, "skb_copy");
        return ImplLifetime.handleOf(doCopy(tc, d));
    }

    void checkCopy(ThreadCaches tc, SkbDesc d, String op) {
        int size = (d.end - d.head) + d.dataLen;
        ImplLifetime.requireSize(size, op);
        lifetime.requireRoom(tc, false, Kernel.skbHeadBufferSize(size));
    }

    SkbDesc doCopy(ThreadCaches tc, SkbDesc d) {
        int headroom = d.headroom();
        SkbDesc n = lifetime.allocKmallocSkb(tc, (d.end - d.head) + d.dataLen, false);
        Shinfo from = d.shinfo;
        Shinfo to = n.shinfo;
        System.arraycopy(from.buf, from.base + d.head, to.buf, to.base, headroom);
        byte[] all = allBytes(d);
        System.arraycopy(all, 0, to.buf, to.base + headroom, all.length);
        n.data = headroom;
        n.tail = headroom + d.len;
        n.len = d.len;
        return n;
    }

    // ---------------------------------------------------------------- expand and cow

    void expandHead(long h, int nhead, int ntail) {
        SkbDesc d = lifetime.skb(h, "pskb_expand_head", false);
        ThreadCaches tc = st.visible.local();
        checkExpand(tc, d, h, nhead, ntail, "pskb_expand_head");
        doExpand(tc, d, nhead, ntail);
    }

    private void checkExpand(ThreadCaches tc, SkbDesc d, long h, int nhead, int ntail, String op) {
        if (nhead < 0 || ntail < 0) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-DATA-6",
                    String.format("%s: nhead %d, ntail %d must be >= 0", op, nhead, ntail));
        }
        int users = d.getUsersAcquire();
        if (users != 1) {
            throw new SkbException(ErrorCode.SHARED_EXPAND, "I-DATA-6", String.format(
                    "%s: skb %x has users %d; only its sole owner may replace its head", op, h, users));
        }
        long size = (long) nhead + (d.end - d.head) + ntail;
        if (size > Kernel.skbWithOverhead(Kernel.KMALLOC_MAX_SIZE)) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-GEOM-4",
                    String.format("%s: new head of %d bytes is too large", op, size));
        }
        SlabCache heads = st.kmallocFor(Kernel.skbHeadBufferSize((int) size));
        if (!heads.canAlloc(tc.magazine(heads.id))) {
            throw new SkbException(ErrorCode.EXHAUSTED, "I-SLAB-7", heads.name + " is exhausted");
        }
        if (DatarefWord.cloned(d.cloned, d.shinfo.getDatarefAcquire()) && zeroCopy.needsOrphan(d.shinfo)) {
            requirePages(zeroCopy.orphanPages(d.shinfo), op);
        }
    }

    /** pskb_expand_head once checked: duplicate-then-release for cloned data, move otherwise. */
    private void doExpand(ThreadCaches tc, SkbDesc d, int nhead, int ntail) {
        Shinfo old = d.shinfo;
        int osize = d.end - d.head;
        int size = Kernel.skbDataAlign(nhead + osize + ntail);
        boolean wasCloned = DatarefWord.cloned(d.cloned, old.getDatarefAcquire());
        if (wasCloned) {
            zeroCopy.orphanIfNeeded(d);
        }
        SlabCache heads = st.kmallocFor(size + Kernel.skbDataAlign(Kernel.SHINFO_SIZE));
        int hi = heads.allocUntracked(tc.magazine(heads.id));
        if (hi < 0) {
            throw new SkbException(ErrorCode.EXHAUSTED, "I-SLAB-7", heads.name + " is exhausted");
        }
        Shinfo sh = Shinfo.ofKmalloc(heads, hi);
        System.arraycopy(old.buf, old.base + d.head, sh.buf, sh.base + nhead, d.tail - d.head);
        if (wasCloned) {
            zeroCopy.shareUbuf(old, sh);
            shareFrags(old, sh);
            shareFragList(old, sh);
            lifetime.releaseData(tc, d, true);
        } else {
            for (int i = 0; i < old.nrFrags; i++) {
                sh.fragPage[i] = old.fragPage[i];
                sh.fragOff[i] = old.fragOff[i];
                sh.fragSize[i] = old.fragSize[i];
            }
            sh.nrFrags = old.nrFrags;
            for (int i = 0; i < old.fragListCount; i++) {
                sh.addFragListMember(old.fragList[i]);
                old.fragList[i] = null;
            }
            sh.uarg = old.uarg;
            sh.zerocopy = old.zerocopy;
            sh.dontOrphan = old.dontOrphan;
            old.nrFrags = 0;
            old.fragListCount = 0;
            old.uarg = null;
            old.zerocopy = false;
            lifetime.freeHead(tc, old);
        }
        int off = nhead - d.head;
        d.shinfo = sh;
        d.data += off;
        d.tail += off;
        d.head = 0;
        d.end = size;
        d.hdrLen = 0;
        d.nohdr = false;
        d.cloned = false;
        d.headFrag = false;
        d.truesize += size - osize;
    }

    void cow(long h, int headroom, boolean headerOnly) {
        String op = headerOnly ? "skb_cow_head" : "skb_cow";
        SkbDesc d = lifetime.skb(h, op, false);
        if (headroom < 0) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-DATA-6", op + ": headroom " + headroom + " < 0");
        }
        int delta = Math.max(0, headroom - d.headroom());
        int word = d.shinfo.getDatarefAcquire();
        boolean shared = headerOnly ? DatarefWord.headerCloned(d.cloned, word) : DatarefWord.cloned(d.cloned, word);
        if (delta > 0 || shared) {
            int nhead = Kernel.align(delta, Kernel.NET_SKB_PAD);
            ThreadCaches tc = st.visible.local();
            checkExpand(tc, d, h, nhead, 0, op);
            doExpand(tc, d, nhead, 0);
        }
    }

    // ---------------------------------------------------------------- reading

    Bytes bytes(long h) {
        return Bytes.copyOf(allBytes(lifetime.skb(h, "skb_copy_bits", false)));
    }

    byte[] allBytes(SkbDesc d) {
        Shinfo sh = d.shinfo;
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(0, d.len));
        out.write(sh.buf, sh.base + d.data, d.headlen());
        for (int i = 0; i < sh.nrFrags; i++) {
            int p = HandleWord.index(sh.fragPage[i]);
            out.write(pageBytes(p), pageBase(p) + sh.fragOff[i], sh.fragSize[i]);
        }
        for (int i = 0; i < sh.fragListCount; i++) {
            byte[] b = allBytes(sh.fragList[i]);
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }
}
