package skbstress.model;

import skbstress.api.Bytes;
import skbstress.api.DatarefWord;
import skbstress.api.ErrorCode;

import static skbstress.model.ModelState.require;

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
        return String.format("len %d data_len %d head %d data %d tail %d end %d", skb.len, skb.dataLen, skb.head,
                skb.data, skb.tail, skb.end);
    }

    private ModelSkb editable(long h, String op) {
        ModelSkb skb = state.skb(h, op);
        Frags.requireNotListMember(skb, op);
        return skb;
    }

    void reserve(long h, int n) {
        ModelSkb skb = editable(h, "skb_reserve");
        require(n >= 0, ErrorCode.INVALID_ARGUMENT, "I-GEOM-3", "skb_reserve: len " + n + " < 0");
        require(skb.len == 0, ErrorCode.RESERVE_NOT_EMPTY, "I-GEOM-3", String.format(
                "skb_reserve: skb %x already holds %d bytes; reserve only an empty skb (%s)", h, skb.len, where(skb)));
        require(skb.tail + n <= skb.end, ErrorCode.SKB_OVER, "I-GEOM-1", String.format(
                "skb_reserve: skb %x reserve %d: tail %d would pass end %d (%s)", h, n, skb.tail + n, skb.end,
                where(skb)));
        skb.data += n;
        skb.tail += n;
    }

    void put(long h, byte[] bytes) {
        ModelSkb skb = editable(h, "skb_put");
        int n = bytes.length;
        require(skb.dataLen == 0, ErrorCode.NONLINEAR, "I-GEOM-3", String.format(
                "skb_put: skb %x is nonlinear (data_len %d); put only extends linear data", h, skb.dataLen));
        require(skb.tail + n <= skb.end, ErrorCode.SKB_OVER, "I-GEOM-1", String.format(
                "skb_over: skb %x put %d: tail %d would pass end %d (%s)", h, n, skb.tail + n, skb.end, where(skb)));
        require(n == 0 || !DatarefWord.cloned(skb.cloned, skb.shinfo.dataref), ErrorCode.WRITE_CLONED, "I-DATA-5",
                String.format("skb_put: skb %x shares its data (dataref %s); unclone before writing payload", h,
                        DatarefWord.describe(skb.shinfo.dataref)));
        System.arraycopy(bytes, 0, skb.shinfo.buffer(), skb.tail, n);
        skb.tail += n;
        skb.len += n;
    }

    void push(long h, byte[] bytes) {
        ModelSkb skb = editable(h, "skb_push");
        int n = bytes.length;
        require(skb.data - n >= skb.head, ErrorCode.SKB_UNDER, "I-GEOM-1", String.format(
                "skb_under: skb %x push %d: data %d would go below head %d (%s)", h, n, skb.data - n, skb.head,
                where(skb)));
        require(n == 0 || headerWritable(skb), ErrorCode.WRITE_CLONED, "I-DATA-5", String.format(
                "skb_push: skb %x may not write headers: dataref %s, nohdr %b, headroom %d, hdr_len %d", h,
                DatarefWord.describe(skb.shinfo.dataref), skb.nohdr, skb.headroom(), skb.hdrLen));
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
        require(n >= 0, ErrorCode.INVALID_ARGUMENT, "I-GEOM-2", "skb_pull: len " + n + " < 0");
        require(n <= skb.len, ErrorCode.PULL_TOO_FAR, "I-GEOM-2", String.format(
                "skb_pull: skb %x pull %d > len %d (%s)", h, n, skb.len, where(skb)));
        require(skb.len - n >= skb.dataLen, ErrorCode.NONLINEAR, "I-GEOM-3", String.format(
                "skb_pull: skb %x pull %d reaches into %d bytes of paged data (headlen %d); use pskb_pull", h, n,
                skb.dataLen, skb.headlen()));
        skb.data += n;
        skb.len -= n;
    }

    void trim(long h, int len) {
        ModelSkb skb = editable(h, "skb_trim");
        require(len >= 0, ErrorCode.INVALID_ARGUMENT, "I-GEOM-2", "skb_trim: len " + len + " < 0");
        if (len < skb.len) {
            require(skb.dataLen == 0, ErrorCode.NONLINEAR, "I-GEOM-3", String.format(
                    "skb_trim: skb %x is nonlinear (data_len %d); use pskb_trim", h, skb.dataLen));
            skb.len = len;
            skb.tail = skb.data + len;
        }
    }

    Bytes linearBytes(long h) {
        ModelSkb skb = state.skb(h, "linear bytes");
        return Bytes.copyOf(skb.shinfo.buffer(), skb.data, skb.tail);
    }
}
