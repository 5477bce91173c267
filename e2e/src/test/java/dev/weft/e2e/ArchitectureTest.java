package dev.weft.e2e;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The house rules that Maven's module graph cannot see: no cycle between packages (Maven only
 * forbids cycles between modules), and product code that stays in its layer.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainCode() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.weft");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.weft.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void onlyTheCliUsesPicocli() {
        noClasses().that().resideOutsideOfPackage("dev.weft.cli..").should().dependOnClassesThat()
                .resideInAPackage("picocli..").check(main);
    }

    @Test
    void pluginsDoNotReachTheClusterOrTheRuntime() {
        // dev.weft.ipam.cluster is the cluster-wide IPAM: the datastore is its point
        noClasses().that().resideInAnyPackage("dev.weft.plugins..", "dev.weft.ipam.hostlocal..", "dev.weft.ipam.staticip..",
                        "dev.weft.sdk..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.weft.cluster..", "dev.weft.store..",
                        "dev.weft.runtime..", "dev.weft.node..")
                .check(main);
    }

    @Test
    void nothingBelowTheNodeKnowsTheLabOrTheBenchmarks() {
        noClasses().that().resideOutsideOfPackages("dev.weft.lab..", "dev.weft.bench..", "dev.weft.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.weft.lab..", "dev.weft.bench..", "dev.weft.cli..")
                .check(main);
    }
}
