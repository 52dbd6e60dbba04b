package skbstress.impl.slab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The slab directory's growth protocol, one step at a time (the race of two publishers at a doubling is
 * Slab_05_GrowthAtDirectoryDoubling's, through a cache).
 */
class SlabDirectoryTest {

    /** The newest directory's length, read as the fields are: no accessor only a test would use. */
    private static int length(SlabDirectory d) throws ReflectiveOperationException {
        Field dirField = SlabDirectory.class.getDeclaredField("dir");
        dirField.setAccessible(true);
        Object dir = dirField.get(d);
        Field slabsField = dir.getClass().getDeclaredField("slabs");
        slabsField.setAccessible(true);
        return ((Slab[]) slabsField.get(dir)).length;
    }

    private static Slab slab(int base) {
        return new Slab(base, 1, null, 0L, null, null);
    }

    @Test
    void aSlabWithinTheDirectoryIsStoredInPlace() throws Exception {
        SlabDirectory d = new SlabDirectory(4, 64);
        Slab s = slab(3);
        d.publishSlab(3, s);
        assertThat(d.slabNumbered(3)).isSameAs(s);
        assertThat(d.slabNumbered(2)).as("never published").isNull();
        assertThat(d.slabNumbered(100)).as("past every directory").isNull();
        assertThat(length(d)).isEqualTo(4);
        assertThat(d.slabsPublished()).isEqualTo(1);
    }

    @Test
    void aSlabPastTheEndDoublesTheDirectoryAndKeepsEveryEarlierSlab() throws Exception {
        SlabDirectory d = new SlabDirectory(4, 64);
        Slab[] s = new Slab[6];
        for (int n = 0; n < s.length; n++) {
            s[n] = slab(n);
            d.publishSlab(n, s[n]);
        }
        assertThat(length(d)).as("4 doubled once").isEqualTo(8);
        for (int n = 0; n < s.length; n++) {
            assertThat(d.slabNumbered(n)).as("slab %d", n).isSameAs(s[n]);
        }
        assertThat(d.slabsPublished()).isEqualTo(6);
    }

    @Test
    void aSlabFarPastTheEndGrowsTheDirectoryToReachItAndNoFurtherThanTheMaximum() throws Exception {
        SlabDirectory d = new SlabDirectory(4, 20);
        d.publishSlab(12, slab(12));
        assertThat(length(d)).as("at least n + 1 when doubling is not enough").isEqualTo(13);
        d.publishSlab(19, slab(19));
        assertThat(length(d)).as("doubling capped at the maximum").isEqualTo(20);
        assertThat(d.slabsPublished()).isEqualTo(2);
    }

    @Test
    void aSlabNumberOutsideTheMaximumIsRefusedAndChangesNothing() throws Exception {
        SlabDirectory d = new SlabDirectory(4, 8);
        assertThatThrownBy(() -> d.publishSlab(8, slab(8))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.publishSlab(-1, slab(0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SlabDirectory(0, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThat(length(d)).isEqualTo(4);
        assertThat(d.slabsPublished()).isZero();
    }

    /**
     * A copier swapped in a longer directory, copied before a publisher stored slab 3 into the old one, and has not
     * re-scanned yet: the slab is only in the replaced directory. (Built by reflection: the window lies between two
     * statements of two threads.)
     */
    @Test
    void aSlabLeftOnlyInTheReplacedDirectoryIsFoundCountedAndCopiedForward() throws Exception {
        SlabDirectory d = new SlabDirectory(4, 64);
        Slab[] s = new Slab[4];
        for (int n = 0; n < 4; n++) {
            s[n] = slab(n);
            d.publishSlab(n, s[n]);
        }
        Field dirField = SlabDirectory.class.getDeclaredField("dir");
        dirField.setAccessible(true);
        Object old = dirField.get(d);
        Field slabsField = old.getClass().getDeclaredField("slabs");
        slabsField.setAccessible(true);
        Slab[] copied = Arrays.copyOf((Slab[]) slabsField.get(old), 8);
        copied[3] = null; // the copy was taken before slab 3 was stored
        Constructor<?> make = old.getClass().getDeclaredConstructor(Slab[].class, old.getClass());
        make.setAccessible(true);
        dirField.set(d, make.newInstance(copied, old));

        assertThat(d.slabsPublished()).as("counted through the directory it replaced").isEqualTo(4);
        assertThat(d.slabNumbered(3)).as("found by the walk back").isSameAs(s[3]);
        assertThat(copied[3]).as("and copied forward, as the re-scan would").isSameAs(s[3]);
        d.publishSlab(3, s[3]); // the publisher's re-check saw the new directory: it stores again, the same slab
        assertThat(d.slabNumbered(3)).isSameAs(s[3]);
        assertThat(d.slabsPublished()).isEqualTo(4);
        assertThat(length(d)).isEqualTo(8);
    }
}
