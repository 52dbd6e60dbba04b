package skbstress.diff;

import java.util.Random;
import skbstress.diff.Population.Kind;

/**
 * What a step's generator draws its arguments from: the run's random numbers, five raw numbers drawn for
 * every step (whether it uses them or not, so that one step's arguments never shift the next step's
 * draws), and references to the handles alive now.
 */
final class Draw {
    /** A reference to the step that created a handle of {@code kind} picked by {@code raw}, or NONE. */
    @FunctionalInterface
    interface Picker {
        int ref(Kind kind, int raw);
    }

    private final Random random;
    private final int[] raw = new int[5];
    private final Picker picker;

    Draw(Random random, Picker picker) {
        this.random = random;
        this.picker = picker;
        for (int i = 0; i < raw.length; i++) {
            raw[i] = random.nextInt(1 << 20);
        }
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    int raw(int i) {
        return raw[i];
    }

    int ref(Kind kind, int i) {
        return picker.ref(kind, raw[i]);
    }

    int skb() {
        return ref(Kind.SKB, 0);
    }

    int skb2() {
        return ref(Kind.SKB, 1);
    }

    int page() {
        return ref(Kind.PAGE, 1);
    }
}
