package skbstress.races;

import java.util.Set;
import skbstress.api.SkbOps;
import skbstress.impl.Fault;

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

        public TwoHoldersFree(Set<Fault> faults) {
            this.impl = Races.impl(faults);
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

        public GetRacesFree(Set<Fault> faults) {
            this.impl = Races.impl(faults);
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
}
