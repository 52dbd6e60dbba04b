package skbstress.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every memory-ordered access in the implementation says why its order is enough, at the access (package-info's
 * vocabulary): a comment holding {@code release:}, {@code acquire:} or {@code racy but benign:} followed by the
 * reason. An access is
 * <ul>
 *   <li>a call on a {@code VarHandle} field of the file ({@code STATE.getAcquire(this)}); its comment may also be
 *       the one above the accessor method it is the body of, when the method is at most three lines long;</li>
 *   <li>a call of a method whose name carries an access mode ({@code getStateAcquire()},
 *       {@code setPinsRelease(..)}, {@code getNextOpaque(..)}, {@code getPinsVolatile()}, {@code compareAndSet..},
 *       {@code getAndAdd..}, {@code getAndBitwise..}, {@code getAndSet..}), outside that method's own declaration.</li>
 * </ul>
 * The comment counts on the access's line, on a line the same statement spans above it, or in the comment block
 * directly above the statement.
 */
class OrderingCommentsTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern HANDLE_FIELD = Pattern.compile("\\bVarHandle\\s+([A-Z][A-Z0-9_]*)\\b");
    private static final Pattern HANDLE_CALL = Pattern.compile("\\b([A-Z][A-Z0-9_]*)\\.(get|set|getAcquire|setRelease"
            + "|getOpaque|setOpaque|getVolatile|setVolatile|compareAndSet|compareAndExchange\\w*|weakCompareAndSet\\w*"
            + "|getAndAdd\\w*|getAndSet\\w*|getAndBitwise\\w*)\\s*\\(");
    private static final Pattern MODE_CALL = Pattern.compile("\\b([a-z]\\w*(?:Acquire|Release|Opaque|Volatile)"
            + "|compareAndSet\\w*|weakCompareAndSet\\w*|getAndAdd\\w*|getAndSet\\w*|getAndBitwise\\w*)\\s*\\(");
    private static final Pattern DECLARATION = Pattern.compile(
            "^\\s*(?:@\\w+\\s+)*(?:(?:public|protected|private|static|final|synchronized)\\s+)*[\\w<>\\[\\],.? ]+\\s+"
                    + "(\\w+)\\s*\\([^()]*\\)\\s*(?:throws\\s+[\\w.,\\s]+)?\\{\\s*(?://.*)?$");
    /** Names that end in a mode's word without being accessors: the kernel's "release" of a thing, a hook. */
    private static final Set<String> NOT_ACCESSORS = Set.of("onRelease", "headerRelease", "driverDoubleRelease");
    /** One of the three tags, then a reason of at least three words. */
    static final Pattern TAG = Pattern.compile("\\b(?:release|acquire|racy but benign):\\s*\\S+\\s+\\S+\\s+\\S+",
            Pattern.CASE_INSENSITIVE);

    @Test
    void everyOrderedAccessInTheImplementationSaysWhy() throws IOException {
        List<String> missing = new ArrayList<>();
        int accesses = 0;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                List<Finding> found = check(Files.readAllLines(f));
                accesses += found.size();
                found.stream().filter(x -> !x.commented)
                        .forEach(x -> missing.add(SOURCES.relativize(f) + ":" + x.line + ": " + x.text));
            }
        }
        assertThat(accesses).as("accesses found (a pattern that finds none checks nothing)").isGreaterThan(300);
        assertThat(missing).as("ordered accesses without a release:/acquire:/racy but benign: comment").isEmpty();
    }

    @Test
    void theCheckFlagsAnUncommentedAccessAndAcceptsEachPlaceOfAComment() {
        List<String> src = List.of(
                "final class X {",
                "    private static final VarHandle STATE;",
                "    long getStateAcquire() {",                                       // 3: declaration, not a call
                "        return (long) STATE.getAcquire(this);",                      // 4: bare
                "    }",
                "    /** Acquire: pairs with the releaser's store of the word. */",
                "    void setStateRelease(long w) {",
                "        STATE.setRelease(this, w);",                                 // 8: javadoc of accessor
                "    }",
                "    void run() {",
                "        long w = getStateAcquire();",                                 // 11: bare call
                "        long v = getStateAcquire(); // acquire: pairs with the free's release",  // 12: trailing
                "        // racy but benign: a stale read only",
                "        // costs one more loop turn",
                "        long u = getStateAcquire();",                                 // 15: block above
                "        boolean b = check(w,",
                "                getStateAcquire()); // release: this statement's comment", // 17: same statement
                "        long p = getStatePlain(); // plain read: not an access",     // 18: not an access
                "        // acquire:",
                "        long q = getStateAcquire();",                                 // 20: a tag without reason
                "    }",
                "}");
        List<Finding> found = check(src);
        assertThat(found).extracting(x -> x.line).containsExactly(4, 8, 11, 12, 15, 17, 20);
        assertThat(found).filteredOn(x -> !x.commented).extracting(x -> x.line).containsExactly(4, 11, 20);
    }

    record Finding(int line, String text, boolean commented) {}

    /** The ordered accesses of one source file, each with whether a tagged comment covers it. */
    static List<Finding> check(List<String> lines) {
        Set<String> handles = new HashSet<>();
        for (String l : lines) {
            Matcher m = HANDLE_FIELD.matcher(code(l));
            while (m.find()) {
                handles.add(m.group(1));
            }
        }
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String code = code(lines.get(i));
            if (code.isBlank()) {
                continue;
            }
            boolean handleCall = false;
            Matcher h = HANDLE_CALL.matcher(code);
            while (h.find()) {
                handleCall |= handles.contains(h.group(1));
            }
            Matcher d = DECLARATION.matcher(lines.get(i));
            String declared = d.find() ? d.group(1) : null;
            boolean modeCall = false;
            Matcher m = MODE_CALL.matcher(code);
            while (m.find()) {
                // the handle's own mode methods are handle calls; a declaration's name is not a call
                boolean onHandle = m.start() > 0 && code.charAt(m.start() - 1) == '.'
                        && HANDLE_CALL.matcher(code.substring(0, m.end())).find();
                modeCall |= !onHandle && !m.group(1).equals(declared) && !NOT_ACCESSORS.contains(m.group(1));
            }
            if (handleCall || modeCall) {
                boolean ok = tagged(statementComments(lines, i))
                        || handleCall && tagged(accessorComment(lines, i));
                out.add(new Finding(i + 1, lines.get(i).trim(), ok));
            }
        }
        return out;
    }

    private static boolean tagged(String comments) {
        return TAG.matcher(comments).find();
    }

    /** The line's trailing comment, those of the lines its statement spans above it, and the block above that. */
    private static String statementComments(List<String> lines, int i) {
        StringBuilder sb = new StringBuilder(comment(lines.get(i)));
        int j = i - 1;
        while (j >= 0 && !isComment(lines.get(j)) && !code(lines.get(j)).isBlank() && continues(lines.get(j))) {
            sb.append(' ').append(comment(lines.get(j)));
            j--;
        }
        return sb.append(' ').append(blockAbove(lines, j)).toString();
    }

    /** The comment above the method whose body holds line {@code i}, when that method has at most three lines. */
    private static String accessorComment(List<String> lines, int i) {
        for (int j = i - 1; j >= Math.max(0, i - 3); j--) {
            if (DECLARATION.matcher(lines.get(j)).find()) {
                int k = j - 1;
                while (k >= 0 && lines.get(k).trim().startsWith("@")) {
                    k--;
                }
                return blockAbove(lines, k);
            }
            if (code(lines.get(j)).trim().endsWith("}")) {
                return "";
            }
        }
        return "";
    }

    /** The contiguous comment lines ending at line {@code j} (a // run, or a block comment). */
    private static String blockAbove(List<String> lines, int j) {
        StringBuilder sb = new StringBuilder();
        while (j >= 0 && isComment(lines.get(j))) {
            sb.insert(0, lines.get(j).trim() + " ");
            j--;
        }
        return sb.toString();
    }

    private static boolean continues(String line) {
        String c = code(line).trim();
        return !(c.endsWith(";") || c.endsWith("{") || c.endsWith("}"));
    }

    private static boolean isComment(String line) {
        String t = line.trim();
        return t.startsWith("//") || t.startsWith("/*") || t.startsWith("*");
    }

    /** The line without its comment (a {@code //} outside a string literal) and without a comment line. */
    static String code(String line) {
        if (isComment(line)) {
            return "";
        }
        int c = commentStart(line);
        return c < 0 ? line : line.substring(0, c);
    }

    private static String comment(String line) {
        int c = commentStart(line);
        return c < 0 ? "" : line.substring(c);
    }

    private static int commentStart(String line) {
        boolean str = false;
        for (int k = 0; k < line.length(); k++) {
            char ch = line.charAt(k);
            if (ch == '"' && (k == 0 || line.charAt(k - 1) != '\\')) {
                str = !str;
            } else if (!str && ch == '/' && k + 1 < line.length() && line.charAt(k + 1) == '/') {
                return k;
            }
        }
        return -1;
    }
}
