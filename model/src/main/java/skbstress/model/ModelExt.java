package skbstress.model;

import java.util.Arrays;
import skbstress.api.SkbOps;

/** A struct skb_ext: a refcount_t of the skbs that point at it, and a value per extension id (-1: no chunk). */
final class ModelExt {
    final long handle;
    int refcnt = 1;
    final int[] values = new int[SkbOps.SKB_EXT_NUM];

    ModelExt(long handle) {
        this.handle = handle;
        Arrays.fill(values, -1);
    }
}
