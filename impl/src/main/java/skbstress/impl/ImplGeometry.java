package skbstress.impl;

import skbstress.api.Bytes;
import skbstress.api.DatarefWord;
import skbstress.api.ErrorCode;
import skbstress.api.SkbException;

/**
 * head/data/tail/end. A holder edits its own skb's geometry; two holders never edit one skb at once
 * (the kernel's rule), so these are plain field accesses.
 */
final class ImplGeometry {
    private final ImplLifetime lifetime;

    ImplGeometry(ImplLifetime lifetime) {
        this.lifetime = lifetime;
    }

    private static String where(SkbDesc d) {
        return String.format("len %d data_len %d head %d data %d tail %d end %d", d.len, d.dataLen, d.head, d.data,
                d.tail, d.end);
    }

    private SkbDesc editable(long h, String op) {
        SkbDesc d = lifetime.skb(h, op, false);
        ImplFrags.requireNotListMember(d, h, op);
        return d;
    }

    void reserve(long h, int n) {
        SkbDesc d = editable(h, "skb_reserve");
        if (n < 0) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-GEOM-3", "skb_reserve: len " + n + " < 0");
        }
        if (d.len != 0) {
            throw new SkbException(ErrorCode.RESERVE_NOT_EMPTY, "I-GEOM-3", String.format(
                    "skb_reserve: skb %x already holds %d bytes; reserve only an empty skb (%s)", h, d.len, where(d)));
        }
        if (d.tail + n > d.end) {
            throw new SkbException(ErrorCode.SKB_OVER, "I-GEOM-1", String.format(
                    "skb_reserve: skb %x reserve %d: tail %d would pass end %d (%s)", h, n, d.tail + n, d.end,
                    where(d)));
        }
        d.data += n;
        d.tail += n;
    }

    void put(long h, byte[] bytes) {
        SkbDesc d = editable(h, "skb_put");
        int n = bytes.length;
        if (d.dataLen != 0) {
            throw new SkbException(ErrorCode.NONLINEAR, "I-GEOM-3", String.format(
                    "skb_put: skb %x is nonlinear (data_len %d); put only extends linear data", h, d.dataLen));
        }
        if (d.tail + n > d.end) {
            throw new SkbException(ErrorCode.SKB_OVER, "I-GEOM-1", String.format(
                    "skb_over: skb %x put %d: tail %d would pass end %d (%s)", h, n, d.tail + n, d.end, where(d)));
        }
        Shinfo sh = d.shinfo;
        if (n != 0 && DatarefWord.cloned(d.cloned, sh.getDatarefAcquire())) {
            throw new SkbException(ErrorCode.WRITE_CLONED, "I-DATA-5", String.format(
                    "skb_put: skb %x shares its data (dataref %s); unclone before writing payload", h,
                    DatarefWord.describe(sh.getDatarefAcquire())));
        }
        System.arraycopy(bytes, 0, sh.buf, sh.base + d.tail, n);
        d.tail += n;
        d.len += n;
    }

    void push(long h, byte[] bytes) {
        SkbDesc d = editable(h, "skb_push");
        int n = bytes.length;
        if (d.data - n < d.head) {
            throw new SkbException(ErrorCode.SKB_UNDER, "I-GEOM-1", String.format(
                    "skb_under: skb %x push %d: data %d would go below head %d (%s)", h, n, d.data - n, d.head,
                    where(d)));
        }
        Shinfo sh = d.shinfo;
        if (n != 0 && !headerWritable(d, sh.getDatarefAcquire())) {
            throw new SkbException(ErrorCode.WRITE_CLONED, "I-DATA-5", String.format(
                    "skb_push: skb %x may not write headers: dataref %s, nohdr %b, headroom %d, hdr_len %d", h,
                    DatarefWord.describe(sh.getDatarefAcquire()), d.nohdr, d.headroom(), d.hdrLen));
        }
        d.data -= n;
        d.len += n;
        System.arraycopy(bytes, 0, sh.buf, sh.base + d.data, n);
    }

    private static boolean headerWritable(SkbDesc d, int word) {
        if (!DatarefWord.cloned(d.cloned, word)) {
            return true;
        }
        return !DatarefWord.headerCloned(d.cloned, word) && !d.nohdr && d.headroom() <= d.hdrLen;
    }

    void pull(long h, int n) {
        SkbDesc d = editable(h, "skb_pull");
        if (n < 0) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-GEOM-2", "skb_pull: len " + n + " < 0");
        }
        if (n > d.len) {
            throw new SkbException(ErrorCode.PULL_TOO_FAR, "I-GEOM-2", String.format(
                    "skb_pull: skb %x pull %d > len %d (%s)", h, n, d.len, where(d)));
        }
        if (d.len - n < d.dataLen) {
            throw new SkbException(ErrorCode.NONLINEAR, "I-GEOM-3", String.format(
                    "skb_pull: skb %x pull %d reaches into %d bytes of paged data (headlen %d); use pskb_pull", h,
                    n, d.dataLen, d.headlen()));
        }
        d.data += n;
        d.len -= n;
    }

    void trim(long h, int len) {
        SkbDesc d = editable(h, "skb_trim");
        if (len < 0) {
            throw new SkbException(ErrorCode.INVALID_ARGUMENT, "I-GEOM-2", "skb_trim: len " + len + " < 0");
        }
        if (len < d.len) {
            if (d.dataLen != 0) {
                throw new SkbException(ErrorCode.NONLINEAR, "I-GEOM-3", String.format(
                        "skb_trim: skb %x is nonlinear (data_len %d); use pskb_trim", h, d.dataLen));
            }
            d.len = len;
            d.tail = d.data + len;
        }
    }

    Bytes linearBytes(long h) {
        SkbDesc d = lifetime.skb(h, "linear bytes", false);
        Shinfo sh = d.shinfo;
        return Bytes.copyOf(sh.buf, sh.base + d.data, sh.base + d.tail);
    }
}
