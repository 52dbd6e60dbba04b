package skbstress.races;

import java.util.function.Supplier;

import skbstress.api.SkbException;
import skbstress.api.SkbOps;

/** Races on a frag_list member's reference: who owns it when a list takes it and something else acts. */
public final class FragListRaces {
    private FragListRaces() {}

    /** The call went through (a free of the member's one reference released it). */
    static final int WENT_THROUGH = 1;
    /** The add was refused: the member was released first (USE_AFTER_FREE). */
    static final int RELEASED_FIRST = 2;
    /** The free was refused: the member's one reference is a list's now (FREE_IN_USE). */
    static final int LIST_OWNS_IT = 3;
    /** The add was refused: another list holds the member (INVALID_ARGUMENT). */
    static final int ON_ANOTHER_LIST = 4;

    /** An add's or a free's result as above, else {@link Races#REFUSED}. */
    static int result(Runnable call) {
        try {
            call.run();
            return WENT_THROUGH;
        } catch (SkbException e) {
            return switch (e.code()) {
                case USE_AFTER_FREE -> RELEASED_FIRST;
                case FREE_IN_USE -> LIST_OWNS_IT;
                case INVALID_ARGUMENT -> ON_ANOTHER_LIST;
                default -> Races.REFUSED;
            };
        } catch (IllegalStateException e) {
            return Races.CORRUPT;
        }
    }

    /** Two heads and a member the caller holds (users 1, on no list), on an implementation of their own. */
    public static final class Heads {
        final SkbOps ops;
        final long head1;
        final long head2;
        final long member;

        Heads(SkbOps ops) {
            this.ops = ops;
            this.head1 = ops.allocSkb(128, false);
            this.head2 = ops.allocSkb(128, false);
            this.member = ops.allocSkb(64, false);
            ops.put(member, UsersRaces.PAYLOAD);
        }
    }

    abstract static class OnHeads implements Race<Heads> {
        final Instances instances;

        OnHeads(Supplier<SkbOps> subject) {
            this.instances = new Instances(subject);
        }

        @Override
        public Heads setUp(boolean model) {
            return new Heads(model ? Races.model() : instances.take());
        }

        /**
         * Frees both heads (a list's release drops its member), then the member if it is still live (it
         * was on no list). Observations: the member's users after the heads went (REFUSED: released), then
         * whether the state kept every invariant before and nothing was left after.
         */
        @Override
        public int[] settle(Heads s) {
            int consistent = Races.consistent(s.ops);
            Races.freed(s.ops, s.head1);
            Races.freed(s.ops, s.head2);
            int users = Races.users(s.ops, s.member);
            if (users > 0) {
                Races.freed(s.ops, s.member);
            }
            return new int[] {users, consistent & instances.quietThenRecycle(s.ops)};
        }
    }

    /**
     * The caller adds its member to a head's frag_list (its reference becomes the list's) while it also
     * frees it: a misuse, and exactly one of the two may go through, as in either order one after the
     * other. Observations: the add's result, the free's (after {@link #DELAY} reads of the other head),
     * then {@link OnHeads#settle}'s.
     */
    public static final class AddRacesFree extends OnHeads {
        public AddRacesFree(Supplier<SkbOps> subject) {
            super(subject);
        }

        /**
         * Reads of the other head the freer makes first: the add's checks take longer than a free, and
         * without them the free came first about 30 to 100 times as often and met the add's list reference
         * in about one sample in ten thousand; with two, the add comes first in about one run in four and
         * one sample in a hundred and fifty meets it (jcstress -m sanity, 2 cores).
         */
        static final int DELAY = 2;

        @Override
        public int steps(int actor) {
            return actor == 0 ? 1 : 1 + DELAY;
        }

        @Override
        public int act(Heads s, int actor, int step) {
            if (actor == 0) {
                return result(() -> s.ops.addFragList(s.head1, s.member));
            }
            if (step < DELAY) {
                return s.ops.view(s.head2).users();
            }
            return result(() -> s.ops.free(s.member));
        }
    }

    /** A head whose frag_list holds {@link #MEMBERS} members (each list's is their one reference), and another. */
    public static final class Listed {
        static final int MEMBERS = 8;
        final SkbOps ops;
        final long head1;
        final long head2;
        final long[] members = new long[MEMBERS];
        int through;

        Listed(SkbOps ops) {
            this.ops = ops;
            this.head1 = ops.allocSkb(128, false);
            this.head2 = ops.allocSkb(128, false);
            for (int k = 0; k < MEMBERS; k++) {
                members[k] = ops.allocSkb(64, false);
                ops.addFragList(head1, members[k]);
            }
        }
    }

    /**
     * The first head is freed, releasing its members one by one, while a caller that holds none of them
     * adds each to the second head, last member first, so that the two walks cross: every add is refused
     * (the member still listed, or already released), and none is given to the second list while the
     * first one's release frees it. Observations: the head's free, how many adds went through, then
     * whether no member is left live once both heads are freed, and whether the state kept every
     * invariant before and nothing was left after.
     */
    public static final class ListReleaseRacesAdd implements Race<Listed> {
        private final Instances instances;

        public ListReleaseRacesAdd(Supplier<SkbOps> subject) {
            this.instances = new Instances(subject);
        }

        @Override
        public Listed setUp(boolean model) {
            return new Listed(model ? Races.model() : instances.take());
        }

        @Override
        public int steps(int actor) {
            return actor == 0 ? 1 : Listed.MEMBERS;
        }

        @Override
        public int act(Listed s, int actor, int step) {
            if (actor == 0) {
                return result(() -> s.ops.free(s.head1));
            }
            int r = result(() -> s.ops.addFragList(s.head2, s.members[Listed.MEMBERS - 1 - step]));
            if (r != RELEASED_FIRST && r != ON_ANOTHER_LIST) {
                s.through++; // went through, or refused for another reason: either is wrong here
            }
            return s.through;
        }

        @Override
        public int[] settle(Listed s) {
            int consistent = Races.consistent(s.ops);
            Races.freed(s.ops, s.head1);
            Races.freed(s.ops, s.head2);
            int live = 0;
            for (long m : s.members) {
                if (Races.users(s.ops, m) > 0) {
                    live++;
                    Races.freed(s.ops, m);
                }
            }
            return new int[] {live, consistent & instances.quietThenRecycle(s.ops)};
        }
    }

    /**
     * Two heads take the same member onto their frag_lists at once: one list gets it, the other is
     * refused (an skb is on one chain at a time), never both with one reference between them.
     * Observations: each add's result, then {@link OnHeads#settle}'s.
     */
    public static final class TwoListsTakeOneMember extends OnHeads {
        public TwoListsTakeOneMember(Supplier<SkbOps> subject) {
            super(subject);
        }

        @Override
        public int act(Heads s, int actor, int step) {
            return result(() -> s.ops.addFragList(actor == 0 ? s.head1 : s.head2, s.member));
        }
    }
}
