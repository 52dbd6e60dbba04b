package skbstress.impl;

import skbstress.api.Kernel;
import skbstress.api.Refusals;
import skbstress.api.SkbOps;
import skbstress.impl.slab.SlabCache;

/**
 * skb_segment as the model states it (specs/segment.md, I-SEG-1..5), under a writer pin of the original: nobody
 * else edits, clones or reads it meanwhile, and a clone sharing its data can only drop its own data reference.
 * Every check comes first; then every segment's struct and head are taken (all given back when a racing thread
 * emptied a bounded cache meanwhile), then the zero-copy frags are orphaned (given back too if that fails), and
 * only then is anything changed. Each segment is built whole, page and ubuf references taken, before its life
 * begins with the release store that publishes it.
 */
final class ImplSegment {
    private static final String OP = "skb_segment";

    private final ImplState st;
    private final ImplHandles handles;
    private final ImplPages pages;
    private final ImplConstructors constructors;
    private final ImplZeroCopy zeroCopy;

    ImplSegment(ImplState st, ImplHandles handles, ImplPages pages, ImplConstructors constructors,
                ImplZeroCopy zeroCopy) {
        this.st = st;
        this.handles = handles;
        this.pages = pages;
        this.constructors = constructors;
        this.zeroCopy = zeroCopy;
    }

    long[] segment(long h, int hdrLen, int mss) {
        SkbDesc d = handles.pinWriter(h, OP);
        try {
            if (d.getListRefsAcquire() != 0) { // acquire: no list can take it meanwhile: an add pins it
                throw Refusals.listMember(OP, h);
            }
            int headlen = d.headlen();
            long payload = (long) d.len - hdrLen;
            long segments = mss <= 0 || payload < 0 ? -1 : payload == 0 ? 1 : (payload + mss - 1) / mss;
            if (hdrLen < 0 || hdrLen > headlen || mss <= 0 || segments > Kernel.GSO_MAX_SEGS) {
                throw Refusals.segmentArgument(h, hdrLen, mss, headlen, segments);
            }
            if (d.shinfo.fragListCount != 0) {
                throw Refusals.segmentFragList(h, d.shinfo.fragListCount);
            }
            zeroCopy.checkOrphan(d, OP);
            int n = (int) segments;
            int[] sizes = new int[n];
            for (int k = 0; k < n; k++) {
                int offset = hdrLen + k * mss; // k * mss < payload <= MAX_SKB_LEN for every k < n
                int seg = Math.min(mss, d.len - offset);
                sizes[k] = Math.max(0, Math.min(seg, headlen - offset)) + hdrLen + d.headroom();
                ImplConstructors.requireSize(sizes[k], OP);
                st.headsFor(sizes[k]); // refuses a head no kmalloc class holds, before anything is taken
            }
            return build(d, hdrLen, mss, sizes);
        } finally {
            handles.unpinWriter(d);
        }
    }

    /** Takes every struct and head, orphans, cuts; what was taken goes back if any step before the cut refuses. */
    private long[] build(SkbDesc d, int hdrLen, int mss, int[] sizes) {
        int n = sizes.length;
        SkbDesc[] segs = new SkbDesc[n];
        SlabCache[] heads = new SlabCache[n];
        int[] headIndex = new int[n];
        int taken = 0;
        try {
            for (; taken < n; taken++) {
                segs[taken] = constructors.newStruct(false); // refuses when the struct cache is empty
                heads[taken] = st.headsFor(sizes[taken]);
                headIndex[taken] = heads[taken].allocUntracked(st.local(heads[taken]));
                if (headIndex[taken] < 0) {
                    constructors.undoStruct(segs[taken]);
                    throw Refusals.exhausted(heads[taken].name, heads[taken].capacity, n + " segment heads");
                }
            }
            if (zeroCopy.needsOrphan(d.shinfo)) {
                pages.requirePages(zeroCopy.orphanPages(d.shinfo), OP);
            }
            zeroCopy.orphanIfNeeded(d); // skb_orphan_frags(head_skb); makes nothing when it refuses
        } catch (RuntimeException e) {
            for (int k = 0; k < taken; k++) {
                heads[k].freeUntracked(st.local(heads[k]), headIndex[k]);
                constructors.undoStruct(segs[k]);
            }
            throw e;
        }
        for (int k = 0; k < n; k++) {
            ImplConstructors.initData(segs[k], Shinfo.ofKmalloc(heads[k], headIndex[k]), 0,
                    st.profile.end(sizes[k]), st.profile);
        }
        cut(d, hdrLen, mss, segs);
        SkbDesc tail = segs[n - 1];
        if (d.destructor == SkbOps.SOCK_WFREE) { // the charge moves with its amount: sk_wmem_alloc unchanged
            int t = tail.truesize;
            tail.truesize = d.truesize;
            d.truesize = t;
            tail.destructor = SkbOps.SOCK_WFREE;
            // acquire: d's owner is fixed under our writer pin; release: the tail's, before beginLife's store
            tail.setSkRelease(d.getSkAcquire()); // published with the tail's life below
            d.destructor = 0;
            d.setSkRelease(null); // release: pairs with skb_fclone_busy's acquire read of the original's sk
        }
        long[] out = new long[n];
        for (int k = 0; k < n; k++) {
            constructors.beginLife(segs[k]); // release store: every field and reference above, then the handle
            out[k] = ImplHandles.handleOf(segs[k]);
        }
        return out;
    }

    /** The model's loop: pos walks the payload as the frags see it; a straddling frag is referenced again. */
    private void cut(SkbDesc d, int hdrLen, int mss, SkbDesc[] segs) {
        Shinfo sh = d.shinfo;
        int headlen = d.headlen();
        int headroom = d.headroom();
        int i = 0;
        int pos = headlen;
        int offset = hdrLen;
        for (SkbDesc n : segs) {
            int len = Math.min(mss, d.len - offset);
            int hsize = Math.max(0, Math.min(len, headlen - offset));
            Shinfo nsh = n.shinfo;
            n.data += headroom;
            n.tail = n.data + hdrLen;
            n.len = hdrLen;
            ImplExtensions.share(d, n); // __copy_skb_header: skb_ext_copy
            System.arraycopy(sh.buf, sh.base + d.data, nsh.buf, nsh.base + n.data, hdrLen);
            if (len == 0) { // headers only: the kernel skips the payload, the ubuf included
                break;
            }
            if (hsize > 0) {
                System.arraycopy(sh.buf, sh.base + d.data + offset, nsh.buf, nsh.base + n.tail, hsize);
            }
            n.tail += hsize;
            n.len += hsize;
            zeroCopy.shareUbuf(sh, nsh); // skb_zerocopy_clone: a ubuf reference of the segment's own
            int f = 0;
            while (pos < offset + len) {
                int fo = sh.fragOff[i];
                int fs = sh.fragSize[i];
                int size = fs;
                if (pos < offset) { // begun in the segment before
                    fo += offset - pos;
                    fs -= offset - pos;
                }
                boolean straddles = pos + size > offset + len;
                if (straddles) { // goes on into the next segment: referenced again there
                    fs -= pos + size - (offset + len);
                }
                pages.structRef(sh.fragPage[i]);
                nsh.fragPage[f] = sh.fragPage[i];
                nsh.fragOff[f] = fo;
                nsh.fragSize[f] = fs;
                f++;
                if (straddles) {
                    break;
                }
                i++;
                pos += size;
            }
            nsh.nrFrags = f;
            n.dataLen = len - hsize;
            n.len += n.dataLen;
            n.truesize += n.dataLen;
            offset += len;
        }
    }
}
