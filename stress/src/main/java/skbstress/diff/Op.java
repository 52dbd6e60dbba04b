package skbstress.diff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One step of a differential run: an operation name and its integer arguments. A negative argument
 * names the step that created a handle ({@code -1} is step 0, {@code -2} step 1, ...;
 * {@code -2147483648} names nothing), so that the shrinker can drop steps and renumber the references
 * of those it keeps. Text form: {@code name a b c}, steps separated by {@code ;}, e.g.
 * {@code allocSkb 1074 1; clone -1; free -2}.
 */
public record Op(String name, int[] args) {
    public int arg(int i) {
        return args[i];
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name);
        for (int a : args) {
            sb.append(' ').append(a);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Op op && op.name.equals(name) && Arrays.equals(op.args, args);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(args);
    }

    public static String format(List<Op> ops) {
        StringBuilder sb = new StringBuilder();
        for (Op op : ops) {
            sb.append(sb.length() == 0 ? "" : "; ").append(op);
        }
        return sb.toString();
    }

    public static List<Op> parse(String text) {
        List<Op> out = new ArrayList<>();
        for (String step : text.split(";")) {
            String[] parts = step.trim().split("\\s+");
            if (parts.length == 0 || parts[0].isEmpty()) {
                continue;
            }
            int[] args = new int[parts.length - 1];
            for (int i = 1; i < parts.length; i++) {
                args[i - 1] = Integer.parseInt(parts[i]);
            }
            out.add(new Op(parts[0], args));
        }
        return out;
    }
}
