package skbstress.mutation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import skbstress.mutation.MutantSources.Hunk;
import skbstress.mutation.MutantSources.Mutant;

/**
 * The concurrency mutation operators: each finds its sites in the implementation's sources, line by line,
 * and makes one mutant per site (one changed line, or two swapped), so that every mutant reads as a
 * one-line diff. A site that does not compile once mutated is "stillborn" and is reported as such, not
 * counted. The operators:
 * <ul>
 *   <li>{@code lost-update}: an atomic read-modify-write (getAndAdd, getAndSet, increment, decrement)
 *       becomes a plain read then a plain write ({@link MutantOps});</li>
 *   <li>{@code split-cas}: a compare-and-set becomes a compare, then a set;</li>
 *   <li>{@code check-then-act}: the decision moves from the atomic's returned value to a later re-read of
 *       the variable (only where the result is used: elsewhere it would be equivalent);</li>
 *   <li>{@code weaker-order}: a VarHandle access one step weaker (volatile to release/acquire, release/
 *       acquire to opaque, opaque to plain);</li>
 *   <li>{@code no-bump}: a tag, generation or sequence bump removed;</li>
 *   <li>{@code early-release}: a release store (a VarHandle's, or a call of a {@code set...Release}
 *       accessor) moved before the write just above it, which it publishes;</li>
 *   <li>{@code off-by-one}: a bound check against a limit ({@code <} against {@code <=}, {@code >} against
 *       {@code >=}).</li>
 *   <li>{@code per-reference}: an exactly-once action (a callback made due, a completion, a release) that
 *       a last-reference test guards ({@code if (count == 0)} or {@code == 1}, a count an atomic
 *       returned or a volatile read) moved above the test, so that it runs at every reference's drop.</li>
 * </ul>
 * The hand-written canaries completion-per-release and free-function-per-slice are instances of the
 * last operator at sites its pattern does not reach (a drop per slice, a drop per shared info).
 */
public final class Operators {
    private Operators() {}

    public static final List<String> NAMES = List.of("lost-update", "split-cas", "check-then-act", "weaker-order",
            "no-bump", "early-release", "off-by-one", "per-reference");

    private static final String OPS = "skbstress.mutation.MutantOps.";
    private static final Pattern VAR_HANDLE = Pattern.compile("VarHandle\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*[=;]");
    private static final Pattern ATOMIC = Pattern.compile(
            "Atomic(?:Integer|Long|Boolean|Reference|ReferenceArray)(?:<[^=;()]*>)?\\s+([a-z][A-Za-z0-9_]*)\\s*[=;]");
    private static final Pattern RECEIVER_CALL = Pattern.compile(
            "\\b((?:[A-Za-z_][A-Za-z0-9_]*\\.)*([A-Za-z_][A-Za-z0-9_]*))\\.([a-zA-Z]+)\\(");
    private static final Pattern BUMP = Pattern.compile(" \\+ (1L?|[A-Z_]*STEP)\\b");
    private static final Pattern BUMPED = Pattern.compile("(?i)(gen|tag|seq|life|epoch|key|dead)");
    private static final Pattern BOUND_LINE = Pattern.compile("^\\s*(if|while|for|return|} else if)\\b");
    private static final Pattern LIMIT = Pattern.compile("MAX|LIMIT|CAPACITY|[mM]ax[A-Z]|[lL]imit|[cC]apacity|[dD]epth|[bB]ound");
    private static final Pattern COMPARISON = Pattern.compile(" (<=|>=|<|>) ");
    /** A last-reference test on a count a call returned, as {@code if (x.unref() == 0)}; a comment may follow. */
    private static final Pattern LAST_REFERENCE = Pattern.compile("^\\s*if \\(.*\\) == [01]\\) \\{\\s*(//.*)?$");
    /** One call as a statement: no assignment, no return. */
    private static final Pattern CALL_STATEMENT = Pattern.compile("^\\s*[A-Za-z_][\\w.]*\\([^;]*\\);\\s*(//.*)?$");

    private static final Map<String, String> WEAKER = Map.of("getVolatile", "getAcquire", "setVolatile", "setRelease",
            "getAcquire", "getOpaque", "setRelease", "setOpaque", "getOpaque", "get", "setOpaque", "set");

    /** A method declaration whose name ends in ForTest; group 1 is its indentation. */
    private static final Pattern TEST_HOOK = Pattern.compile("^(\\s+)[\\w<>\\[\\], ]+ \\w+ForTest\\(.*\\{\\s*$");

    /** Every operator's mutants of {@code sources} (relative path to text), in file and line order. */
    public static List<Mutant> all(Map<String, String> sources) {
        Set<String> handles = new LinkedHashSet<>();
        Set<String> atomics = new LinkedHashSet<>();
        for (String text : sources.values()) {
            collect(VAR_HANDLE, text, handles);
            collect(ATOMIC, text, atomics);
        }
        List<Mutant> out = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            String[] lines = e.getValue().split("\n", -1);
            String hookEnd = null; // the closing line of the test hook being skipped
            for (int i = 0; i < lines.length; i++) {
                if (hookEnd != null) {
                    hookEnd = lines[i].equals(hookEnd) ? null : hookEnd;
                    continue;
                }
                Matcher hook = TEST_HOOK.matcher(lines[i]);
                if (hook.find()) { // tests' own hooks (ageForTest): no production path runs them
                    hookEnd = lines[i].trim().endsWith("}") ? null : hook.group(1) + "}";
                    continue;
                }
                if (isComment(lines[i])) {
                    continue;
                }
                sites(e.getKey(), lines, i, handles, atomics, out);
            }
        }
        return out;
    }

    private static void sites(String file, String[] lines, int i, Set<String> handles, Set<String> atomics,
                              List<Mutant> out) {
        String line = lines[i];
        String code = code(line); // a site is found in code only, and a trailing comment changes no decision
        Matcher m = RECEIVER_CALL.matcher(code);
        while (m.find()) {
            String receiver = m.group(1);
            String name = m.group(2);
            String method = m.group(3);
            boolean handle = handles.contains(name);
            boolean atomic = !handle && atomics.contains(name);
            if (!handle && method.matches("set[A-Z]\\w*Release") && code.substring(0, m.start()).isBlank()) {
                earlyRelease(file, lines, i, receiver + "." + method, out); // a release accessor's call site
            }
            if (!handle && !atomic) {
                continue;
            }
            String before = line.substring(0, m.start());
            String after = line.substring(m.end());
            boolean used = !(before.isBlank() && code.trim().endsWith(");"));
            String call = handle ? OPS + "%s(" + receiver + ", " : OPS + "%s(" + receiver + (after.startsWith(")") ? "" : ", ");
            switch (method) {
                case "getAndAdd", "getAndSet", "getAndIncrement", "incrementAndGet", "decrementAndGet" -> {
                    if (handle && method.equals("getAndSet")) {
                        break; // no VarHandle getAndSet in the helpers: none in the implementation either
                    }
                    add(out, "lost-update", file, i, line, before + call.formatted(method) + after,
                            method + " of " + name + " as a plain read, then a plain write");
                    if (used) {
                        add(out, "check-then-act", file, i, line, before + call.formatted(method + "Reread") + after,
                                "the result of " + name + "." + method + " taken from a later re-read");
                    }
                }
                case "compareAndSet" -> {
                    add(out, "split-cas", file, i, line, before + call.formatted("compareAndSet") + after,
                            "compareAndSet of " + name + " as a compare, then a set");
                    if (used) {
                        add(out, "check-then-act", file, i, line, before + call.formatted("compareAndSetReread")
                                + after, "the success of " + name + ".compareAndSet taken from a later re-read");
                    }
                }
                default -> {
                    String weaker = WEAKER.get(method);
                    if (handle && weaker != null) {
                        add(out, "weaker-order", file, i, line, before + receiver + "." + weaker + "(" + after,
                                name + "." + method + " weakened to " + weaker);
                    }
                    if (handle && (method.equals("setRelease") || method.equals("setVolatile")) && before.isBlank()) {
                        earlyRelease(file, lines, i, name, out);
                    }
                }
            }
        }
        Matcher b = BUMP.matcher(code);
        if (b.find() && BUMPED.matcher(code.substring(0, b.start())).find()) {
            add(out, "no-bump", file, i, line, line.substring(0, b.start()) + line.substring(b.end()),
                    "the bump '" + b.group().trim() + "' removed");
        }
        if (LAST_REFERENCE.matcher(code).find() && i + 1 < lines.length
                && CALL_STATEMENT.matcher(code(lines[i + 1])).find()) {
            String action = lines[i + 1].trim();
            out.add(new Mutant(id("per-reference", file, i), "'" + action + "' run at every reference's drop, "
                    + "not at the last one's", "", "per-reference", List.of(new Hunk(file, i + 1,
                    line + "\n" + lines[i + 1] + "\n", indent(line) + action + "\n" + line + "\n"))));
        }
        if (BOUND_LINE.matcher(code).find() && LIMIT.matcher(code).find()) {
            Matcher c = COMPARISON.matcher(code);
            while (c.find()) {
                String op = c.group(1);
                String flipped = switch (op) {
                    case "<" -> "<=";
                    case "<=" -> "<";
                    case ">" -> ">=";
                    default -> ">";
                };
                add(out, "off-by-one", file, i, line, line.substring(0, c.start()) + " " + flipped + " "
                        + line.substring(c.end()), "'" + op + "' as '" + flipped + "'");
            }
        }
    }

    /** The release store at line {@code i} swapped with the statement above it, when that is one line. */
    private static void earlyRelease(String file, String[] lines, int i, String name, List<Mutant> out) {
        int j = i - 1;
        while (j >= 0 && (lines[j].isBlank() || isComment(lines[j]))) {
            j--;
        }
        if (j < 0 || !code(lines[j]).trim().endsWith(";") || !code(lines[i]).trim().endsWith(";")
                || lines[j].trim().startsWith("return") || !indent(lines[j]).equals(indent(lines[i]))) {
            return;
        }
        StringBuilder original = new StringBuilder();
        StringBuilder swapped = new StringBuilder(lines[i]).append('\n');
        for (int k = j; k <= i; k++) {
            original.append(lines[k]).append('\n');
            if (k > j && k < i) {
                swapped.append(lines[k]).append('\n');
            }
        }
        swapped.append(lines[j]).append('\n');
        out.add(new Mutant(id("early-release", file, j), "the release store of " + name + " moved above the write "
                + "it publishes", "", "early-release", List.of(new Hunk(file, j + 1, original.toString(),
                swapped.toString()))));
    }

    private static void add(List<Mutant> out, String operator, String file, int i, String line, String mutated,
                            String about) {
        String id = id(operator, file, i);
        long same = out.stream().filter(x -> x.id().equals(id) || x.id().startsWith(id + "-")).count(); // two sites on one line
        out.add(new Mutant(same == 0 ? id : id + "-" + (same + 1), about, "", operator,
                List.of(new Hunk(file, i + 1, line + "\n", mutated + "\n"))));
    }

    /** {@code <operator>-<Class>-<line>}: stable while the line does not move. */
    static String id(String operator, String file, int i) {
        String cls = file.substring(file.lastIndexOf('/') + 1).replace(".java", "");
        return operator + "-" + cls + "-" + (i + 1);
    }

    /** The line without a trailing {@code //} comment (one outside a string literal). */
    static String code(String line) {
        boolean quoted = false;
        for (int k = 0; k < line.length(); k++) {
            char ch = line.charAt(k);
            if (ch == '"' && (k == 0 || line.charAt(k - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && ch == '/' && k + 1 < line.length() && line.charAt(k + 1) == '/') {
                return line.substring(0, k).stripTrailing();
            }
        }
        return line;
    }

    private static boolean isComment(String line) {
        String t = line.trim();
        return t.startsWith("//") || t.startsWith("*") || t.startsWith("/*");
    }

    private static String indent(String line) {
        return line.substring(0, line.length() - line.stripLeading().length());
    }

    private static void collect(Pattern p, String text, Set<String> into) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }
}
