package skbstress.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import skbstress.api.Kernel;
import skbstress.api.Refusals;
import skbstress.api.SkbOps;

/**
 * skb_segment as GSO uses it with scatter-gather and checksum offload (Linux 6.12; specs/segment.md). The
 * headers are the first {@code hdrLen} bytes of the data (the kernel's doffset, pushed back before the cut);
 * each segment gets a new kmalloc head with the original's headroom, the headers and the linear payload bytes it
 * covers, and frags that reference the original's pages. Every refusal comes before any change, the orphaning
 * of zero-copy frags included: the kernel frees a partial list on failure, here nothing is made at all.
 */
final class Segment {
    static final String OP = "skb_segment";

    private final ModelState state;
    private final Constructors constructors;
    private final ZeroCopy zeroCopy;

    Segment(ModelState state, Constructors constructors, ZeroCopy zeroCopy) {
        this.state = state;
        this.constructors = constructors;
        this.zeroCopy = zeroCopy;
    }

    long[] segment(long h, int hdrLen, int mss) {
        ModelSkb skb = state.skb(h, OP);
        Frags.requireNotListMember(skb, OP); // a member's truesize is its parent's, and the owner swap changes it
        int headlen = skb.headlen();
        long segments = count(skb.len, hdrLen, mss);
        if (hdrLen < 0 || hdrLen > headlen || mss <= 0 || segments > Kernel.GSO_MAX_SEGS) {
            throw Refusals.segmentArgument(h, hdrLen, mss, headlen, segments);
        }
        if (!skb.shinfo.fragList.isEmpty()) {
            throw Refusals.segmentFragList(h, skb.shinfo.fragList.size());
        }
        zeroCopy.checkOrphan(skb, OP);
        requireRoom(skb, hdrLen, mss, (int) segments);
        if (zeroCopy.needsOrphan(skb.shinfo)) {
            Frags.requirePages(state, zeroCopy.orphanPages(skb.shinfo), OP);
        }
        zeroCopy.orphanIfNeeded(skb); // skb_orphan_frags(head_skb): private pages unless DONT_ORPHAN
        List<ModelSkb> segs = cut(skb, hdrLen, mss);
        ModelSkb tail = segs.get(segs.size() - 1);
        if (skb.destructor == SkbOps.SOCK_WFREE) { // the charge moves with its amount: sk_wmem_alloc unchanged
            int t = tail.truesize;
            tail.truesize = skb.truesize;
            skb.truesize = t;
            tail.destructor = skb.destructor;
            tail.sk = skb.sk;
            skb.destructor = 0;
            skb.sk = null;
        }
        long[] out = new long[segs.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = segs.get(k).handle;
        }
        return out;
    }

    /** Segments of a payload of len - hdrLen bytes: one header-only segment when it is empty; -1 for a bad mss. */
    static long count(int len, int hdrLen, int mss) {
        long payload = (long) len - hdrLen;
        if (mss <= 0 || payload < 0) {
            return -1;
        }
        return payload == 0 ? 1 : (payload + mss - 1) / mss;
    }

    /** Head size (hsize + doffset + headroom) of the segment starting at payload byte {@code offset}. */
    static int headSize(int headlen, int len, int hdrLen, int headroom, int offset, int mss) {
        int seg = Math.min(mss, len - offset);
        int hsize = Math.max(0, Math.min(seg, headlen - offset));
        return hsize + hdrLen + headroom;
    }

    /** Every struct and head the segments take, counted per cache and checked against what each cache has free. */
    private void requireRoom(ModelSkb skb, int hdrLen, int mss, int segments) {
        Map<ModelCache, Integer> heads = new HashMap<>();
        int offset = hdrLen;
        for (int k = 0; k < segments; k++) {
            int size = headSize(skb.headlen(), skb.len, hdrLen, skb.headroom(), offset, mss);
            Constructors.requireSize(size, OP);
            heads.merge(state.heads(size), 1, Integer::sum);
            offset += mss;
        }
        ModelCache structs = state.headCache();
        if (!structs.canAlloc(segments)) {
            throw Refusals.exhausted(structs.name, structs.capacity, segments + " segments need a struct each");
        }
        for (Map.Entry<ModelCache, Integer> e : heads.entrySet()) {
            if (!e.getKey().canAlloc(e.getValue())) {
                throw Refusals.exhausted(e.getKey().name, e.getKey().capacity, e.getValue() + " segment heads");
            }
        }
    }

    /** The kernel's loop once checked: pos walks the payload as the frags see it, frag by frag. */
    private List<ModelSkb> cut(ModelSkb skb, int hdrLen, int mss) {
        ModelShinfo sh = skb.shinfo;
        byte[] buf = sh.buffer();
        int headlen = skb.headlen();
        int headroom = skb.headroom();
        List<ModelSkb> segs = new ArrayList<>();
        int i = 0;
        int pos = headlen;
        int offset = hdrLen;
        do {
            int len = Math.min(mss, skb.len - offset);
            int hsize = Math.max(0, Math.min(len, headlen - offset));
            ModelSkb n = constructors.allocKmallocSkb(hsize + hdrLen + headroom, false);
            segs.add(n);
            n.data += headroom;
            n.tail = n.data + hdrLen;
            n.len = hdrLen;
            Extensions.share(skb, n); // __copy_skb_header: skb_ext_copy
            byte[] nb = n.shinfo.buffer();
            System.arraycopy(buf, skb.data, nb, n.data, hdrLen);
            if (len == 0) { // headers only: the kernel skips the payload, the ubuf included
                break;
            }
            if (hsize > 0) { // past the linear part the offset may lie beyond the head buffer
                System.arraycopy(buf, skb.data + offset, nb, n.tail, hsize);
            }
            n.tail += hsize;
            n.len += hsize;
            zeroCopy.shareUbuf(sh, n.shinfo); // skb_zerocopy_clone: a ubuf reference of the segment's own
            while (pos < offset + len) {
                ModelShinfo.Frag f = sh.frags.get(i);
                int fo = f.offset();
                int fs = f.size();
                if (pos < offset) { // begun in the segment before
                    fo += offset - pos;
                    fs -= offset - pos;
                }
                boolean straddles = pos + f.size() > offset + len;
                if (straddles) { // goes on into the next segment: referenced again there
                    fs -= pos + f.size() - (offset + len);
                }
                Frags.structRef(f.page());
                n.shinfo.frags.add(new ModelShinfo.Frag(f.page(), fo, fs));
                if (straddles) {
                    break;
                }
                i++;
                pos += f.size();
            }
            n.dataLen = len - hsize;
            n.len += n.dataLen;
            n.truesize += n.dataLen;
            offset += len;
        } while (offset < skb.len);
        return segs;
    }
}
