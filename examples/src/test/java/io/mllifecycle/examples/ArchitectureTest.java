package io.mllifecycle.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The package and module arrows of DESIGN.md, checked on the compiled main classes of every module on this
 * module's class path: a new arrow fails the build.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/examples/"))
            .importPackages("io.mllifecycle");

    private static final String[] CORE_SUBPACKAGES = {"io.mllifecycle.tracking..", "io.mllifecycle.registry..",
        "io.mllifecycle.gate..", "io.mllifecycle.audit..", "io.mllifecycle.monitoring..",
        "io.mllifecycle.retirement..", "io.mllifecycle.profile..", "io.mllifecycle.internal..",
        "io.mllifecycle.quality.."};
    private static final String[] CORE = {"io.mllifecycle", "io.mllifecycle.tracking..", "io.mllifecycle.registry..",
        "io.mllifecycle.gate..", "io.mllifecycle.audit..", "io.mllifecycle.monitoring..",
        "io.mllifecycle.retirement..", "io.mllifecycle.profile..", "io.mllifecycle.internal..",
        "io.mllifecycle.quality.."};
    private static final String[] STORE_IMPLEMENTATIONS = {"io.mllifecycle.store.file..", "io.mllifecycle.store.jdbc..",
        "io.mllifecycle.store.s3.."};

    @Test
    @DisplayName("core's packages have no cycles")
    void corePackages_noCycles() {
        slices().matching("io.mllifecycle.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    @DisplayName("core's sub-packages never reach back into the facade package")
    void subPackages_doNotUseFacade() {
        noClasses().that().resideInAnyPackage(CORE_SUBPACKAGES).should().dependOnClassesThat()
                .resideInAPackage("io.mllifecycle").check(CLASSES);
    }

    @Test
    @DisplayName("core's internal package depends on no other core package")
    void internal_isALeaf() {
        noClasses().that().resideInAPackage("io.mllifecycle.internal..").should().dependOnClassesThat()
                .resideInAnyPackage("io.mllifecycle", "io.mllifecycle.tracking..", "io.mllifecycle.registry..",
                        "io.mllifecycle.gate..", "io.mllifecycle.audit..", "io.mllifecycle.monitoring..",
                        "io.mllifecycle.retirement..", "io.mllifecycle.profile..", "io.mllifecycle.quality..")
                .check(CLASSES);
    }

    @Test
    @DisplayName("quality uses drift's data types and the store API, never the facade or another core package")
    void quality_isALeafOfCore() {
        noClasses().that().resideInAPackage("io.mllifecycle.quality..").should().dependOnClassesThat()
                .resideInAnyPackage("io.mllifecycle", "io.mllifecycle.tracking..", "io.mllifecycle.registry..",
                        "io.mllifecycle.gate..", "io.mllifecycle.audit..", "io.mllifecycle.monitoring..",
                        "io.mllifecycle.retirement..", "io.mllifecycle.profile..", "io.mllifecycle.internal..")
                .check(CLASSES);
    }

    @Test
    @DisplayName("store-api depends on nothing else of ours")
    void storeApi_dependsOnNothingOfOurs() {
        noClasses().that().resideInAnyPackage("io.mllifecycle.store", "io.mllifecycle.store.spi..",
                "io.mllifecycle.store.memory..").should().dependOnClassesThat()
                .resideInAnyPackage(concat(CORE, STORE_IMPLEMENTATIONS, new String[] {"io.mllifecycle.drift.."}))
                .check(CLASSES);
    }

    @Test
    @DisplayName("drift depends on neither core nor any store")
    void drift_isStandalone() {
        noClasses().that().resideInAPackage("io.mllifecycle.drift..").should().dependOnClassesThat()
                .resideInAnyPackage(concat(CORE, new String[] {"io.mllifecycle.store.."})).check(CLASSES);
    }

    @Test
    @DisplayName("core depends on no store implementation")
    void core_usesNoStoreImplementation() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat()
                .resideInAnyPackage(STORE_IMPLEMENTATIONS).check(CLASSES);
    }

    @Test
    @DisplayName("a store depends on neither core, drift nor another store")
    void stores_areIndependent() {
        noClasses().that().resideInAPackage("io.mllifecycle.store.file..").should().dependOnClassesThat()
                .resideInAnyPackage(concat(CORE, new String[] {"io.mllifecycle.drift..", "io.mllifecycle.store.jdbc..",
                    "io.mllifecycle.store.s3.."})).check(CLASSES);
        noClasses().that().resideInAPackage("io.mllifecycle.store.jdbc..").should().dependOnClassesThat()
                .resideInAnyPackage(concat(CORE, new String[] {"io.mllifecycle.drift..", "io.mllifecycle.store.file..",
                    "io.mllifecycle.store.s3.."})).check(CLASSES);
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }
}
