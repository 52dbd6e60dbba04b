package skbstress.usercheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import skbstress.subject.SubjectContracts;
import skbstress.subject.Subjects;

/**
 * Every subject on the class path through the capability contracts, from a package of its own and through
 * the public entry point only, as a user's project runs its own subject.
 */
class SubjectContractsTest {
    @TestFactory
    Stream<DynamicNode> everySubjectKeepsTheContractsOfItsCapabilities() {
        return Subjects.all().stream().map(s -> DynamicContainer.dynamicContainer(s.name(), SubjectContracts.of(s)));
    }

    @Test
    void eachCapabilityHasContractChecksNamedWithItsId() {
        List<String> names = SubjectContracts.of(Subjects.named("skbstress")).map(DynamicTest::getDisplayName).toList();
        assertThat(names).as("P-SUBJ-1: the object allocator's checks").filteredOn(n -> n.startsWith("P-SUBJ-1 "))
                .hasSize(4);
        assertThat(names).as("P-SUBJ-2: the reference count's checks").filteredOn(n -> n.startsWith("P-SUBJ-2 "))
                .hasSize(3);
        assertThat(names).as("P-SUBJ-3: the shared views' checks").filteredOn(n -> n.startsWith("P-SUBJ-3 "))
                .hasSize(3);
    }

    @Test
    void everyShippedSubjectIsFoundWithItsCapabilities() {
        assertThat(Subjects.all()).extracting(skbstress.api.subject.Subject::name).containsExactly("jdk",
                "netty-adaptive", "netty-adaptive-direct", "netty-pooled", "netty-pooled-direct", "recycler", "skbstress");
        assertThat(Subjects.named("recycler").capabilities()).containsExactly(
                skbstress.api.subject.Capability.OBJECT_ALLOCATOR);
        assertThat(Subjects.named("netty-adaptive").capabilities()).containsExactly(
                skbstress.api.subject.Capability.REFERENCE_COUNT, skbstress.api.subject.Capability.SHARED_VIEWS);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Subjects.named("nope"))
                .hasMessageContaining("no subject named 'nope'").hasMessageContaining("netty-pooled");
    }
}
