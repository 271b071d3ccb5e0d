package org.moca.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorFormatterTest {
    @Test
    void userFramesEndWhereReflectionIntoTheSnippetBegins() {
        StackTraceElement[] frames = {
            new StackTraceElement("REPL.$JShell$14", "explode", "#14", 1),
            new StackTraceElement("REPL.$JShell$15", "do_it$", "#15", 1),
            new StackTraceElement("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", null, -2),
            new StackTraceElement("org.moca.kernel.eval.KernelExecutionControl", "invoke", "K.java", 9)
        };
        List<StackTraceElement> kept = ErrorFormatter.userFrames(frames);
        assertEquals(2, kept.size());
        StackTraceElement[] throughDisplay = {
            new StackTraceElement("org.moca.kernel.display.Renderers", "render", "Renderers.java", 80),
            new StackTraceElement("org.moca.kernel.runtime.Display", "display", "Display.java", 60),
            new StackTraceElement("java.lang.reflect.Method", "invoke", "Method.java", 568),
            new StackTraceElement("REPL.$JShell$16", "do_it$", "#16", 1),
            new StackTraceElement("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", null, -2)
        };
        assertEquals(
                List.of(throughDisplay[2], throughDisplay[3]),
                ErrorFormatter.userFrames(throughDisplay),
                "kernel frames go, the user's own reflection stays");
        StackTraceElement[] userThread = {
            new StackTraceElement("REPL.$JShell$17$1", "run", "#17", 3),
            new StackTraceElement("java.lang.Thread", "run", "Thread.java", 833)
        };
        assertEquals(2, ErrorFormatter.userFrames(userThread).size());
        assertEquals("explode(#14:1)", ErrorFormatter.frame(kept.get(0)));
        assertEquals(
                "Inner.run(#3:2)", ErrorFormatter.frame(new StackTraceElement("REPL.$JShell$3$Inner", "run", "#3", 2)));
        assertEquals(
                "java.util.Objects.requireNonNull(Objects.java:209)",
                ErrorFormatter.frame(
                        new StackTraceElement("java.util.Objects", "requireNonNull", "Objects.java", 209)));
    }
}
