package skbstress.races;

import java.util.function.Supplier;

import skbstress.api.Refcount;
import skbstress.api.SkbOps;

/** refcount_t saturation under racing increments. */
public final class RefcountRaces {
    private RefcountRaces() {}

    /** An skb whose users is REFCOUNT_MAX; each run has its own implementation (the skb is leaked). */
    public static final class AtMax {
        final SkbOps ops;
        final long skb;

        AtMax(SkbOps ops) {
            this.ops = ops;
            this.skb = ops.allocSkb(64, false);
            ops.getMany(skb, Refcount.MAX - 1);
        }
    }

    /**
     * Two increments race past REFCOUNT_MAX: the counter saturates and the skb is never freed (I-REF-2).
     * Observations: both increments went through; users is REFCOUNT_SATURATED; a free does not release.
     */
    public static final class SaturationRacingIncrements implements Race<AtMax> {
        private final Supplier<SkbOps> subject;

        public SaturationRacingIncrements(Supplier<SkbOps> subject) {
            this.subject = subject;
        }

        @Override
        public AtMax setUp(boolean model) {
            return new AtMax(model ? Races.model() : subject.get());
        }


        @Override
        public int act(AtMax s, int actor, int step) {
            return Races.ok(() -> s.ops.get(s.skb));
        }

        @Override
        public int[] settle(AtMax s) {
            int saturated = Races.bit(Races.users(s.ops, s.skb) == Refcount.SATURATED);
            return new int[] {saturated, Races.bit(s.ops.free(s.skb))};
        }
    }

    /** A page the caller holds twice (get_page after its allocation), and an skb to take one reference as a frag. */
    public static final class SharedPage {
        final SkbOps ops;
        final long page;
        final long skb;
        /** pskb_copy of the skb, made by the second actor. */
        long copy;

        SharedPage(SkbOps ops) {
            this.ops = ops;
            this.page = ops.allocPage();
            ops.getPage(page);
            this.skb = ops.allocSkb(256, false);
        }
    }

    /**
     * A page's counters under two threads: one takes and drops a reference of its own (get_page, put_page)
     * while the other hands a caller reference to an skb's frag, copies the skb (pskb_copy: the copy's frag
     * takes a reference of its own) and frees both (the frags' put_page).
     * Every read-modify-write of the page's count must count: one reference is left, the caller's, and its
     * put_page frees the page (I-FRAG-1). Observations: each actor's last result (1: the put went through,
     * and the skb was released), then the page's refcount once both are done, and whether the caller's last
     * put_page left everything quiet.
     */
    public static final class PageGetPutRacingFrag implements Race<SharedPage> {
        private final Instances instances;

        public PageGetPutRacingFrag(Supplier<SkbOps> subject) {
            this.instances = new Instances(subject);
        }

        @Override
        public SharedPage setUp(boolean model) {
            return new SharedPage(model ? Races.model() : instances.take());
        }

        @Override
        public int steps(int actor) {
            return actor == 0 ? 2 : 3;
        }

        @Override
        public int act(SharedPage s, int actor, int step) {
            if (actor == 0) {
                if (step == 0) {
                    s.ops.getPage(s.page);
                } else {
                    s.ops.putPage(s.page);
                }
                return 1;
            }
            if (step == 0) {
                s.ops.addFrag(s.skb, s.page, 0, 512);
                return 1;
            }
            if (step == 1) {
                s.copy = s.ops.pskbCopy(s.skb); // the copy's frag shares the page: a structure's get_page
                return 1;
            }
            return Races.bit(s.ops.free(s.skb) & s.ops.free(s.copy));
        }

        @Override
        public int[] settle(SharedPage s) {
            int refcount;
            try {
                skbstress.api.Snapshot.Page p = s.ops.snapshot().pages().get(s.page);
                refcount = p == null ? 0 : p.refcount();
            } catch (IllegalStateException e) {
                refcount = Races.CORRUPT;
            }
            int put = Races.ok(() -> s.ops.putPage(s.page));
            return new int[] {refcount, put & instances.quietThenRecycle(s.ops)};
        }
    }
}
