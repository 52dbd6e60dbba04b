package skbstress.impl;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import skbstress.api.Bytes;
import skbstress.api.DatarefWord;
import skbstress.api.Kernel;
import skbstress.api.Refusals;
import skbstress.impl.slab.HandleWord;

/**
 * Frags and frag_list: skb_add_rx_frag (and the checks a zero-copy frag shares), the frag_list add, and
 * reading an skb's bytes through both. Pages themselves are {@link ImplPages}'.
 */
final class ImplFrags {
    private final ImplHandles handles;
    private final ImplPages pages;

    ImplFrags(ImplHandles handles, ImplPages pages) {
        this.handles = handles;
        this.pages = pages;
    }

    // ---------------------------------------------------------------- frags and frag_list

    /** The checks of skb_add_rx_frag (and of a zero-copy frag), on a writer-pinned skb and a pinned page. */
    void checkFrag(SkbDesc d, long h, long page, int offset, int size, String op) {
        long end = (long) offset + size;
        if (size <= 0 || offset < 0 || end > Kernel.PAGE_SIZE) {
            throw Refusals.fragRange(op, offset, end);
        }
        if (d.shinfo.nrFrags >= Kernel.MAX_SKB_FRAGS) {
            throw Refusals.tooManyFrags(op, h, d.shinfo.nrFrags);
        }
        requireExclusiveShinfo(d, h, op);
        requireNotListMember(d, h, op);
        requireLength(d, h, op, size, size);
        PageMeta m = pages.meta(HandleWord.index(page));
        if (takesPpReference(d, m)) {
            if (!m.callerHoldsPpReference()) {
                throw Refusals.noCallerPpReference(op, page, m.ppRefCount());
            }
        } else if (!m.callerHoldsReference()) {
            throw Refusals.noCallerPageReference(op, page, m.refcount());
        }
    }

    /** A frag on a pool page holds what the skb's release gives back: a pp reference when it is marked. */
    static boolean takesPpReference(SkbDesc d, PageMeta m) {
        return d.ppRecycle && m.isPp();
    }

    static void requireLength(SkbDesc d, long h, String op, int len, int truesize) {
        ZcSocket sk = d.getSkAcquire(); // acquire: under the writer pin the owner cannot change meanwhile
        if (truesize != 0 && sk != null) {
            throw Refusals.truesizeCharged(op, h, sk.handle, truesize);
        }
        long newLen = (long) d.len + len;
        if (newLen > Kernel.MAX_SKB_LEN) {
            throw Refusals.tooLong(op, h, "len", newLen, Kernel.MAX_SKB_LEN);
        }
        long newTruesize = (long) d.truesize + truesize;
        if (newTruesize > Integer.MAX_VALUE) {
            throw Refusals.tooLong(op, h, "truesize", newTruesize, Integer.MAX_VALUE);
        }
    }

    static void requireExclusiveShinfo(SkbDesc d, long h, String op) {
        int word = d.shinfo.getDatarefAcquire(); // acquire: pairs with clones' release decrements before our writes
        if (DatarefWord.cloned(d.cloned, word)) {
            throw Refusals.sharedInfoShared(op, h, word);
        }
    }

    static void requireNotListMember(SkbDesc d, long h, String op) {
        if (d.getListRefsAcquire() != 0) { // acquire: our writer pin keeps a first list out (an add pins it)
            throw Refusals.listMember(op, h);
        }
    }

    void addFrag(long h, long page, int offset, int size) {
        SkbDesc d = handles.pinWriter(h, "skb_add_rx_frag");
        try {
            int p = pages.pinPage(page, "skb_add_rx_frag", false);
            try {
                checkFrag(d, h, page, offset, size, "skb_add_rx_frag");
                appendFrag(d, page, offset, size, "skb_add_rx_frag");
                pages.tracked(p, TrackEvent.FRAG_REF, page);
            } finally {
                pages.unpinPage(p);
            }
        } finally {
            handles.unpinWriter(d);
        }
    }

    /** The frag takes over the caller's page reference (refused when another thread dropped it meanwhile). */
    void appendFrag(SkbDesc d, long page, int offset, int size, String op) {
        PageMeta m = pages.meta(HandleWord.index(page));
        if (takesPpReference(d, m)) {
            if (!m.takeCallerPpReference()) { // another thread dropped or recycled it meanwhile
                throw Refusals.noCallerPpReference(op, page, m.ppRefCount());
            }
        } else if (!m.takeCallerReference()) {
            throw Refusals.noCallerPageReference(op, page, m.refcount());
        }
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
        SkbDesc d = handles.pinWriter(h, "frag_list add");
        try {
            if (memberHandle == h) { // one struct cannot be pinned twice by one call: the cycle is plain
                throw Refusals.fragListCycle(h, memberHandle);
            }
            SkbDesc m = handles.pinReader(memberHandle, "frag_list add");
            try {
                if (reaches(m, d)) {
                    throw Refusals.fragListCycle(h, memberHandle);
                }
                requireExclusiveShinfo(d, h, "frag_list add");
                requireNotListMember(d, h, "frag_list add");
                if (m.getListRefsAcquire() != 0) { // acquire: early refusal; the CAS from 0 below decides
                    throw Refusals.alreadyListed(memberHandle);
                }
                int depth = Math.max(d.shinfo.listDepth, m.shinfo.listDepth + 1);
                if (depth > Kernel.MAX_FRAG_LIST_DEPTH) {
                    throw Refusals.fragListTooDeep(h, memberHandle, depth);
                }
                requireLength(d, h, "frag_list add", m.len, m.truesize);
                // acquire and release: volatile, before liveForList's state read (the Dekker with drop's claim)
                if (!m.compareAndSetListRefs(0, 1)) { // another list took it since the check above
                    throw Refusals.alreadyListed(memberHandle);
                }
                // a racing last drop of the member either sees our list reference (and is refused) or has
                // made its claim final first (and we give the reference back)
                if (!handles.liveForList(m, HandleWord.generation(memberHandle))) {
                    m.addListRefs(-1);
                    throw handles.explain(Refusals.skbReleased("frag_list add", memberHandle, false), memberHandle);
                }
                d.shinfo.addFragListMember(m);
                d.shinfo.listDepth = depth;
                d.len += m.len;
                d.dataLen += m.len;
                d.truesize += m.truesize;
            } finally {
                handles.unpinReader(m);
            }
        } finally {
            handles.unpinWriter(d);
        }
    }

    /** Whether {@code target} is {@code from} or lies in its frag_list tree (each shared member visited once). */
    private static boolean reaches(SkbDesc from, SkbDesc target) {
        Set<SkbDesc> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<SkbDesc> todo = new ArrayDeque<>();
        todo.push(from);
        while (!todo.isEmpty()) {
            SkbDesc s = todo.pop();
            if (s == target) {
                return true;
            }
            if (seen.add(s)) {
                Shinfo sh = s.shinfo;
                for (int i = 0; i < sh.fragListCount; i++) {
                    todo.push(sh.fragList[i]);
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- reading

    Bytes bytes(long h) {
        SkbDesc d = handles.pinReader(h, "skb_copy_bits");
        try {
            return Bytes.copyOf(allBytes(d));
        } finally {
            handles.unpinReader(d);
        }
    }

    /** All len bytes: linear, frags, then frag_list members (at most MAX_FRAG_LIST_DEPTH deep). */
    byte[] allBytes(SkbDesc d) {
        Shinfo sh = d.shinfo;
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(0, d.len));
        out.write(sh.buf, sh.base + d.data, d.headlen());
        for (int i = 0; i < sh.nrFrags; i++) {
            int p = HandleWord.index(sh.fragPage[i]);
            out.write(pages.pageBytes(p), pages.pageBase(p) + sh.fragOff[i], sh.fragSize[i]);
        }
        for (int i = 0; i < sh.fragListCount; i++) {
            byte[] b = allBytes(sh.fragList[i]);
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }
}
