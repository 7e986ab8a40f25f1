package io.valet.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The resource module must be able to move into a service of its own, so it may use nothing
 * of the authorization server except the read-only revocation view.
 */
class ResourceModuleArchitectureTest {

    private static final JavaClasses VALET = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.valet");

    @Test
    void resourceModuleUsesOnlyRevocationView() {
        DescribedPredicate<JavaClass> otherValetClasses = new DescribedPredicate<>(
                "Valet classes outside io.valet.resource other than RevocationView") {
            @Override
            public boolean test(JavaClass target) {
                return target.getPackageName().startsWith("io.valet")
                        && !target.getPackageName().startsWith("io.valet.resource")
                        && !target.getName().equals("io.valet.revocation.RevocationView");
            }
        };
        ArchRule rule = noClasses().that().resideInAPackage("io.valet.resource..")
                .should().dependOnClassesThat(otherValetClasses);
        rule.check(VALET);
    }

    @Test
    void importedClassesIncludeResourceModule() {
        // Guards the rule above against passing on an empty import.
        if (VALET.stream().noneMatch(c -> c.getPackageName().equals("io.valet.resource"))) {
            throw new AssertionError("no class of io.valet.resource was imported");
        }
    }
}
