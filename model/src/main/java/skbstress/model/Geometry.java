package skbstress.model;

import skbstress.api.Bytes;
import skbstress.api.DatarefWord;
import skbstress.api.Refusals;

/**
 * head/data/tail/end. After every operation head <= data <= tail <= end (I-GEOM-1) and
 * len = (tail - data) + data_len (I-GEOM-2). Where the kernel panics (skb_over_panic, skb_under_panic,
 * BUG), the model refuses and leaves the skb as it was.
 */
final class Geometry {
    private final ModelState state;

    Geometry(ModelState state) {
        this.state = state;
    }

    private static String where(ModelSkb skb) {
        return Refusals.where(skb.len, skb.dataLen, skb.head, skb.data, skb.tail, skb.end);
    }

    private ModelSkb editable(long h, String op) {
        ModelSkb skb = state.skb(h, op);
        Frags.requireNotListMember(skb, op);
        return skb;
    }

    void reserve(long h, int n) {
        ModelSkb skb = editable(h, "skb_reserve");
        if (n < 0) {
            throw Refusals.negative("skb_reserve", "len", n, "I-GEOM-3");
        }
        if (skb.len != 0) {
            throw Refusals.reserveNotEmpty(h, skb.len, where(skb));
        }
        if ((long) skb.tail + n > skb.end) {
            throw Refusals.reservePastEnd(h, n, (long) skb.tail + n, skb.end, where(skb));
        }
        skb.data += n;
        skb.tail += n;
    }

    void put(long h, byte[] bytes) {
        ModelSkb skb = editable(h, "skb_put");
        if (bytes == null) {
            throw Refusals.nullBytes("skb_put");
        }
        int n = bytes.length;
        if (skb.dataLen != 0) {
            throw Refusals.putNonlinear(h, skb.dataLen);
        }
        if ((long) skb.tail + n > skb.end) {
            throw Refusals.skbOver(h, n, (long) skb.tail + n, skb.end, where(skb));
        }
        if (n != 0 && DatarefWord.cloned(skb.cloned, skb.shinfo.dataref)) {
            throw Refusals.putCloned(h, skb.shinfo.dataref);
        }
        System.arraycopy(bytes, 0, skb.shinfo.buffer(), skb.tail, n);
        skb.tail += n;
        skb.len += n;
    }

    void push(long h, byte[] bytes) {
        ModelSkb skb = editable(h, "skb_push");
        if (bytes == null) {
            throw Refusals.nullBytes("skb_push");
        }
        int n = bytes.length;
        if ((long) skb.data - n < skb.head) {
            throw Refusals.skbUnder(h, n, (long) skb.data - n, skb.head, where(skb));
        }
        if (n != 0 && !headerWritable(skb)) {
            throw Refusals.pushShared(h, skb.shinfo.dataref, skb.nohdr, skb.headroom(), skb.hdrLen);
        }
        skb.data -= n;
        skb.len += n;
        System.arraycopy(bytes, 0, skb.shinfo.buffer(), skb.data, n);
    }

    /**
     * Headers may be written in place when the data is private, or (skb_clone_writable) when only the
     * payload is shared and the written bytes stay below the clone's hdr_len.
     */
    private static boolean headerWritable(ModelSkb skb) {
        if (!DatarefWord.cloned(skb.cloned, skb.shinfo.dataref)) {
            return true;
        }
        return !DatarefWord.headerCloned(skb.cloned, skb.shinfo.dataref) && !skb.nohdr
                && skb.headroom() <= skb.hdrLen;
    }

    void pull(long h, int n) {
        ModelSkb skb = editable(h, "skb_pull");
        if (n < 0) {
            throw Refusals.negative("skb_pull", "len", n, "I-GEOM-2");
        }
        if (n > skb.len) {
            throw Refusals.pullTooFar(h, n, skb.len, where(skb));
        }
        if (skb.len - n < skb.dataLen) {
            throw Refusals.pullPaged(h, n, skb.dataLen, skb.headlen());
        }
        skb.data += n;
        skb.len -= n;
    }

    void trim(long h, int len) {
        ModelSkb skb = editable(h, "skb_trim");
        if (len < 0) {
            throw Refusals.negative("skb_trim", "len", len, "I-GEOM-2");
        }
        if (len < skb.len) {
            if (skb.dataLen != 0) {
                throw Refusals.trimNonlinear(h, skb.dataLen);
            }
            skb.len = len;
            skb.tail = skb.data + len;
        }
    }

    Bytes linearBytes(long h) {
        ModelSkb skb = state.skb(h, "linear bytes");
        return Bytes.copyOf(skb.shinfo.buffer(), skb.data, skb.tail);
    }
}
