package skbstress.diff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import skbstress.api.Kernel;
import skbstress.api.SkbOps;

/**
 * Differential steps that drive one skb to a limit of the model, one below, at, or one above it, and free
 * everything they made before they end, so that a run's population is untouched and no large object is
 * ever compared.
 */
final class LimitSteps {
    private LimitSteps() {}

    /**
     * Doubles a 4095-byte skb eleven times (each level lists the one below and its clone, which share
     * data), then lists the last level and its clone under a head of 4095 + offByOne bytes: len
     * MAX_SKB_LEN - 1, MAX_SKB_LEN, or one above (refused). Everything made is freed before the step ends,
     * so a run's population is untouched and no 16 MiB is ever compared.
     */
    static void lenToLimit(SkbOps ops, int offByOne) {
        ArrayDeque<Long> owned = new ArrayDeque<>();
        try {
            long level = own(owned, ops.allocSkb(4095, false));
            ops.put(level, Step.pattern(4095, 1));
            for (int k = 0; k < 11; k++) {
                long twin = own(owned, ops.clone(level));
                long up = own(owned, ops.allocSkb(64, false));
                list(ops, owned, up, level);
                list(ops, owned, up, twin);
                level = up;
            }
            long top = own(owned, ops.allocSkb(4200, false));
            ops.put(top, Step.pattern(4095 + offByOne, 2));
            long twin = own(owned, ops.clone(level));
            list(ops, owned, top, level);
            list(ops, owned, top, twin); // 4095 << 12 more: the limit's edge
        } finally {
            while (!owned.isEmpty()) {
                ops.free(owned.pollLast());
            }
        }
    }

    /** A chain of frag_lists MAX_FRAG_LIST_DEPTH - 1 + offByOne deep (the last one refused), then freed. */
    static void nestToLimit(SkbOps ops, int offByOne) {
        ArrayDeque<Long> owned = new ArrayDeque<>();
        try {
            long top = own(owned, ops.allocSkb(64, false));
            for (int depth = 1; depth <= Kernel.MAX_FRAG_LIST_DEPTH - 1 + offByOne; depth++) {
                long up = own(owned, ops.allocSkb(64, false));
                list(ops, owned, up, top);
                top = up;
            }
        } finally {
            while (!owned.isEmpty()) {
                ops.free(owned.pollLast());
            }
        }
    }

    private static long own(ArrayDeque<Long> owned, long h) {
        owned.addLast(h);
        return h;
    }

    /** addFragList; on success the list holds the caller's reference, so the step no longer frees it. */
    private static void list(SkbOps ops, ArrayDeque<Long> owned, long skb, long member) {
        ops.addFragList(skb, member);
        owned.removeLastOccurrence(member);
    }

    /**
     * Builds levels as {@link #lenToLimit} does (each lists the one below and its clone, which share one
     * 4095-byte head, so no data is copied), lists clones of them under one skb, largest first, while its
     * truesize stays under the target, then adds page frags of up to a page each to reach INT_MAX - 1,
     * INT_MAX, or one above (the last frag refused): the edge of the truesize bound, which len (at most
     * MAX_SKB_LEN) never reaches, since each level's len is 0.
     */
    static void truesizeToLimit(SkbOps ops, int offByOne) {
        ArrayDeque<Long> owned = new ArrayDeque<>();
        long page = 0;
        try {
            long target = Integer.MAX_VALUE - 1L + offByOne;
            List<Long> levels = new ArrayList<>();
            long level = own(owned, ops.allocSkb(4095, false));
            levels.add(level);
            while (2 * truesize(ops, level) + Kernel.skbTruesize(4096) < target) {
                long twin = own(owned, ops.clone(level));
                long up = own(owned, ops.allocSkb(64, false));
                list(ops, owned, up, level);
                list(ops, owned, up, twin);
                level = up;
                levels.add(level);
            }
            long top = own(owned, ops.allocSkb(64, false));
            for (int k = levels.size() - 1; k >= 0; k--) {
                if (truesize(ops, top) + truesize(ops, levels.get(k)) <= target) {
                    long twin = own(owned, ops.clone(levels.get(k)));
                    list(ops, owned, top, twin);
                }
            }
            for (long left = target - truesize(ops, top); left > 0; left -= Kernel.PAGE_SIZE) {
                page = ops.allocPage();
                ops.addFrag(top, page, 0, (int) Math.min(left, Kernel.PAGE_SIZE));
                page = 0; // the frag holds the caller's reference now
            }
        } finally {
            if (page != 0) {
                ops.putPage(page); // its frag was refused
            }
            while (!owned.isEmpty()) {
                ops.free(owned.pollLast());
            }
        }
    }

    /**
     * skb_try_coalesce at MAX_SKB_FRAGS: {@code to} holds MAX_SKB_FRAGS - 2 + offByOne frags; {@code from} either
     * has a page-fragment head to steal (dev_alloc_skb(1000) in Linux 6.12) and one frag (the stolen head is one more frag: a merge of MAX_SKB_FRAGS
     * or more is refused) or no linear bytes and two frags (more than MAX_SKB_FRAGS is refused). Returns what
     * coalesce returned; everything made is freed before the step ends.
     */
    static boolean coalesceToLimit(SkbOps ops, int offByOne, boolean steal) {
        ArrayDeque<Long> owned = new ArrayDeque<>();
        long page = ops.allocPage();
        try {
            long to = own(owned, ops.allocSkb(64, false));
            ops.put(to, Step.pattern(16, 3));
            fill(ops, to, page, Kernel.MAX_SKB_FRAGS - 2 + offByOne);
            long from = own(owned, steal ? ops.devAllocSkb(1000) : ops.allocSkb(0, false));
            if (steal) {
                ops.put(from, Step.pattern(100, 4));
            }
            fill(ops, from, page, steal ? 1 : 2);
            boolean merged = ops.coalesce(to, from);
            if (merged) {
                owned.removeLastOccurrence(from); // consumed by kfree_skb_partial
            }
            return merged;
        } finally {
            while (!owned.isEmpty()) {
                ops.free(owned.pollLast());
            }
            ops.putPage(page);
        }
    }

    private static void fill(SkbOps ops, long skb, long page, int count) {
        for (int k = 0; k < count; k++) {
            ops.getPage(page);
            try {
                ops.addFrag(skb, page, 64 * k, 64);
            } catch (RuntimeException e) {
                ops.putPage(page);
                throw e;
            }
        }
    }

    private static long truesize(SkbOps ops, long skb) {
        return ops.view(skb).truesize();
    }
}
