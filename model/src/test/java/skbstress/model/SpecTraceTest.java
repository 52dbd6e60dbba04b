package skbstress.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Traces every id of {@code specs/}: the model checks each invariant (I-), a test names every invariant
 * and every implementation property (P-), and nothing in the code names an id that the specs lack. Also keeps the specs' "Tests:" references pointing at real tests.
 */
class SpecTraceTest {
    private static final Path CHECKER =
            Path.of("model/src/main/java/skbstress/model/InvariantChecker.java");

    @Test
    void specsDefineIdsInEveryArea() {
        Set<String> ids = SpecIds.defined();
        assertThat(ids).hasSizeGreaterThan(30);
        for (String area : List.of("GEOM", "USERS", "REF", "DATA", "FCLONE", "FRAG", "ZC", "ZCDRV", "FLIP", "SLAB",
                "DESTR")) {
            assertThat(ids).as("area %s", area).anyMatch(id -> id.startsWith("I-" + area + "-"));
        }
    }

    @Test
    void everyInvariantHasACheckInTheModelsInvariantChecker() {
        Set<String> checked = SpecIds.idsIn(SpecIds.root().resolve(CHECKER));
        Set<String> missing = new TreeSet<>(SpecIds.invariants());
        missing.removeAll(checked);
        assertThat(missing).as("ids in specs/ without a check in %s", CHECKER).isEmpty();
    }

    @Test
    void everyIdIsNamedByATest() {
        Set<String> named = new LinkedHashSet<>();
        for (Path dir : SpecIds.sourceDirs("test")) {
            for (Path f : SpecIds.files(dir, ".java")) {
                named.addAll(SpecIds.idsIn(f));
            }
        }
        Set<String> missing = new TreeSet<>(SpecIds.defined());
        missing.removeAll(named);
        assertThat(missing).as("ids in specs/ that no test names").isEmpty();
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
}
