package skbstress.races;

import java.util.function.Supplier;

import skbstress.api.SkbOps;

/** Races on skb->users. */
public final class UsersRaces {
    private UsersRaces() {}

    /** An skb with users == 2 and two holders. */
    public static final class Shared {
        final SkbOps ops;
        final long skb;

        Shared(SkbOps ops) {
            this.ops = ops;
            this.skb = ops.allocSkb(64, false);
            ops.get(skb);
        }
    }

    /** Both holders free: exactly one release. Observations: each free's "released". */
    public static final class TwoHoldersFree implements Race<Shared> {
        private final SkbOps impl;

        public TwoHoldersFree(Supplier<SkbOps> subject) {
            this.impl = subject.get();
        }

        @Override
        public Shared setUp(boolean model) {
            return new Shared(model ? Races.model() : impl);
        }


        @Override
        public int act(Shared s, int actor, int step) {
            return Races.bit(s.ops.free(s.skb));
        }

        @Override
        public int[] settle(Shared s) {
            return new int[0];
        }
    }

    /**
     * Holder A takes another reference while holder B drops its own. Observations: A's get went through,
     * B's free did not release, and users afterwards (then both of A's are dropped).
     */
    public static final class GetRacesFree implements Race<Shared> {
        private final SkbOps impl;

        public GetRacesFree(Supplier<SkbOps> subject) {
            this.impl = subject.get();
        }

        @Override
        public Shared setUp(boolean model) {
            return new Shared(model ? Races.model() : impl);
        }


        @Override
        public int act(Shared s, int actor, int step) {
            return actor == 0 ? Races.ok(() -> s.ops.get(s.skb)) : Races.bit(s.ops.free(s.skb));
        }

        @Override
        public int[] settle(Shared s) {
            int users = Races.users(s.ops, s.skb);
            for (int i = 0; i < users && Races.users(s.ops, s.skb) > 0; i++) {
                s.ops.free(s.skb);
            }
            return new int[] {users};
        }
    }

    /** Bytes every skb of these races holds, to see that a clone's data survived. */
    static final byte[] PAYLOAD = {1, 2, 3, 4, 5, 6, 7, 8};

    /** One skb with {@code holders} references, on a fresh implementation (a broken one cannot spread). */
    public static final class Single {
        final SkbOps ops;
        final long skb;
        volatile long clone;
        int first;

        Single(SkbOps ops, int holders) {
            this.ops = ops;
            this.skb = ops.allocSkb(64, false);
            ops.put(skb, PAYLOAD);
            for (int i = 1; i < holders; i++) {
                ops.get(skb);
            }
        }
    }

    abstract static class Fresh implements Race<Single> {
        final Instances instances;
        private final int holders;

        Fresh(Supplier<SkbOps> subject, int holders) {
            this.instances = new Instances(subject);
            this.holders = holders;
        }

        @Override
        public Single setUp(boolean model) {
            return new Single(model ? Races.model() : instances.take(), holders);
        }
    }

    /**
     * Two threads free the same reference (users 1): exactly one release; the other free is refused
     * (DOUBLE_FREE). Observations: each free's result, then whether everything is back to zero.
     */
    public static final class TwoFreesOfOneReference extends Fresh {
        public TwoFreesOfOneReference(Supplier<SkbOps> subject) {
            super(subject, 1);
        }

        @Override
        public int act(Single s, int actor, int step) {
            return Races.freed(s.ops, s.skb);
        }

        @Override
        public int[] settle(Single s) {
            return new int[] {instances.quietThenRecycle(s.ops)};
        }
    }

    /**
     * A thread that holds no reference clones the skb while its owner frees it (users 1): the clone is made
     * before the free (and keeps the data) or refused after it; never a clone of released data.
     * Observations: the clone went through or was refused, the owner's free, then whether the clone (if
     * any) still reads the skb's bytes and, once it is freed too, everything is back to zero.
     */
    public static final class CloneRacesLastFree extends Fresh {
        public CloneRacesLastFree(Supplier<SkbOps> subject) {
            super(subject, 1);
        }

        @Override
        public int act(Single s, int actor, int step) {
            if (actor == 1) {
                return Races.freed(s.ops, s.skb);
            }
            return Races.ok(() -> s.clone = s.ops.clone(s.skb));
        }

        @Override
        public int[] settle(Single s) {
            int intact = 1;
            if (s.clone != SkbOps.NULL) {
                // while the clone lives: its bytes, and every invariant (a clone of released data shares a
                // head its cache counts as free: I-SLAB-6, I-DATA-2)
                intact = Races.bit(Races.ok(() -> {
                    if (!java.util.Arrays.equals(s.ops.linearBytes(s.clone).toArray(), PAYLOAD)) {
                        throw new skbstress.api.SkbException(skbstress.api.ErrorCode.INVALID_ARGUMENT, "bytes differ");
                    }
                }) == 1 && Races.consistent(s.ops) == 1 && Races.freed(s.ops, s.clone) == 1);
            }
            return new int[] {intact & instances.quietThenRecycle(s.ops)};
        }
    }

    /**
     * One free too many at users 2: one holder frees twice, the other once. Exactly one of the three frees
     * releases and one is refused. Observations: the first actor's two results as (first + 1) * 3 +
     * (second + 1), the second actor's result, then whether everything is back to zero.
     */
    public static final class OneFreeTooMany extends Fresh {
        public OneFreeTooMany(Supplier<SkbOps> subject) {
            super(subject, 2);
        }

        @Override
        public int steps(int actor) {
            return actor == 0 ? 2 : 1;
        }

        @Override
        public int act(Single s, int actor, int step) {
            int r = Races.freed(s.ops, s.skb);
            if (actor == 1) {
                return r;
            }
            if (step == 0) {
                s.first = r;
                return r;
            }
            return (s.first + 1) * 3 + (r + 1);
        }

        @Override
        public int[] settle(Single s) {
            return new int[] {instances.quietThenRecycle(s.ops)};
        }
    }
}
