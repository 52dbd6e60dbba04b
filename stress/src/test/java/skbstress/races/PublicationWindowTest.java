package skbstress.races;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import skbstress.canary.Depots;
import skbstress.canary.FreeList;

/**
 * The window {@code BrokenSlab_04_LinkAfterPublish} has and the real depot has not, stepped through on one
 * thread: the allocator's refill runs at the moment the freer's push writes the freed object's link. jcstress
 * finds the same window by timing; here it is forced, so the difference does not depend on luck.
 */
class PublicationWindowTest {
    /** The race's links, except that a push's first write of object B's link first runs {@code refill}. */
    private static final class RefillWhileLinking implements Depots.Links {
        private Depots.Links links;
        Runnable refill;

        @Override
        public int getNextOpaque(int index) {
            return links.getNextOpaque(index);
        }

        @Override
        public void setNextOpaque(int index, int next) {
            Runnable r = refill;
            if (index == SlabRaces.Freed.B && r != null) {
                refill = null;
                r.run();
            }
            links.setNextOpaque(index, next);
        }

        @Override
        public boolean valid(int index) {
            return links.valid(index);
        }
    }

    /** What the allocator's batch held, and whether A and B were each accounted for once afterwards. */
    private static int[] freeWithRefillInside(Function<Depots.Links, FreeList> kind) {
        RefillWhileLinking links = new RefillWhileLinking();
        SlabRaces.Freed s = new SlabRaces.Freed(raceLinks -> {
            links.links = raceLinks;
            return kind.apply(links);
        });
        SlabRaces.Publication race = new SlabRaces.Publication(Depots::real);
        int[] batch = new int[1];
        links.refill = () -> batch[0] = race.act(s, 1, 0);
        race.act(s, 0, 0);
        return new int[] {batch[0], race.settle(s)[0]};
    }

    @Test
    void theRealDepotLinksBeforeItPublishes() {
        assertThat(freeWithRefillInside(Depots::real)).as("batch, all accounted once")
                .containsExactly(1, 1);
    }

    @Test
    void theCanarysDepotLosesAnObjectToARefillBetweenPublishAndLink() {
        assertThat(freeWithRefillInside(Depots::linkAfterPublish)).as("batch, all accounted once")
                .containsExactly(2, 0);
    }
}
