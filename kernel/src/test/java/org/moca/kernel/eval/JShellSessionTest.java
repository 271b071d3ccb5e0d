package org.moca.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.moca.kernel.runtime.CellGuard;

/** JShell with local execution on one evaluation thread, as the kernel runs it (no sockets). */
class JShellSessionTest {
    private static EvaluationThread thread;
    private static JShellSession session;

    @BeforeAll
    static void start() throws Exception {
        thread = new EvaluationThread(JShellSessionTest.class.getClassLoader());
        session = thread.call(() -> {
            JShellSession s = new JShellSession(System.err);
            Thread.currentThread().setContextClassLoader(s.classLoader());
            return s;
        });
    }

    @AfterAll
    static void stop() throws Exception {
        thread.call(() -> {
            session.close();
            return null;
        });
    }

    private static <T> T on(Callable<T> work) throws Exception {
        return thread.call(work);
    }

    /** Evaluates one cell; like the kernel, a new cell clears the interrupt flag when it starts. */
    private static Object eval(String code) throws Exception {
        CellGuard.clearStop();
        return on(() -> {
            session.beginCell();
            return session.eval(code);
        });
    }

    @Test
    void expressionsKeepTheRealObjectAndDeclarationsHaveNoValue() throws Exception {
        assertSame(JShellSession.NO_VALUE, eval("var list = new ArrayList<Integer>(List.of(1, 2));"));
        Object list = eval("list");
        assertTrue(list instanceof java.util.ArrayList<?>, "the object itself, not its string: " + list);
        assertEquals(3, eval("list.add(3); list.size()"));
        assertSame(JShellSession.NO_VALUE, eval("System.out.print(\"\")"), "a void call has no value");
        assertSame(JShellSession.NO_VALUE, eval("int square(int x) { return x * x; }"));
        assertEquals(49, eval("square(7)"));
    }

    @Test
    void cellsRunOnTheEvaluationThreadWithTheNotebookLoader() throws Exception {
        assertEquals(
                "moca-kernel-eval moca-notebook",
                eval(
                        "Thread.currentThread().getName() + \" \" + Thread.currentThread().getContextClassLoader().getName()"));
    }

    @Test
    void compileErrorsNameTheDiagnosticAndPointAtIt() {
        CellException e = assertThrows(CellException.class, () -> eval("int broken = \"text\";"));
        assertEquals("CompilationException", e.ename());
        assertTrue(e.evalue().contains("incompatible types"), e.evalue());
        assertTrue(
                e.traceback().stream().anyMatch(l -> l.trim().equals("^")),
                e.traceback().toString());
    }

    @Test
    void runtimeErrorsShowTheUsersTypeMessageAndFramesOnly() throws Exception {
        eval("void fail(String why) { throw new UnsupportedOperationException(why); }");
        CellException e = assertThrows(CellException.class, () -> eval("fail(\"nope\")"));
        assertEquals("java.lang.UnsupportedOperationException", e.ename());
        assertEquals("nope", e.evalue());
        String trace = String.join("\n", e.traceback());
        assertTrue(trace.contains("fail("), trace);
        assertFalse(
                trace.contains("org.moca.kernel") || trace.contains("jdk.jshell") || trace.contains("reflect"), trace);
    }

    @Test
    void anInfiniteLoopStopsOnInterruptAndTheSessionGoesOn() throws Exception {
        CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
            try {
                return eval("long n = 0; while (true) { n++; }");
            } catch (Exception e) {
                return e;
            }
        });
        Thread.sleep(500);
        session.interrupt();
        Object outcome = running.get(30, TimeUnit.SECONDS);
        assertTrue(
                outcome instanceof CellException c && c.ename().equals("EvaluationInterruptedException"),
                "outcome: " + outcome);
        assertEquals(2, eval("1 + 1"));
    }

    @Test
    void anInterruptBeforeTheCellStartsKeepsItFromRunning() throws Exception {
        eval("int runs = 0;");
        CellGuard.requestStop();
        CellException e = assertThrows(CellException.class, () -> on(() -> session.eval("runs++;")));
        assertEquals("EvaluationInterruptedException", e.ename());
        assertEquals(0, eval("runs"));
    }

    @Test
    void completionInspectionAndCompleteness() throws Exception {
        JShellSession.Completion c = on(() -> session.complete("Math.ma", 7));
        assertTrue(
                c.matches().stream().anyMatch(m -> m.startsWith("max(")),
                c.matches().toString());
        assertEquals(5, c.start());
        String doc = on(() -> session.inspect("Math.max(1, 2)", 7));
        assertTrue(doc != null && doc.contains("max(int"), String.valueOf(doc));
        assertEquals("complete", on(() -> session.isComplete("int x = 1;")));
        assertEquals("incomplete", on(() -> session.isComplete("if (true) {")));
        // Spec 5.3 "Code completeness": "invalid" for code that can never compile, not "complete".
        assertEquals("invalid", on(() -> session.isComplete("1 +* 2")));
        assertEquals("invalid", on(() -> session.isComplete("int 1x = 3;")));
        assertEquals("complete", on(() -> session.isComplete("undefinedMethod(1)")), "unknown names still parse");
        assertEquals("complete", on(() -> session.isComplete("import java.time.*;\nvar d = 1 + 2;\nd * 2")));
        assertEquals(
                List.of(),
                on(() -> session.complete("", 0)).matches().stream()
                        .filter(m -> m.contains("$warm"))
                        .toList());
    }

    @Test
    void javadocMarkupBecomesText() {
        assertEquals(
                "Returns the greater of two int values.\nSee Math.min.",
                JShellSession.plainJavadoc("Returns the greater of two {@code int} values.<p>See {@link Math#min}.")
                        .replace("#", "."));
    }

    @Test
    void aCellsSystemExitThrowsInsteadOfEndingTheKernel() throws Exception {
        for (String exit : List.of(
                "System.exit(3)",
                "Runtime.getRuntime().exit(4)",
                "Runtime.getRuntime().halt(5)",
                "java.util.function.IntConsumer f = System::exit; f.accept(6)")) {
            CellException e = assertThrows(CellException.class, () -> eval(exit), exit);
            assertEquals("java.lang.SecurityException", e.ename(), exit);
            assertTrue(e.evalue().contains("blocked"), e.evalue());
        }
        assertEquals(2, eval("1 + 1"), "the JVM is still here");
    }

    @Test
    void aLoopInACellDeclaredClassAndInAnotherThreadStopsToo() throws Exception {
        eval("class Spinner { static long spin() { long n = 0; for (;;) { n++; } } }");
        CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
            try {
                return eval("Spinner.spin()");
            } catch (Exception e) {
                return e;
            }
        });
        Thread.sleep(500);
        session.interrupt();
        Object outcome = running.get(30, TimeUnit.SECONDS);
        assertTrue(
                outcome instanceof CellException c && c.ename().equals("EvaluationInterruptedException"),
                "outcome: " + outcome);
        assertEquals(3, eval("1 + 2"));
    }

    @Test
    void aStackOverflowShowsAReadableTraceback() {
        CellException e =
                assertThrows(CellException.class, () -> eval("int down(int n) { return down(n + 1) + 1; }\ndown(0)"));
        assertEquals("java.lang.StackOverflowError", e.ename());
        assertTrue(
                e.traceback().size() <= ErrorFormatter.MAX_FRAMES + 4,
                e.traceback().size() + " lines");
        assertTrue(
                e.traceback().stream().anyMatch(l -> l.contains("frames omitted")), String.join("\n", e.traceback()));
    }
}
