package skbstress.diff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One step of a differential run: a {@link Step} and its integer arguments. A negative argument names
 * the step that created a handle ({@code -1} is step 0, {@code -2} step 1, ...; {@link Step#NONE},
 * {@code -2147483648}, names nothing), so that the shrinker can drop steps and renumber the references
 * of those it keeps. Text form: {@code name a b c}, steps separated by {@code ;}, e.g.
 * {@code allocSkb 1074 1; clone -1; free -2}.
 *
 * <p>An Op always fits its step (the right number of arguments, each of the kind its parameter takes);
 * {@link #parse} also checks that every reference names an earlier step. What does not fit is refused
 * with an IllegalArgumentException that names the offending token and where it is.
 */
public record Op(Step step, int[] args) {
    public Op {
        args = args.clone();
        String why = step.refuse(args);
        if (why != null) {
            throw new IllegalArgumentException("'" + text(step, args) + "': " + why);
        }
    }

    public int arg(int i) {
        return args[i];
    }

    @Override
    public int[] args() {
        return args.clone();
    }

    /** The step this argument names, or -1 when it names none (a number, or NONE). */
    int target(int i) {
        return step.param(i).role() == Param.Role.REFERENCE && args[i] != Step.NONE ? -args[i] - 1 : -1;
    }

    @Override
    public String toString() {
        return text(step, args);
    }

    private static String text(Step step, int[] args) {
        StringBuilder sb = new StringBuilder(step.text());
        for (int a : args) {
            sb.append(' ').append(a);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Op op && op.step == step && Arrays.equals(op.args, args);
    }

    @Override
    public int hashCode() {
        return step.hashCode() * 31 + Arrays.hashCode(args);
    }

    public static String format(List<Op> ops) {
        StringBuilder sb = new StringBuilder();
        for (Op op : ops) {
            sb.append(sb.length() == 0 ? "" : "; ").append(op);
        }
        return sb.toString();
    }

    /**
     * Parses the text form, refusing anything that is not a list of known steps with arguments that fit
     * them and references to earlier steps only. Steps are numbered from 0, arguments from 1, as the
     * messages say.
     */
    public static List<Op> parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the sequence has no steps (e.g. 'allocSkb 1074 1; clone -1; "
                    + "free -2')");
        }
        String[] parts = text.split(";", -1);
        List<Op> out = new ArrayList<>(parts.length);
        for (int k = 0; k < parts.length; k++) {
            out.add(parseStep(k, parts[k].trim()));
        }
        return out;
    }

    private static Op parseStep(int k, String part) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("step " + k + " is empty (steps are separated by one ';')");
        }
        String[] tokens = part.split("\\s+");
        Step step = Step.named(tokens[0]);
        if (step == null) {
            throw new IllegalArgumentException("step " + k + " '" + part + "': unknown step '" + tokens[0]
                    + "'; the steps are: " + Step.names());
        }
        int[] args = new int[tokens.length - 1];
        for (int i = 0; i < args.length; i++) {
            try {
                args[i] = Integer.parseInt(tokens[i + 1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("step " + k + " '" + part + "': argument " + (i + 1) + " '"
                        + tokens[i + 1] + "' is not an integer");
            }
        }
        Op op;
        try {
            op = new Op(step, args);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("step " + k + " " + e.getMessage(), e);
        }
        String why = laterReference(k, op);
        if (why != null) {
            throw new IllegalArgumentException("step " + k + " '" + part + "': " + why);
        }
        return op;
    }

    /** Why a reference of {@code op}, as step {@code k}, names a step not before it; or null. */
    static String laterReference(int k, Op op) {
        for (int i = 0; i < op.args.length; i++) {
            int target = op.target(i);
            if (target >= k) {
                return "argument " + (i + 1) + " '" + op.args[i] + "' names step " + target + ", which is not before "
                        + "step " + k + " (a reference names an earlier step: -1 is step 0)";
            }
        }
        return null;
    }

    /** Checks that every reference in {@code steps} names an earlier step. */
    static void checkReferences(List<Op> steps) {
        for (int k = 0; k < steps.size(); k++) {
            String why = laterReference(k, steps.get(k));
            if (why != null) {
                throw new IllegalArgumentException("step " + k + " '" + steps.get(k) + "': " + why);
            }
        }
    }
}
