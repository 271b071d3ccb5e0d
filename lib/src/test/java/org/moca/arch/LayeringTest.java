package org.moca.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one-way data flow of DESIGN.md §2, checked on the compiled classes so that it stays true:
 *
 * <pre>
 *   infra  <-  graph  <-  sim  <-  scenario  <-  (opt, policy)  <-  twin
 *          <-  (meta, replay, schedule, hyper, rl, baseline)  <-  agent  <-  experiment  <-  (cli, bench)
 * </pre>
 *
 * {@code viz} (presentation) stands on {@code infra} only. Nothing below imports anything above it, and no two
 * packages depend on each other in a cycle.
 */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.moca");
    }

    @Test
    void layersOnlyDependDownwards() {
        ArchRule rule = layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("infra")
                .definedBy("org.moca.infra..")
                .layer("viz")
                .definedBy("org.moca.viz..")
                .layer("graph")
                .definedBy("org.moca.graph..")
                .layer("sim")
                .definedBy("org.moca.sim..")
                .layer("scenario")
                .definedBy("org.moca.scenario..")
                .layer("opt")
                .definedBy("org.moca.opt..")
                .layer("policy")
                .definedBy("org.moca.policy..")
                .layer("twin")
                .definedBy("org.moca.twin..")
                .layer("learners")
                .definedBy(
                        "org.moca.meta..",
                        "org.moca.replay..",
                        "org.moca.schedule..",
                        "org.moca.hyper..",
                        "org.moca.rl..",
                        "org.moca.baseline..")
                .layer("agent")
                .definedBy("org.moca.agent..")
                .layer("experiment")
                .definedBy("org.moca.experiment..")
                .layer("top")
                .definedBy("org.moca.cli..", "org.moca.bench..")
                .whereLayer("top")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("experiment")
                .mayOnlyBeAccessedByLayers("top")
                .whereLayer("agent")
                .mayOnlyBeAccessedByLayers("experiment", "top")
                .whereLayer("learners")
                .mayOnlyBeAccessedByLayers("agent", "experiment", "top")
                .whereLayer("twin")
                .mayOnlyBeAccessedByLayers("learners", "agent", "experiment", "top")
                .whereLayer("opt")
                .mayOnlyBeAccessedByLayers("twin", "learners", "agent", "experiment", "top")
                .whereLayer("policy")
                .mayOnlyBeAccessedByLayers("twin", "learners", "agent", "experiment", "top")
                .whereLayer("scenario")
                .mayOnlyBeAccessedByLayers("opt", "policy", "twin", "learners", "agent", "experiment", "top")
                .whereLayer("sim")
                .mayOnlyBeAccessedByLayers(
                        "scenario", "opt", "policy", "twin", "learners", "agent", "experiment", "top")
                .whereLayer("graph")
                .mayOnlyBeAccessedByLayers(
                        "sim", "scenario", "opt", "policy", "twin", "learners", "agent", "experiment", "top")
                .whereLayer("viz")
                .mayOnlyBeAccessedByLayers("experiment", "top");
        rule.check(classes);
    }

    @Test
    void infrastructureUsesOnlyTheJdkAndGeneralLibraries() {
        noClasses()
                .that()
                .resideInAPackage("org.moca.infra..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages(
                        "org.moca.infra..",
                        "java..",
                        "javax..",
                        "com.fasterxml..",
                        "org.apache.commons..",
                        "tech.tablesaw..")
                .because("infra sits below every layer")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.moca.(*)..").should().beFreeOfCycles().check(classes);
    }
}
