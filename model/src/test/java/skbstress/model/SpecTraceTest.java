package skbstress.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Traces every id of {@code specs/}: the model checks each invariant (I-), a test names every invariant,
 * every implementation property (P-) and every external conformance case (C-, specs/conformance.md), and
 * nothing in the code names an id that the specs lack. Also
 * keeps the specs' "Tests:" references pointing at real tests.
 *
 * <p>What "a test names an id" means ({@link #idsNamedByChecks}): in a file under
 * {@code <module>/src/test/java}, with its comments (line, block and Javadoc) removed, the id is in a
 * string literal that stands
 * <ol>
 * <li>in an assertion: from a call of {@code assert...(} or {@code fail(} to the {@code ;} that ends its
 *     statement (an AssertJ chain with its {@code as(...)} description and expected values);
 * <li>in the arguments of {@code @DisplayName(...)} or {@code dynamicTest(...)}, the name of a test; or
 * <li>in the arguments of a call of a method declared in the same file whose body asserts (contains 1,
 *     or calls another such method), as {@code broken("I-GEOM-1", state)}.
 * </ol>
 * An id in a comment, or in a literal that is only data ({@code List.of("I-USERS-2")}), does not count.
 */
class SpecTraceTest {
    /** Where the model's checks live: InvariantChecker runs one rules class per spec file. */
    private static final Path CHECKS = Path.of("model/src/main/java/skbstress/model");
    /** Each spec file that defines invariants, and the rules class that checks them. */
    private static final Map<String, String> RULES = Map.ofEntries(Map.entry("geometry.md", "GeometryRules"),
            Map.entry("users.md", "UsersRules"), Map.entry("dataref.md", "DatarefRules"),
            Map.entry("fclone.md", "FcloneRules"), Map.entry("frags.md", "FragsRules"),
            Map.entry("zerocopy.md", "ZeroCopyRules"), Map.entry("pageflip.md", "PageFlipRules"),
            Map.entry("slab.md", "SlabRules"), Map.entry("socket.md", "SocketRules"), Map.entry("ext.md", "ExtRules"),
            Map.entry("segment.md", "SegmentRules"),
            Map.entry("napi.md", "NapiRules"),
            Map.entry("pagepool.md", "PagePoolRules"));
    private static final Pattern ASSERTION = Pattern.compile("\\b(?:assert\\w*|fail)\\s*\\(");
    private static final Pattern CALL = Pattern.compile("\\b(\\w+)\\s*\\(");
    /** A method (or constructor) declaration up to its body's brace; parameters without parentheses only. */
    private static final Pattern DECLARATION =
            Pattern.compile("\\b(\\w+)\\s*\\([^()]*\\)\\s*(?:throws\\s+[\\w.,\\s]+?)?\\{");
    private static final Set<String> NOT_METHODS = Set.of("if", "for", "while", "switch", "catch", "synchronized",
            "try");
    private static final Set<String> TEST_NAMES = Set.of("DisplayName", "dynamicTest");

    @Test
    void specsDefineIdsInEveryArea() {
        Set<String> ids = SpecIds.defined();
        assertThat(ids).hasSizeGreaterThan(30);
        for (String area : List.of("GEOM", "USERS", "REF", "DATA", "FCLONE", "FRAG", "ZC", "ZCDRV", "FLIP", "SLAB",
                "DESTR", "SOCK", "EXT", "NAPI", "PP")) {
            assertThat(ids).as("area %s", area).anyMatch(id -> id.startsWith("I-" + area + "-"));
        }
    }

    /** specs/conformance.md: the external corpus keeps at least 40 cases, from every source it names. */
    @Test
    void conformanceCasesComeFromEverySource() {
        Set<String> cases = SpecIds.conformanceCases();
        assertThat(cases).as("external conformance cases in specs/conformance.md").hasSizeGreaterThanOrEqualTo(40);
        for (String source : List.of("LKDTM", "ZC", "SLUB", "DPDK", "NETTY")) {
            assertThat(cases).as("cases from %s", source).anyMatch(id -> id.startsWith("C-" + source + "-"));
        }
    }

    /**
     * Each invariant is checked in the rules class of the spec file that defines it: the class names the id
     * in a string literal of its code (the id a violation is reported under); its comments do not count.
     */
    @Test
    void everyInvariantHasACheckInItsSpecFilesRulesClass() {
        Set<String> missing = new TreeSet<>();
        for (Path spec : SpecIds.files(SpecIds.root().resolve("specs"), ".md")) {
            List<String> invariants = SpecIds.definedIn(spec).stream().filter(id -> id.startsWith("I-")).toList();
            if (invariants.isEmpty()) {
                continue;
            }
            String rules = RULES.get(spec.getFileName().toString());
            assertThat(rules).as("the rules class of %s (in RULES)", spec.getFileName()).isNotNull();
            Set<String> checked = idsInCode(SpecIds.read(SpecIds.root().resolve(CHECKS).resolve(rules + ".java")));
            for (String id : invariants) {
                if (!checked.contains(id)) {
                    missing.add(id + " (" + rules + ")");
                }
            }
        }
        assertThat(missing).as("ids in specs/ without a check in their spec file's rules class under %s", CHECKS)
                .isEmpty();
    }

    @Test
    void everyIdIsNamedByATest() {
        Set<String> named = new LinkedHashSet<>();
        for (Path dir : SpecIds.sourceDirs("test")) {
            for (Path f : SpecIds.files(dir, ".java")) {
                named.addAll(idsNamedByChecks(SpecIds.read(f)));
            }
        }
        Set<String> missing = new TreeSet<>(SpecIds.defined());
        missing.removeAll(named);
        assertThat(missing).as("ids in specs/ that no test names in an assertion, a test name or a call of a "
                + "method that asserts (a comment does not count)").isEmpty();
    }

    /** A check names its id in code: a comment or Javadoc naming it is not a check. */
    @Test
    void aChecksIdIsALiteralOfItsCode() {
        String one = "I-" + "RULE-1";
        assertThat(idsInCode("/** ID */ class R { // ID\n void c() { /* ID */ } }".replace("ID", one)))
                .as("in Javadoc, a line and a block comment").isEmpty();
        assertThat(idsInCode("class R { void c() { if (x) { fail(\"ID\", \"broken\"); } } }".replace("ID", one)))
                .as("as the id of a failure").containsExactly(one);
    }

    /** The rule on small sources: ids are written "I-" + "RULE-n" so that this file names no unknown id. */
    @Test
    void onlyTestCodeThatChecksAnIdNamesIt() {
        String one = "I-" + "RULE-1";
        assertThat(idsNamedByChecks(("// ID is checked here\n@Test void t() { assertThat(1).isEqualTo(1); }")
                .replace("ID", one))).as("in a line comment").isEmpty();
        assertThat(idsNamedByChecks("/** ID */ @Test void t() { /* ID */ assertThat(1).isOne(); }".replace("ID", one)))
                .as("in Javadoc and a block comment").isEmpty();
        assertThat(idsNamedByChecks("@Test void t() { List<String> l = List.of(\"ID\"); assertThat(l).hasSize(1); }"
                .replace("ID", one))).as("in a literal that is only data").isEmpty();
        assertThat(idsNamedByChecks("@Test void t() { String s = \"// ID\"; }".replace("ID", one)))
                .as("in a literal of a statement that checks nothing").isEmpty();
        assertThat(idsNamedByChecks("@Test void t() { // don't \"ID\"\n assertThat(1).isOne(); }".replace("ID", one)))
                .as("in a comment that quotes it").isEmpty();

        assertThat(idsNamedByChecks("@Test void t() { assertThat(x).as(\"see http://x ID\").isTrue(); }"
                .replace("ID", one))).as("in an assertion's description").containsExactly(one);
        assertThat(idsNamedByChecks("@Test void t() {\n assertThat(e.invariant())\n .isEqualTo(\"ID\");\n}"
                .replace("ID", one))).as("as an assertion's expected value").containsExactly(one);
        assertThat(idsNamedByChecks("@DisplayName(\"ID holds\") @Test void t() { assertThat(1).isOne(); }"
                .replace("ID", one))).as("in a test's name").containsExactly(one);
        String conformance = "C-" + "RULE-2";
        assertThat(idsNamedByChecks("Stream<DynamicTest> t() { return s.map(x -> dynamicTest(\"ID on \" + x, r)); }"
                .replace("ID", conformance))).as("a conformance case in a dynamic test's name")
                .containsExactly(conformance);
        assertThat(idsNamedByChecks(("private void expect(String id) { assertThatThrownBy(() -> run())"
                + ".hasMessageContaining(id); }\nprivate void broken(String id) { expect(id); }\n"
                + "@Test void t() { cases.put(\"ID\", () -> broken(\"ID\")); }").replace("ID", one)))
                .as("passed to a method that asserts, through another").containsExactly(one);
        assertThat(idsNamedByChecks(("private void note(String id) { log.add(id); }\n"
                + "@Test void t() { note(\"ID\"); assertThat(log).hasSize(1); }").replace("ID", one)))
                .as("passed to a method that does not assert").isEmpty();
    }

    @Test
    void codeNamesOnlyIdsTheSpecsDefine() {
        Set<String> defined = SpecIds.defined();
        Map<String, Path> unknown = new HashMap<>();
        for (String kind : List.of("main", "test")) {
            for (Path dir : SpecIds.sourceDirs(kind)) {
                for (Path f : SpecIds.files(dir, ".java")) {
                    for (String id : SpecIds.idsIn(f)) {
                        if (!defined.contains(id)) {
                            unknown.put(id, f);
                        }
                    }
                }
            }
        }
        assertThat(unknown).as("ids named in code but not defined in specs/").isEmpty();
    }

    @Test
    void testsNamedInTheSpecsExist() {
        Pattern ref = Pattern.compile("`?(\\w+(?:Contract|Test))\\.(\\w+)`?");
        Map<String, String> sources = new HashMap<>();
        for (Path dir : SpecIds.sourceDirs("test")) {
            for (Path f : SpecIds.files(dir, ".java")) {
                String name = f.getFileName().toString().replace(".java", "");
                sources.put(name, SpecIds.read(f));
            }
        }
        Set<String> broken = new TreeSet<>();
        int checkedRefs = 0;
        Pattern bare = Pattern.compile("`(\\w+)`");
        for (Path spec : SpecIds.files(SpecIds.root().resolve("specs"), ".md")) {
            boolean inTests = false;
            String cls = null;
            for (String line : SpecIds.read(spec).split("\n")) {
                inTests = line.contains("- Tests:") || (inTests && line.startsWith("  "));
                if (!inTests) {
                    continue;
                }
                for (String part : line.split(",")) {
                    Matcher m = ref.matcher(part);
                    Matcher b = bare.matcher(part);
                    String method;
                    if (m.find()) {
                        cls = m.group(1);
                        method = m.group(2);
                    } else if (b.find() && (b.group(1).endsWith("Test") || b.group(1).endsWith("Contract"))) {
                        if (!sources.containsKey(b.group(1))) {
                            broken.add(spec.getFileName() + ": " + b.group(1));
                        }
                        continue;
                    } else if (cls != null && b.find(0)) {
                        method = b.group(1);
                    } else {
                        continue;
                    }
                    String src = sources.get(cls);
                    checkedRefs++;
                    if (src == null || !src.contains(" " + method + "(")) {
                        broken.add(spec.getFileName() + ": " + cls + "." + method);
                    }
                }
            }
        }
        assertThat(broken).as("tests named in specs/ that do not exist").isEmpty();
        assertThat(checkedRefs).as("test references read from specs/").isGreaterThan(60);
    }

    // ---------------------------------------------------------------- the rule

    /** The ids in the string literals of {@code source}, outside its comments. */
    static Set<String> idsInCode(String source) {
        List<int[]> literals = new ArrayList<>();
        blankCommentsAndLiterals(source, literals);
        Set<String> out = new LinkedHashSet<>();
        for (int[] lit : literals) {
            Matcher m = SpecIds.ID.matcher(source.substring(lit[0], lit[1]));
            while (m.find()) {
                out.add(m.group());
            }
        }
        return out;
    }

    /** The ids that test source {@code source} names in code that checks them (the rule in the class comment). */
    static Set<String> idsNamedByChecks(String source) {
        List<int[]> literals = new ArrayList<>();
        String code = blankCommentsAndLiterals(source, literals);
        List<int[]> spans = new ArrayList<>();
        Matcher a = ASSERTION.matcher(code);
        while (a.find()) {
            spans.add(new int[] {a.start(), statementEnd(code, a.end())});
        }
        Set<String> checking = methodsThatAssert(code);
        Matcher c = CALL.matcher(code);
        while (c.find()) {
            if (TEST_NAMES.contains(c.group(1)) || checking.contains(c.group(1))) {
                spans.add(new int[] {c.end(), closing(code, c.end() - 1)});
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (int[] lit : literals) {
            if (spans.stream().anyMatch(sp -> sp[0] <= lit[0] && lit[1] <= sp[1])) {
                Matcher m = SpecIds.ID.matcher(source.substring(lit[0], lit[1]));
                while (m.find()) {
                    out.add(m.group());
                }
            }
        }
        return out;
    }

    /**
     * {@code source} with comments and the contents of string and char literals replaced by spaces (line
     * breaks and offsets kept), so that structure can be read without being fooled by either; the
     * contents' ranges of the string literals go to {@code literals}.
     */
    static String blankCommentsAndLiterals(String source, List<int[]> literals) {
        char[] code = source.toCharArray();
        int n = source.length();
        int i = 0;
        while (i < n) {
            char ch = source.charAt(i);
            int end;
            if (source.startsWith("//", i)) {
                end = source.indexOf('\n', i);
                end = end < 0 ? n : end;
                blank(code, i, end);
            } else if (source.startsWith("/*", i)) {
                end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                blank(code, i, end);
            } else if (source.startsWith("\"\"\"", i)) { // a text block
                end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end;
                literals.add(new int[] {i + 3, end});
                blank(code, i + 3, end);
                end = Math.min(n, end + 3);
            } else if (ch == '"' || ch == '\'') {
                end = i + 1;
                while (end < n && source.charAt(end) != ch && source.charAt(end) != '\n') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end, n);
                if (ch == '"') {
                    literals.add(new int[] {i + 1, end});
                }
                blank(code, i + 1, end);
                end = Math.min(n, end + 1);
            } else {
                end = i + 1;
            }
            i = end;
        }
        return new String(code);
    }

    private static void blank(char[] code, int from, int to) {
        for (int k = from; k < to; k++) {
            if (code[k] != '\n') {
                code[k] = ' ';
            }
        }
    }

    /**
     * Where the statement that an assertion call opens at {@code from} (just past its parenthesis) ends:
     * its {@code ;}, or the bracket that closes what encloses it (a lambda's expression body), or a block
     * opened at its own level (then it was a declaration, not a call).
     */
    private static int statementEnd(String code, int from) {
        int depth = 1;
        for (int k = from; k < code.length(); k++) {
            char ch = code.charAt(k);
            if (ch == '(' || ch == '[' || ch == '{') {
                if (ch == '{' && depth == 0) {
                    return k;
                }
                depth++;
            } else if (ch == ')' || ch == ']' || ch == '}') {
                if (--depth < 0) {
                    return k;
                }
            } else if (ch == ';' && depth == 0) {
                return k;
            }
        }
        return code.length();
    }

    /** The parenthesis that closes the one at {@code open}. */
    private static int closing(String code, int open) {
        int depth = 0;
        for (int k = open; k < code.length(); k++) {
            char ch = code.charAt(k);
            if (ch == '(') {
                depth++;
            } else if (ch == ')' && --depth == 0) {
                return k;
            }
        }
        return code.length();
    }

    /** Methods declared in {@code code} whose bodies assert, directly or through another such method. */
    private static Set<String> methodsThatAssert(String code) {
        Map<String, StringBuilder> bodies = new HashMap<>();
        Matcher d = DECLARATION.matcher(code);
        while (d.find()) {
            if (!NOT_METHODS.contains(d.group(1))) {
                int open = d.end() - 1;
                bodies.computeIfAbsent(d.group(1), k -> new StringBuilder()).append(code, open, braceEnd(code, open));
            }
        }
        Set<String> asserting = new HashSet<>();
        for (boolean grew = true; grew; ) {
            grew = false;
            for (Map.Entry<String, StringBuilder> e : bodies.entrySet()) {
                if (!asserting.contains(e.getKey()) && (ASSERTION.matcher(e.getValue()).find()
                        || CALL.matcher(e.getValue()).results().anyMatch(m -> asserting.contains(m.group(1))))) {
                    asserting.add(e.getKey());
                    grew = true;
                }
            }
        }
        return asserting;
    }

    private static int braceEnd(String code, int open) {
        int depth = 0;
        for (int k = open; k < code.length(); k++) {
            char ch = code.charAt(k);
            if (ch == '{') {
                depth++;
            } else if (ch == '}' && --depth == 0) {
                return k + 1;
            }
        }
        return code.length();
    }
}
